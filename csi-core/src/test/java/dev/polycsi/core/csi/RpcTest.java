package dev.polycsi.core.csi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import csi.v1.Csi;
import org.junit.jupiter.api.Test;

class RpcTest {

    @Test
    void aHugeRequestIsLoggedCutWithItsSecretsStillStripped() {
        String huge = "x".repeat(4 << 20);
        Csi.CreateVolumeRequest request = Csi.CreateVolumeRequest.newBuilder()
                .setName("pvc-1")
                .putSecrets("password", "marker-secret")
                .putParameters("backend", "ebs")
                // printed after the secrets (field 7 after 5), so the cut keeps them in the line
                .setAccessibilityRequirements(Csi.TopologyRequirement.newBuilder()
                        .addRequisite(Csi.Topology.newBuilder().putSegments("huge", huge)))
                .build();

        String logged = Rpc.loggedRequest(request);

        assertTrue(logged.length() < Rpc.MAX_LOGGED_REQUEST_CHARS + 64, "a line of bounded size: " + logged.length());
        assertTrue(logged.endsWith(" more characters)"), logged.substring(logged.length() - 80));
        assertTrue(logged.contains("pvc-1"), "the start of the request is kept");
        assertTrue(logged.contains("password"), "which secret was sent is shown");
        assertFalse(logged.contains("marker-secret"));
    }

    @Test
    void anOrdinaryRequestIsLoggedWhole() {
        Csi.DeleteVolumeRequest request = Csi.DeleteVolumeRequest.newBuilder().setVolumeId("ebs:vol-0123456789abcdef0").build();

        assertEquals(Redactor.toLogString(request), Rpc.loggedRequest(request));
    }
}
