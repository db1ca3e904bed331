package dev.polycsi.fsx.lustre.params;

import static dev.polycsi.fsx.lustre.params.Requests.invalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VolumeContextTest {

    private static final String DNS = "fs-0199e5a63bd90f796.fsx.us-east-1.amazonaws.com";

    @Test
    void theOfficialStaticVolumeIsRead() {
        VolumeContext context = VolumeContext.parse(Map.of("dnsname", DNS, "mountname", "rotjrbmv"));
        assertEquals(new VolumeContext(DNS, "rotjrbmv"), context);
        assertEquals(DNS + "@tcp:/rotjrbmv", context.mountSource());
    }

    @Test
    void mountNameDefaultsToFsxAsScratch1FileSystemsHave() {
        assertEquals("fsx", VolumeContext.parse(Map.of("dnsname", DNS)).mountName());
    }

    @Test
    void dnsNameIsRequired() {
        invalid(() -> VolumeContext.parse(Map.of("mountname", "fsx")), "dnsname", "required");
        invalid(() -> VolumeContext.parse(Map.of()), "dnsname", "required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DNSName", "dnsName", "MountName", "skipFinalBackup", "path"})
    void otherKeysAreRefusedAndKeysAreCaseSensitive(String key) {
        invalid(() -> VolumeContext.parse(Map.of("dnsname", DNS, key, "x")), "'" + key + "'", "dnsname", "mountname");
    }

    @Test
    void keysTheKubernetesSideAddsAreIgnored() {
        VolumeContext context = VolumeContext.parse(Map.of("dnsname", DNS, "csi.storage.k8s.io/pv/name", "pv-1",
                "storage.kubernetes.io/csiProvisionerIdentity", "1700000000000-8081-aws.polycsi.dev"));
        assertEquals(new VolumeContext(DNS, "fsx"), context);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fs-1@tcp:/x", "host name", "-bad.example.com", "a..b", "fs/0199"})
    void aDnsNameThatIsNoHostIsRefused(String dnsName) {
        invalid(() -> VolumeContext.parse(Map.of("dnsname", dnsName)), "dnsname");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.1.25", "lustre.internal.example.com", "fsx"})
    void addressesAndAliasesAreHosts(String dnsName) {
        assertEquals(dnsName, VolumeContext.parse(Map.of("dnsname", dnsName)).dnsName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "toolongname", "a/b", "a b", "@tcp"})
    void aMountNameFsxWouldNotGiveIsRefused(String mountName) {
        invalid(() -> VolumeContext.parse(Map.of("dnsname", DNS, "mountname", mountName)), "mountname");
    }

    @Test
    void theContextRoundTrips() {
        VolumeContext context = new VolumeContext(DNS, "knkipbmv");
        assertEquals(Map.of("dnsname", DNS, "mountname", "knkipbmv"), context.toMap());
        assertEquals(context, VolumeContext.parse(context.toMap()));
    }

    // ---- the volume handle -----------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"fs-0199e5a63bd90f796", "fs-0123abcd"})
    void fileSystemIdsAreVolumeIds(String id) {
        assertEquals(id, LustreVolumeId.parse(id).fileSystemId());
        assertEquals(Optional.of(new LustreVolumeId(id)), LustreVolumeId.find(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fs-", "fs-0123abc", "fs-0199E5A63BD90F796", "fs-0199e5a63bd90f7961", "fsvol-0123456789abcdef0",
            "fc-0123456789abcdef0", "efs:fs-0123abcd", "fs-0123abcd/sub"})
    void otherVolumeIdsAreRefused(String id) {
        String message = invalid(() -> LustreVolumeId.parse(id), "volume ID", "fs-");
        assertTrue(message.contains("'" + id + "'"), message);
        assertEquals(Optional.empty(), LustreVolumeId.find(id));
        assertThrows(IllegalArgumentException.class, () -> new LustreVolumeId(id));
    }
}
