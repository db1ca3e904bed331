package dev.polycsi.core.csi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import csi.v1.Csi;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Secrets never reach a log line. */
class RedactorTest {

    @Test
    void createVolumeSecretsAreRedactedButTheRestIsKept() {
        Csi.CreateVolumeRequest request = Csi.CreateVolumeRequest.newBuilder()
                .setName("pvc-123")
                .putParameters("type", "gp3")
                .putSecrets("password", "hunter2")
                .putSecrets("token", "s3cr3t-t0ken")
                .build();
        String line = Redactor.toLogString(request);
        assertFalse(line.contains("hunter2"), line);
        assertFalse(line.contains("s3cr3t-t0ken"), line);
        assertTrue(line.contains("password") && line.contains("token"), "which secrets were sent should stay visible: " + line);
        assertTrue(line.contains(Redactor.HIDDEN), line);
        assertTrue(line.contains("pvc-123") && line.contains("gp3"), line);
        assertFalse(line.contains("\n"), "a log line is one line: " + line);
        assertEquals("hunter2", request.getSecretsMap().get("password"), "the request itself is left alone");
    }

    @Test
    void everyRequestWithSecretsIsRedacted() {
        List<Message> requests = List.of(
                Csi.DeleteVolumeRequest.newBuilder().setVolumeId("a:b").putSecrets("password", "hunter2").build(),
                Csi.ControllerPublishVolumeRequest.newBuilder().setVolumeId("a:b").putSecrets("password", "hunter2").build(),
                Csi.NodeStageVolumeRequest.newBuilder().setVolumeId("a:b").putSecrets("password", "hunter2").build(),
                Csi.NodePublishVolumeRequest.newBuilder().setVolumeId("a:b").putSecrets("password", "hunter2").build(),
                Csi.CreateSnapshotRequest.newBuilder().setName("s").putSecrets("password", "hunter2").build(),
                Csi.ControllerExpandVolumeRequest.newBuilder().setVolumeId("a:b").putSecrets("password", "hunter2").build(),
                Csi.NodeExpandVolumeRequest.newBuilder().setVolumeId("a:b").putSecrets("password", "hunter2").build());
        for (Message request : requests) {
            String line = Redactor.toLogString(request);
            assertFalse(line.contains("hunter2"), request.getDescriptorForType().getName() + ": " + line);
            assertTrue(line.contains("password"), line);
        }
    }

    @Test
    void aMessageWithoutSecretsIsPrintedAsItIs() {
        Csi.CreateVolumeRequest request = Csi.CreateVolumeRequest.newBuilder()
                .setName("pvc-1")
                .addVolumeCapabilities(ControllerServiceTest.RWO)
                .build();
        assertSame(request, Redactor.redact(request));
    }
}
