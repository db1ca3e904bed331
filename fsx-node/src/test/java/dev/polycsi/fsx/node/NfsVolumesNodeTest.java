package dev.polycsi.fsx.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.node.NodePublishRequest;
import dev.polycsi.spi.node.NodeUnpublishRequest;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node role over NFS, as FSx for ONTAP uses it: the mount the kernel lists as {@code nfs4} is
 * the publish's own, a stale one (ESTALE) is mounted again, a hung unmount is detached, block and
 * other filesystem types are refused in the kind's words.
 */
class NfsVolumesNodeTest {

    private static final String SVM = "svm-0123456789abcdef0.fs-0fedcba9876543210.fsx.us-east-1.amazonaws.com";
    private static final String ID = "fsvol-0123456789abcdef0";

    /** An NFS kind of volume: the context's host and path, {@code hard,nfsvers=4.1} first. */
    private static final NetworkVolumes NFS = new NetworkVolumes() {
        @Override
        public String product() {
            return "NFS test volumes";
        }

        @Override
        public String parseId(String volumeId) {
            return volumeId;
        }

        @Override
        public Set<String> fsTypes() {
            return Set.of("", "nfs", "nfs4");
        }

        @Override
        public String blockRefusal() {
            return "block would need iSCSI";
        }

        @Override
        public NetworkMount mountFor(String id, Map<String, String> context, boolean readOnly, List<String> mountFlags) {
            MountOptions options = MountOptions.forPublish(id, readOnly, List.of("hard", "nfsvers=4.1"), mountFlags);
            return new NfsMount(context.get("host"), context.get("path"), options.options(), options.readOnly());
        }
    };

    @TempDir
    Path dir;

    private final RecordingMounter mounter = new RecordingMounter();

    private static NodePublishRequest publish(Path target, VolumeCapability capability) {
        return new NodePublishRequest(ID, Optional.empty(), target, capability, false, Map.of(), Map.of("host", SVM, "path", "/pvc_1"),
                Secrets.none(), Deadline.NONE);
    }

    private static NodePublishRequest publish(Path target) {
        return publish(target, VolumeCapability.filesystem("", AccessMode.MULTI_NODE_MULTI_WRITER));
    }

    private FsxNode node(MountProbe.Stat stat) {
        return new FsxNode(NFS, mounter, FsxNodeTest.ZONE, NodeOptions.DEFAULTS, stat);
    }

    @Test
    void publishingAgainOverItsNfs4MountIsANoOp() {
        FsxNode node = node(path -> { });
        Path target = dir.resolve("t");
        node.publish(publish(target));
        node.publish(publish(target));
        assertEquals(List.of("mount -t nfs -o hard,nfsvers=4.1 " + SVM + ":/pvc_1 " + target), mounter.calls);
        assertEquals("nfs4", mounter.findMount(target).orElseThrow().fsType());
        node.unpublish(new NodeUnpublishRequest(ID, target, Deadline.NONE));
        assertFalse(mounter.isMounted(target));
    }

    @Test
    void aStaleFileHandleIsMountedAgain() {
        FsxNode node = node(path -> {
            throw new FileSystemException(path.toString(), null, "Stale file handle");
        });
        Path target = dir.resolve("t");
        mounter.listed(target, SVM + ":/pvc_1", "nfs4", "rw");
        node.publish(publish(target));
        assertEquals(List.of("umount " + target, "mount -t nfs -o hard,nfsvers=4.1 " + SVM + ":/pvc_1 " + target), mounter.calls);
    }

    @Test
    void anUnmountThatHangsOnAGoneServerIsDetached() {
        FsxNode node = node(path -> { });
        Path target = dir.resolve("t");
        node.publish(publish(target));
        mounter.unmountHangs = true;
        node.unpublish(new NodeUnpublishRequest(ID, target, Deadline.NONE));
        assertTrue(mounter.calls.contains("umount -l " + target));
        assertFalse(mounter.isMounted(target));
    }

    @Test
    void blockAndOtherTypesAreRefusedInTheKindsWords() {
        FsxNode node = node(path -> { });
        CsiException block = assertThrows(CsiException.class, () -> node.publish(publish(dir.resolve("b"),
                VolumeCapability.block(AccessMode.SINGLE_NODE_WRITER))));
        assertEquals("block would need iSCSI", block.getMessage());
        CsiException ext4 = assertThrows(CsiException.class, () -> node.publish(publish(dir.resolve("e"),
                VolumeCapability.filesystem("ext4", AccessMode.SINGLE_NODE_WRITER))));
        assertEquals(CsiException.Code.INVALID_ARGUMENT, ext4.code());
        assertTrue(ext4.getMessage().contains("nfs or nfs4"), ext4.getMessage());
        assertEquals(List.of(), mounter.calls);
    }
}
