package dev.polycsi.efs.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VolumeContextTest {

    @Test
    void defaultsToEncryptionInTransit() {
        VolumeContext context = VolumeContext.parse(Map.of());
        assertTrue(context.encryptInTransit());
        assertEquals(Optional.empty(), context.mountTargetIp(Optional.empty()));
    }

    @Test
    void readsTheOfficialKeysWithoutRegardToCase() {
        VolumeContext context = VolumeContext.parse(Map.of("EncryptInTransit", "false", "mounttargetip", "10.0.1.5",
                "crossAccount", "true", "storage.kubernetes.io/csiProvisionerIdentity", "123-efs", "csi.storage.k8s.io/ephemeral", "false"));
        assertFalse(context.encryptInTransit());
        assertTrue(context.crossAccount());
        assertEquals(Optional.of("10.0.1.5"), context.mountTargetIp(Optional.empty()));
    }

    @Test
    void picksTheMountTargetOfTheNodesZone() {
        VolumeContext context = VolumeContext.parse(Map.of("mounttargetip", "use1-az1:10.0.1.5,use1-az2:10.0.2.5"));
        assertEquals(Optional.of("10.0.2.5"), context.mountTargetIp(Optional.of("use1-az2")));
        assertEquals(CsiException.Code.INVALID_ARGUMENT,
                assertThrows(CsiException.class, () -> context.mountTargetIp(Optional.of("use1-az3"))).code());
        assertEquals(CsiException.Code.FAILED_PRECONDITION,
                assertThrows(CsiException.class, () -> context.mountTargetIp(Optional.empty())).code());
    }

    @Test
    void refusesUnknownKeysAndBadValuesNamingTheKey() {
        for (Map<String, String> bad : java.util.List.of(Map.of("fsType", "efs"), Map.of("encryptInTransit", "yes"),
                Map.of("mounttargetip", "somewhere"), Map.of("path", "relative"))) {
            CsiException e = assertThrows(CsiException.class, () -> VolumeContext.parse(bad));
            assertEquals(CsiException.Code.INVALID_ARGUMENT, e.code());
            String key = bad.keySet().iterator().next();
            assertTrue(e.getMessage().contains(key), e.getMessage());
        }
    }
}
