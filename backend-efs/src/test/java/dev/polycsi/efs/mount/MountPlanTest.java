package dev.polycsi.efs.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.polycsi.efs.params.EfsVolumeId;
import dev.polycsi.efs.params.VolumeContext;
import dev.polycsi.spi.CsiException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MountPlanTest {

    static final String FS = "fs-0123456789abcdef0";
    static final String AP = "fsap-0123456789abcdef0";

    private static EfsMount plan(String handle, Map<String, String> context, boolean readOnly, String... flags) {
        return MountPlan.forPublish(EfsVolumeId.parse(handle), VolumeContext.parse(context), readOnly, List.of(flags), Optional.of("use1-az1"));
    }

    @Test
    void accessPointMountsUseTlsAndTheAccessPoint() {
        assertEquals(new EfsMount(FS + ":/", List.of("accesspoint=" + AP, "tls")), plan(FS + "::" + AP, Map.of(), false));
        assertEquals(new EfsMount(FS + ":/sub", List.of("accesspoint=" + AP, "tls", "ro", "iam")),
                plan(FS + ":/sub:" + AP, Map.of(), true, "iam", "tls"));
        assertEquals(new EfsMount(FS + ":/", List.of("accesspoint=" + AP, "tls")), plan(FS + "::" + AP, Map.of("encryptInTransit", "false"), false),
                "an access point needs TLS whatever encryptInTransit says");
    }

    @Test
    void fileSystemMountsFollowTheVolumeContext() {
        assertEquals(new EfsMount(FS + ":/", List.of("tls")), plan(FS, Map.of(), false));
        assertEquals(new EfsMount(FS + ":/data", List.of("mounttargetip=10.0.1.5", "ro", "noresvport")),
                plan(FS + ":/data", Map.of("encryptInTransit", "false", "mounttargetip", "use1-az1:10.0.1.5"), true, "noresvport,rw"));
        assertEquals(new EfsMount(FS + ":/legacy", List.of("tls", "crossaccount")),
                plan(FS, Map.of("path", "/legacy", "crossaccount", "true"), false));
    }

    @Test
    void conflictingOptionsAreRefused() {
        assertEquals(CsiException.Code.INVALID_ARGUMENT, assertThrows(CsiException.class,
                () -> plan(FS + "::" + AP, Map.of(), false, "accesspoint=fsap-99999999999999999")).code());
        assertEquals(CsiException.Code.INVALID_ARGUMENT, assertThrows(CsiException.class,
                () -> plan(FS, Map.of("encryptInTransit", "false"), false, "tls")).code());
        assertEquals(new EfsMount(FS + ":/", List.of("tls")), plan(FS, Map.of(), false, "awscredsuri=/x"), "awscredsuri is dropped");
    }

    @Test
    void theControllerMountsTheRootLikeTheOfficialDriver() {
        assertEquals(new EfsMount(FS + ":/", List.of("tls", "iam")), MountPlan.forFileSystemRoot(FS, Optional.empty()));
        // the controller's own mount of another account's file system, as the official driver makes it
        assertEquals(new EfsMount(FS + ":/", List.of("tls", "iam", "mounttargetip=10.1.2.3")),
                MountPlan.forFileSystemRoot(FS, Optional.of("10.1.2.3"), false));
        assertEquals(new EfsMount(FS + ":/", List.of("tls", "iam", "crossaccount")), MountPlan.forFileSystemRoot(FS, Optional.empty(), true));
    }
}
