package dev.polycsi.fsx.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VolumeContextTest {

    private static final String DNS = "fs-0199e5a63bd90f796.fsx.us-east-1.amazonaws.com";
    /** FSx for Lustre's default mount name; File Caches have none. */
    private static final Optional<String> FSX = Optional.of("fsx");

    private static String invalid(Executable call, String... names) {
        CsiException e = assertThrows(CsiException.class, call);
        assertEquals(CsiException.Code.INVALID_ARGUMENT, e.code(), e.getMessage());
        for (String name : names) {
            assertTrue(e.getMessage().contains(name), e.getMessage() + " does not name " + name);
        }
        return e.getMessage();
    }

    @Test
    void theOfficialStaticVolumeIsRead() {
        VolumeContext context = VolumeContext.parse(Map.of("dnsname", DNS, "mountname", "rotjrbmv"), FSX);
        assertEquals(new VolumeContext(DNS, "rotjrbmv"), context);
        assertEquals(DNS + "@tcp:/rotjrbmv", context.mountSource());
    }

    @Test
    void mountNameDefaultsToFsxAsScratch1FileSystemsHave() {
        assertEquals("fsx", VolumeContext.parse(Map.of("dnsname", DNS), FSX).mountName());
    }

    @Test
    void withoutADefaultTheMountNameIsRequired() {
        invalid(() -> VolumeContext.parse(Map.of("dnsname", "fc-0123456789abcdef0.fsx.us-east-1.amazonaws.com"), Optional.empty()),
                "mountname", "required");
        String message = invalid(() -> VolumeContext.parse(Map.of("dnsname", DNS, "path", "/x"), Optional.empty()), "'path'");
        assertTrue(message.contains("mountname (required)"), message);
    }

    @Test
    void dnsNameIsRequired() {
        invalid(() -> VolumeContext.parse(Map.of("mountname", "fsx"), FSX), "dnsname", "required");
        invalid(() -> VolumeContext.parse(Map.of(), FSX), "dnsname", "required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DNSName", "dnsName", "MountName", "skipFinalBackup", "path"})
    void otherKeysAreRefusedAndKeysAreCaseSensitive(String key) {
        invalid(() -> VolumeContext.parse(Map.of("dnsname", DNS, key, "x"), FSX), "'" + key + "'", "dnsname", "mountname");
    }

    @Test
    void keysTheKubernetesSideAddsAreIgnored() {
        VolumeContext context = VolumeContext.parse(Map.of("dnsname", DNS, "csi.storage.k8s.io/pv/name", "pv-1",
                "storage.kubernetes.io/csiProvisionerIdentity", "1700000000000-8081-aws.polycsi.dev"), FSX);
        assertEquals(new VolumeContext(DNS, "fsx"), context);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fs-1@tcp:/x", "host name", "-bad.example.com", "a..b", "fs/0199"})
    void aDnsNameThatIsNoHostIsRefused(String dnsName) {
        invalid(() -> VolumeContext.parse(Map.of("dnsname", dnsName), FSX), "dnsname");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.1.25", "lustre.internal.example.com", "fsx"})
    void addressesAndAliasesAreHosts(String dnsName) {
        assertEquals(dnsName, VolumeContext.parse(Map.of("dnsname", dnsName), FSX).dnsName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "toolongname", "a/b", "a b", "@tcp"})
    void aMountNameFsxWouldNotGiveIsRefused(String mountName) {
        invalid(() -> VolumeContext.parse(Map.of("dnsname", DNS, "mountname", mountName), FSX), "mountname");
    }

    @Test
    void theContextRoundTrips() {
        VolumeContext context = new VolumeContext(DNS, "knkipbmv");
        assertEquals(Map.of("dnsname", DNS, "mountname", "knkipbmv"), context.toMap());
        assertEquals(context, VolumeContext.parse(context.toMap(), FSX));
    }
}
