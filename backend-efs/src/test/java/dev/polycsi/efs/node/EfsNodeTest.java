package dev.polycsi.efs.node;

import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.node.NodeUnpublishRequest;
import dev.polycsi.spi.node.VolumeStatsRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.aws.imds.InstanceZone;
import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.mount.FilesystemStats;
import dev.polycsi.spi.mount.MountPoint;
import dev.polycsi.spi.mount.Mounter;
import dev.polycsi.spi.node.NodePublishRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's decisions, with a mounter that records what it is asked and can hang. */
class EfsNodeTest {

    static final String FS = "fs-0123456789abcdef0";
    static final String AP = "fsap-0123456789abcdef0";
    static final InstanceZone ZONE = new InstanceZone(Optional.of("us-east-1a"), Optional.of("use1-az1"));

    @TempDir
    Path dir;

    /** Records mounts; {@code hangs} makes unmount time out as it does on a dead server. */
    static final class RecordingMounter implements Mounter {
        final List<String> calls = new ArrayList<>();
        final Map<Path, MountPoint> mounts = new HashMap<>();
        boolean hangs;
        final List<Path> detached = new ArrayList<>();

        @Override
        public void mount(String source, Path target, String fsType, List<String> options) {
            calls.add("mount -t " + fsType + " -o " + String.join(",", options) + " " + source + " " + target);
            mounts.put(target, new MountPoint(target, source, fsType, "/", "0:1", options.contains("ro") ? List.of("ro") : List.of("rw")));
        }

        @Override
        public void bindMount(Path source, Path target, boolean readOnly, List<String> options) {
            throw new AssertionError("EFS volumes are mounted, not bound");
        }

        @Override
        public void unmount(Path target) {
            calls.add("umount " + target);
            if (hangs) {
                throw new CsiException(CsiException.Code.DEADLINE_EXCEEDED, target + " is still mounted after 30 s of unmounting");
            }
            mounts.remove(target);
        }

        @Override
        public void lazyUnmount(Path target) {
            detached.add(target);
            mounts.remove(target);
        }

        @Override
        public Optional<MountPoint> findMount(Path target) {
            return Optional.ofNullable(mounts.get(target));
        }

        @Override
        public Optional<String> filesystemOn(Path device) {
            throw new AssertionError();
        }

        @Override
        public void formatAndMount(Path device, Path target, String fsType, List<String> formatOptions, List<String> mountOptions) {
            throw new AssertionError();
        }

        @Override
        public void resizeFilesystem(Path device, Path mountPath) {
            throw new AssertionError();
        }

        @Override
        public FilesystemStats filesystemStats(Path path) {
            return new FilesystemStats(1L << 53, 1L << 52, 1L << 52, 1000, 900, 100);
        }

        @Override
        public long blockDeviceSize(Path device) {
            throw new AssertionError();
        }
    }

    private static NodePublishRequest publish(String id, Path target, boolean readonly, Map<String, String> context, String... flags) {
        VolumeCapability capability = new VolumeCapability(VolumeCapability.AccessType.MOUNT, "", List.of(flags), "",
                AccessMode.MULTI_NODE_MULTI_WRITER);
        return new NodePublishRequest(id, Optional.empty(), target, capability, readonly, Map.of(), context, Secrets.none(), Deadline.NONE);
    }

    @Test
    void publishRunsTheEfsMountHelperOnceAndUnpublishUndoesIt() {
        RecordingMounter mounter = new RecordingMounter();
        EfsNode node = new EfsNode(mounter, ZONE, NodeOptions.DEFAULTS);
        Path target = dir.resolve("pod/mount");
        node.publish(publish(FS + "::" + AP, target, false, Map.of(), "iam"));
        node.publish(publish(FS + "::" + AP, target, false, Map.of(), "iam"));
        assertEquals(List.of("mount -t efs -o accesspoint=" + AP + ",tls,iam " + FS + ":/ " + target), mounter.calls);
        assertEquals(1L << 53, node.stats(new VolumeStatsRequest(FS + "::" + AP, target, Optional.empty(), Deadline.NONE)).totalBytes());

        node.unpublish(new NodeUnpublishRequest(FS + "::" + AP, target, Deadline.NONE));
        node.unpublish(new NodeUnpublishRequest(FS + "::" + AP, target, Deadline.NONE));
        assertEquals(List.of("umount " + target), mounter.calls.subList(1, mounter.calls.size()));
        assertFalse(mounter.isMounted(target));
        assertTrue(mounter.detached.isEmpty());
    }

