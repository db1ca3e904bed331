package dev.polycsi.fsx.ontap.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.fsx.node.NetworkMount;
import dev.polycsi.spi.CsiException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the node mounts for a volume context: the SVM's export at the junction path, with the class's options and then the PV's. */
class OntapVolumesTest {

    private static final String DNS = "svm-0123456789abcdef0.fs-0fedcba9876543210.fsx.us-east-1.amazonaws.com";
    private static final String ID = "fsvol-0123456789abcdef0";

    private static NetworkMount mount(Map<String, String> context, boolean readOnly, String... flags) {
        return OntapVolumes.INSTANCE.mountFor(ID, context, readOnly, List.of(flags));
    }

    private static String invalid(Map<String, String> context, String... fragments) {
        CsiException e = assertThrows(CsiException.class, () -> mount(context, false));
        assertEquals(CsiException.Code.INVALID_ARGUMENT, e.code(), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), e.getMessage());
        }
        return e.getMessage();
    }

    @Test
    void mountsTheJunctionPathOverNfsWithAwssRecommendedOptionsByDefault() {
        NetworkMount mount = mount(Map.of("dnsname", DNS, "junctionPath", "/pvc_1"), false);
        assertEquals(DNS + ":/pvc_1", mount.source());
        assertEquals("nfs", mount.fsType());
        assertEquals(List.of("hard", "nfsvers=4.1"), mount.options());
    }

    @Test
    void theClassesOptionsComeFirstThenThePvsAndReadOnlyLeads() {
        NetworkMount mount = mount(Map.of("dnsname", DNS, "junctionPath", "/pvc_1", "nfsMountOptions", "nfsvers=3,nconnect=8"), true,
                "noatime", "rw");
        assertEquals(List.of("ro", "nfsvers=3", "nconnect=8", "noatime"), mount.options());
        assertTrue(mount.readOnly());
        assertEquals(List.of("lookupcache=none"),
                mount(Map.of("dnsname", DNS, "junctionPath", "/pvc_1", "nfsMountOptions", ""), false, "lookupcache=none").options(),
                "an empty nfsMountOptions means none but the PV's");
    }

    @Test
    void contextsThatCouldMountSomethingElseAreRefused() {
        invalid(Map.of("junctionPath", "/pvc_1"), "dnsname", "required");
        invalid(Map.of("dnsname", DNS), "junctionPath", "required");
        invalid(Map.of("dnsname", DNS + ":/other", "junctionPath", "/pvc_1"), "dnsname");
        invalid(Map.of("dnsname", DNS, "junctionPath", "pvc_1"), "junctionPath");
        invalid(Map.of("dnsname", DNS, "junctionPath", "/pvc_1/../other"), "junctionPath");
        invalid(Map.of("dnsname", DNS, "junctionPath", "/pvc 1"), "junctionPath");
        invalid(Map.of("dnsname", DNS, "junctionPath", "/pvc_1", "nfsMountOptions", "bind"), "nfsMountOptions", "bind");
        invalid(Map.of("dnsname", DNS, "junctionPath", "/pvc_1", "DNSName", DNS), "'DNSName'");
        CsiException flag = assertThrows(CsiException.class, () -> mount(Map.of("dnsname", DNS, "junctionPath", "/pvc_1"), false, "remount"));
        assertEquals(CsiException.Code.INVALID_ARGUMENT, flag.code());
    }

    @Test
    void kubernetesKeysAreIgnoredAndTheContextRoundTrips() {
        OntapContext context = OntapContext.parse(Map.of("dnsname", DNS, "junctionPath", "/vols/pvc_1",
                "csi.storage.k8s.io/pv/name", "pvc-1", "storage.kubernetes.io/csiProvisionerIdentity", "x"));
        assertEquals(new OntapContext(DNS, "/vols/pvc_1", Optional.empty()), context);
        assertEquals(context, OntapContext.parse(context.toMap()));
    }

    @Test
    void idsAreFsxVolumeIdsAndBlockIsExplained() {
        assertEquals(ID, OntapVolumes.INSTANCE.parseId(ID));
        assertThrows(CsiException.class, () -> OntapVolumes.INSTANCE.parseId("fs-0123456789abcdef0"));
        assertTrue(OntapVolumes.INSTANCE.blockRefusal().contains("iSCSI"));
    }
}
