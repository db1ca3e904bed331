package dev.polycsi.fsx.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.mount.MountPoint;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MountPlanTest {

    static final String ID = "fs-0199e5a63bd90f796";
    static final String DNS = "fs-0199e5a63bd90f796.fsx.us-east-1.amazonaws.com";
    static final VolumeContext CONTEXT = new VolumeContext(DNS, "rotjrbmv");
    private static final Path TARGET = Path.of("/var/lib/kubelet/pods/p/volumes/kubernetes.io~csi/pv/mount");

    private static LustreMount plan(boolean readOnly, String... flags) {
        return MountPlan.forPublish(ID, CONTEXT, readOnly, List.of(flags));
    }

    @Test
    void theOfficialDriversMountNoOptionsOfItsOwn() {
        LustreMount mount = plan(false);
        assertEquals(DNS + "@tcp:/rotjrbmv", mount.source());
        assertEquals(List.of(), mount.options());
        assertFalse(mount.readOnly());
    }

    @Test
    void readOnlyComesFirstThenTheFlagsInTheirOrderEachOnce() {
        assertEquals(List.of("ro", "flock", "noatime"), plan(true, "flock", "noatime", "flock").options());
        assertEquals(List.of("flock", "noatime", "user_xattr"), plan(false, "flock,noatime", " user_xattr ", "flock,").options());
    }

    @Test
    void roAmongTheFlagsMakesTheMountReadOnlyAndRwIsDroppedFromOne() {
        LustreMount fromFlags = plan(false, "flock,ro");
        assertTrue(fromFlags.readOnly());
        assertEquals(List.of("ro", "flock"), fromFlags.options());
        assertEquals(List.of("ro", "flock"), plan(true, "rw", "flock").options(), "mount(8) honours the last of ro and rw");
        assertEquals(List.of("rw", "flock"), plan(false, "rw", "flock").options());
    }

    @Test
    void aCommaInsideQuotesIsPartOfTheValue() {
        String selinux = "context=\"system_u:object_r:container_file_t:s0:c0,c1\"";
        assertEquals(List.of("flock", selinux), plan(false, "flock," + selinux).options());
    }

    @ParameterizedTest
    @ValueSource(strings = {"flock noatime", "flock\tnoatime", "flock\nnoatime", "context=\"unbalanced", "bind", "rbind", "remount,ro", "move",
            "loop", "loop=/dev/loop0", "offset=4096", "helper=efs", "X-mount.subdir=/data", "x-mount.idmap=b:0:1000:1", "nodev,\u00e9"})
    void optionsThatWouldChangeWhatMountDoesAreRefusedByName(String flag) {
        CsiException e = assertThrows(CsiException.class, () -> plan(false, "flock", flag));
        assertEquals(CsiException.Code.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains(ID.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("mount option '"), e.getMessage());
    }

    // ---- recognising the mount in mountinfo ---------------------------------------------------------

    private static MountPoint listed(String source, String fsType) {
        return new MountPoint(TARGET, source, fsType, "/", "0:77", List.of("rw", "flock"));
    }

    @Test
    void theKernelListsTheResolvedNidWhichADnsNameCannotBeComparedWith() {
        LustreMount mount = plan(false);
        assertTrue(mount.isMountedAs(listed("10.0.1.25@tcp:/rotjrbmv", "lustre")));
        assertTrue(mount.isMountedAs(listed("10.0.1.25@tcp:10.0.2.25@tcp:/rotjrbmv", "lustre")), "failover NIDs");
        assertTrue(mount.isMountedAs(listed(DNS + "@tcp:/rotjrbmv", "lustre")));
    }

    @Test
    void anotherFileSystemOrTypeIsNotThisMount() {
        LustreMount mount = plan(false);
        assertFalse(mount.isMountedAs(listed("10.0.1.25@tcp:/knkipbmv", "lustre")), "another mount name");
        assertFalse(mount.isMountedAs(listed("10.0.1.25@tcp:/rotjrbmv/sub", "lustre")), "a subdirectory of it");
        assertFalse(mount.isMountedAs(listed("fs-0aaaaaaaaaaaaaaaa.fsx.us-east-1.amazonaws.com@tcp:/rotjrbmv", "lustre")),
                "another server by name");
        assertFalse(mount.isMountedAs(listed("10.0.1.25:/rotjrbmv", "nfs4")));
        assertFalse(mount.isMountedAs(listed("tmpfs", "tmpfs")));
    }

    @Test
    void anAddressInTheContextIsComparedWithTheNids() {
        LustreMount byAddress = MountPlan.forPublish(ID, new VolumeContext("10.0.2.25", "fsx"), false, List.of());
        assertTrue(byAddress.isMountedAs(listed("10.0.1.25@tcp:10.0.2.25@tcp:/fsx", "lustre")));
        assertFalse(byAddress.isMountedAs(listed("10.0.1.25@tcp:/fsx", "lustre")));
    }
}
