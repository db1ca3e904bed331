package dev.polycsi.fsx.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.mount.MountPoint;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NfsMountTest {

    private static final String SVM = "svm-0123456789abcdef0.fs-0fedcba9876543210.fsx.us-east-1.amazonaws.com";
    private static final NfsMount MOUNT = new NfsMount(SVM, "/pvc_1", List.of("hard", "nfsvers=4.1"), false);

    private static MountPoint listed(String source, String fsType) {
        return new MountPoint(Path.of("/target"), source, fsType, "/", "0:80", List.of("rw"));
    }

    @Test
    void mountsTheExportOfTheServer() {
        assertEquals(SVM + ":/pvc_1", MOUNT.source());
        assertEquals("nfs", MOUNT.fsType());
    }

    @Test
    void recognizesItsOwnMountAsTheKernelListsIt() {
        assertTrue(MOUNT.isMountedAs(listed(SVM + ":/pvc_1", "nfs4")), "NFS 4 mounts are listed as nfs4");
        assertTrue(MOUNT.isMountedAs(listed(SVM + ":/pvc_1", "nfs")));
        assertTrue(MOUNT.isMountedAs(listed(SVM.toUpperCase() + ":/pvc_1/", "nfs4")), "case and a trailing slash do not matter");
        assertTrue(MOUNT.isMountedAs(listed("198.19.255.10:/pvc_1", "nfs4")), "a resolved address cannot be told from the name");
    }

    @Test
    void anotherExportServerOrTypeIsNotItsMount() {
        assertFalse(MOUNT.isMountedAs(listed(SVM + ":/pvc_2", "nfs4")));
        assertFalse(MOUNT.isMountedAs(listed(SVM + ":/pvc_1/sub", "nfs4")));
        assertFalse(MOUNT.isMountedAs(listed("other.example.com:/pvc_1", "nfs4")));
        assertFalse(MOUNT.isMountedAs(listed(SVM + ":/pvc_1", "lustre")));
        assertFalse(MOUNT.isMountedAs(listed("/dev/loop3", "ext4")));
        NfsMount byAddress = new NfsMount("198.19.255.10", "/pvc_1", List.of(), false);
        assertFalse(byAddress.isMountedAs(listed("198.19.255.11:/pvc_1", "nfs4")), "two addresses are compared as they are");
    }
}