    @Test
    void aReadOnlyPublishOverAWritableOneIsRefused() {
        RecordingMounter mounter = new RecordingMounter();
        EfsNode node = new EfsNode(mounter, ZONE, NodeOptions.DEFAULTS);
        Path target = dir.resolve("t");
        node.publish(publish(FS, target, false, Map.of()));
        assertEquals(CsiException.Code.ALREADY_EXISTS, assertThrows(CsiException.class,
                () -> node.publish(publish(FS, target, true, Map.of()))).code());
    }

    /** The contexts the controller gives cross-account volumes become mount.efs options, with the access point's. */
    @Test
    void crossAccountVolumesMountThroughTheOtherAccountsMountTarget() {
        RecordingMounter mounter = new RecordingMounter();
        EfsNode node = new EfsNode(mounter, ZONE, NodeOptions.DEFAULTS);
        Path byAddress = dir.resolve("by-address");
        node.publish(publish(FS + "::" + AP, byAddress, false, Map.of("mounttargetip", "10.1.2.3")));
        assertEquals("mount -t efs -o accesspoint=" + AP + ",tls,mounttargetip=10.1.2.3 " + FS + ":/ " + byAddress, mounter.calls.getFirst());
        Path byDns = dir.resolve("by-dns");
        node.publish(publish(FS + "::" + AP, byDns, true, Map.of("crossaccount", "true")));
        assertEquals("mount -t efs -o accesspoint=" + AP + ",tls,crossaccount,ro " + FS + ":/ " + byDns, mounter.calls.get(1));
        assertEquals(CsiException.Code.INVALID_ARGUMENT, assertThrows(CsiException.class,
                () -> node.publish(publish(FS, dir.resolve("bad"), false, Map.of("crossaccount", "yes")))).code());
    }

    @Test
    void aHungUnmountIsDetachedLazily() {
        RecordingMounter mounter = new RecordingMounter();
        EfsNode node = new EfsNode(mounter, ZONE, NodeOptions.DEFAULTS);
        Path target = dir.resolve("t");
        node.publish(publish(FS + ":/data", target, false, Map.of("mounttargetip", "use1-az1:10.0.0.5,use1-az2:10.0.1.5")));
        assertEquals("mount -t efs -o tls,mounttargetip=10.0.0.5 " + FS + ":/data " + target, mounter.calls.getFirst());
        mounter.hangs = true;
        node.unpublish(new NodeUnpublishRequest(FS + ":/data", target, Deadline.NONE));
        assertEquals(List.of(target), mounter.detached);
        assertFalse(mounter.isMounted(target));
    }

    @Test
    void withoutLazyUnmountTheTimeoutIsReported() {
        RecordingMounter mounter = new RecordingMounter();
        EfsNode node = new EfsNode(mounter, ZONE, new NodeOptions(false));
        Path target = dir.resolve("t");
        node.publish(publish(FS, target, false, Map.of()));
        mounter.hangs = true;
        assertEquals(CsiException.Code.DEADLINE_EXCEEDED, assertThrows(CsiException.class, () -> node.unpublish(new NodeUnpublishRequest(FS, target, Deadline.NONE))).code());
        assertTrue(mounter.detached.isEmpty());
        assertTrue(mounter.isMounted(target));
    }

    @Test
    void badRequestsAreInvalidAndMountNothing() {
        RecordingMounter mounter = new RecordingMounter();
        EfsNode node = new EfsNode(mounter, ZONE, NodeOptions.DEFAULTS);
        Path target = dir.resolve("t");
        for (NodePublishRequest bad : List.of(publish("vol-123", target, false, Map.of()), publish(FS, target, false, Map.of("unknown", "1")),
                new NodePublishRequest(FS, Optional.empty(), target, VolumeCapability.filesystem("ext4", AccessMode.SINGLE_NODE_WRITER),
                        false, Map.of(), Map.of(), Secrets.none(), Deadline.NONE))) {
            assertEquals(CsiException.Code.INVALID_ARGUMENT, assertThrows(CsiException.class, () -> node.publish(bad)).code());
        }
        assertTrue(mounter.calls.isEmpty());
        assertFalse(Files.exists(target));
    }

    @Test
    void reportsTheZone() {
        assertEquals(Map.of("topology.kubernetes.io/zone", "us-east-1a"),
                new EfsNode(new RecordingMounter(), ZONE, NodeOptions.DEFAULTS).details().topology());
        assertTrue(new EfsNode(new RecordingMounter(), InstanceZone.UNKNOWN, NodeOptions.DEFAULTS).details().topology().isEmpty());
    }
}
