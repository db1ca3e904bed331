package dev.polycsi.fsx.node;

import static dev.polycsi.fsx.node.MountPlanTest.DNS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.aws.imds.InstanceZone;
import dev.polycsi.core.mount.CommandResult;
import dev.polycsi.core.mount.CommandRunner;
import dev.polycsi.core.mount.CommandTimeouts;
import dev.polycsi.core.mount.LinuxMounter;
import dev.polycsi.core.mount.ProcessCommandRunner;
import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.node.NodePublishRequest;
import dev.polycsi.spi.node.NodeUnpublishRequest;
import dev.polycsi.spi.node.VolumeStats;
import dev.polycsi.spi.node.VolumeStatsRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's decisions, with a mounter that records what it is asked and a stat that fails as told. */
class FsxNodeTest {

    static final String FS = "fs-0199e5a63bd90f796";
    static final Map<String, String> CONTEXT = Map.of("dnsname", DNS, "mountname", "rotjrbmv");
    static final InstanceZone ZONE = new InstanceZone(Optional.of("us-east-1a"), Optional.of("use1-az1"));
    private static final MountProbe.Stat ANSWERS = path -> { };
    private static final NodeOptions QUICK_CHECKS = new NodeOptions(true, Duration.ofMillis(100));

    @TempDir
    Path dir;

    private final RecordingMounter mounter = new RecordingMounter();

    private static NodePublishRequest publish(Path target, AccessMode mode, boolean readonly, String... flags) {
        VolumeCapability capability = new VolumeCapability(VolumeCapability.AccessType.MOUNT, "", List.of(flags), "", mode);
        return new NodePublishRequest(FS, Optional.empty(), target, capability, readonly, Map.of(), CONTEXT, Secrets.none(), Deadline.NONE);
    }

    private static NodePublishRequest publish(Path target, String... flags) {
        return publish(target, AccessMode.MULTI_NODE_MULTI_WRITER, false, flags);
    }

    private static NodeUnpublishRequest unpublish(Path target) {
        return new NodeUnpublishRequest(FS, target, Deadline.NONE);
    }

    private FsxNode node(MountProbe.Stat stat) {
        return new FsxNode(TestVolumes.FILE_SYSTEMS, mounter, ZONE, NodeOptions.DEFAULTS, stat);
    }

    private static CsiException assertCode(CsiException.Code code, org.junit.jupiter.api.function.Executable call) {
        CsiException e = assertThrows(CsiException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    @Test
    void publishMountsOnceWithTheVolumesOptionsAndUnpublishUndoesItOnce() {
        FsxNode node = node(ANSWERS);
        Path target = dir.resolve("pod/mount");
        node.publish(publish(target, "flock"));
        node.publish(publish(target, "flock"));
        assertEquals(List.of("mount -t lustre -o flock " + DNS + "@tcp:/rotjrbmv " + target), mounter.calls);

        node.unpublish(unpublish(target));
        node.unpublish(unpublish(target));
        assertEquals(List.of("umount " + target), mounter.calls.subList(1, mounter.calls.size()));
        assertFalse(mounter.isMounted(target));
    }

    /** A File Cache mounts with relatime (its automatic eviction needs it) and flock, then the volume's own flags; its mount name has no default. */
    @Test
    void aKindsDefaultOptionsComeBeforeTheVolumesAndItsIdsAndMountNameRulesHold() {
        FsxNode caches = new FsxNode(TestVolumes.CACHES, mounter, ZONE, NodeOptions.DEFAULTS, ANSWERS);
        String cache = "fc-0123456789abcdef0";
        String dns = cache + ".fsx.us-east-1.amazonaws.com";
        VolumeCapability capability = new VolumeCapability(VolumeCapability.AccessType.MOUNT, "", List.of("noatime", "flock"), "",
                AccessMode.MULTI_NODE_MULTI_WRITER);
        Path target = dir.resolve("cache");
        caches.publish(new NodePublishRequest(cache, Optional.empty(), target, capability, false, Map.of(),
                Map.of("dnsname", dns, "mountname", "dsbkzbmv"), Secrets.none(), Deadline.NONE));
        assertEquals(List.of("mount -t lustre -o relatime,flock,noatime " + dns + "@tcp:/dsbkzbmv " + target), mounter.calls);

        CsiException noMountName = assertCode(CsiException.Code.INVALID_ARGUMENT, () -> caches.publish(new NodePublishRequest(cache,
                Optional.empty(), dir.resolve("other"), capability, false, Map.of(), Map.of("dnsname", dns), Secrets.none(), Deadline.NONE)));
        assertTrue(noMountName.getMessage().contains("mountname"), noMountName.getMessage());
        CsiException fileSystem = assertCode(CsiException.Code.INVALID_ARGUMENT, () -> caches.publish(publish(dir.resolve("fs"))));
        assertTrue(fileSystem.getMessage().contains("File Cache"), fileSystem.getMessage());
        assertEquals(1, mounter.calls.size(), mounter.calls::toString);
    }

    @Test
    void aReadOnlyPublishOrAccessModeMountsRo() {
        FsxNode node = node(ANSWERS);
        node.publish(publish(dir.resolve("a"), AccessMode.MULTI_NODE_MULTI_WRITER, true, "flock"));
        node.publish(publish(dir.resolve("b"), AccessMode.MULTI_NODE_READER_ONLY, false));
        assertEquals(List.of(
                "mount -t lustre -o ro,flock " + DNS + "@tcp:/rotjrbmv " + dir.resolve("a"),
                "mount -t lustre -o ro " + DNS + "@tcp:/rotjrbmv " + dir.resolve("b")), mounter.calls);
    }

    @Test
    void aDifferentMountAtTheTargetIsAlreadyExistsAndIsLeftAlone() {
        FsxNode node = node(ANSWERS);
        Path target = dir.resolve("t");
        for (String[] other : List.of(new String[] {"tmpfs", "tmpfs"}, new String[] {"10.0.1.25@tcp:/knkipbmv", "lustre"},
                new String[] {"10.0.1.25:/export", "nfs4"})) {
            mounter.listed(target, other[0], other[1], "rw");
            CsiException e = assertCode(CsiException.Code.ALREADY_EXISTS, () -> node.publish(publish(target)));
            assertTrue(e.getMessage().contains(other[0]), e.getMessage());
        }
        mounter.listed(target, "10.0.1.25@tcp:/rotjrbmv", "lustre", "rw");
        assertCode(CsiException.Code.ALREADY_EXISTS, () -> node.publish(publish(target, AccessMode.MULTI_NODE_MULTI_WRITER, true)));
        mounter.listed(target, "10.0.1.25@tcp:/rotjrbmv", "lustre", "ro");
        assertCode(CsiException.Code.ALREADY_EXISTS, () -> node.publish(publish(target)));
        assertEquals(List.of(), mounter.calls);
    }

    @Test
    void aPublishOntoAStaleMountUnmountsAndMountsAgain() {
        Path target = dir.resolve("t");
        FsxNode node = node(path -> {
            throw new FileSystemException(path.toString(), null, "Cannot send after transport endpoint shutdown");
        });
        mounter.listed(target, "10.0.1.25@tcp:/rotjrbmv", "lustre", "rw", "flock");
        node.publish(publish(target, "flock"));
        assertEquals(List.of("umount " + target, "mount -t lustre -o flock " + DNS + "@tcp:/rotjrbmv " + target), mounter.calls);
        assertTrue(mounter.isMounted(target));
    }

    /** A stat that never returns is a broken mount too; its unmount hangs as well, and is detached lazily. */
    @Test
    void aPublishOntoAMountThatDoesNotAnswerDetachesItAndMountsAgain() {
        Path target = dir.resolve("t");
        CountDownLatch servers = new CountDownLatch(1);
        FsxNode node = new FsxNode(TestVolumes.FILE_SYSTEMS, mounter, ZONE, QUICK_CHECKS, path -> {
            try {
                servers.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            mounter.listed(target, "10.0.1.25@tcp:/rotjrbmv", "lustre", "rw");
            mounter.unmountHangs = true;
            node.publish(publish(target));
            assertEquals(List.of("umount " + target, "umount -l " + target, "mount -t lustre " + DNS + "@tcp:/rotjrbmv " + target),
                    mounter.calls);
        } finally {
            servers.countDown();
        }
    }

    @Test
    void withoutLazyUnmountAHungUnmountIsReportedAndTheMountStays() {
        Path target = dir.resolve("t");
        FsxNode node = new FsxNode(TestVolumes.FILE_SYSTEMS, mounter, ZONE, new NodeOptions(false, Duration.ofSeconds(10)), ANSWERS);
        node.publish(publish(target));
        mounter.unmountHangs = true;
        assertCode(CsiException.Code.DEADLINE_EXCEEDED, () -> node.unpublish(unpublish(target)));
        assertTrue(mounter.isMounted(target));
        assertFalse(mounter.calls.contains("umount -l " + target));
    }

    @Test
    void aHungUnmountIsDetachedLazily() {
        Path target = dir.resolve("t");
        FsxNode node = node(ANSWERS);
        node.publish(publish(target));
        mounter.unmountHangs = true;
        node.unpublish(unpublish(target));
        assertEquals(List.of("umount " + target, "umount -l " + target), mounter.calls.subList(1, mounter.calls.size()));
        assertFalse(mounter.isMounted(target));
    }

    /**
     * Unpublish through the real LinuxMounter, whose umount is a real process that blocks (as
     * umount(8) does in the kernel on a Lustre client whose servers are gone): it is killed at the
     * mount timeout, the mount is detached lazily, and unpublish returns.
     */
    @Test
    void anUnpublishWhoseUmountBlocksReturnsAfterALazyUnmount() throws IOException {
        Path target = Files.createDirectories(dir.resolve("pod/volumes/pv/mount")).toRealPath();
        Path mountInfo = Files.writeString(dir.resolve("mountinfo"),
                "900 27 0:77 / %s rw,relatime - lustre 10.0.1.25@tcp:/rotjrbmv rw,flock,lazystatfs%n".formatted(target));
        List<List<String>> commands = Collections.synchronizedList(new ArrayList<>());
        ProcessCommandRunner processes = new ProcessCommandRunner();
        CommandRunner runner = (command, timeout) -> {
            commands.add(command);
            if (command.contains("-l")) {
                try {
                    Files.writeString(mountInfo, "");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return new CommandResult(command, 0, "");
            }
            return processes.run(List.of("sleep", "600"), timeout);
        };
        LinuxMounter linux = new LinuxMounter(runner, mountInfo, new CommandTimeouts(Duration.ofMillis(300), Duration.ofSeconds(5)));
        FsxNode node = new FsxNode(TestVolumes.FILE_SYSTEMS, linux, ZONE, NodeOptions.DEFAULTS, ANSWERS);

        node.unpublish(unpublish(target));

        assertEquals(List.of(List.of("umount", "--no-canonicalize", target.toString()),
                List.of("umount", "-l", "--no-canonicalize", target.toString())), commands);
        assertFalse(linux.isMounted(target));
    }

    @Test
    void statsAreStatvfsOfTheMount() {
        Path target = dir.resolve("t");
        FsxNode node = node(ANSWERS);
        node.publish(publish(target));
        VolumeStats stats = node.stats(new VolumeStatsRequest(FS, target, Optional.empty(), Deadline.NONE));
        assertEquals(new VolumeStats(1_200L << 30, 1_100L << 30, 100L << 30, 5_000_000, 4_000_000, 1_000_000, false, ""), stats);
    }

    @Test
    void statsOfABrokenMountAreUnavailableAndSayWhy() {
        Path target = dir.resolve("t");
        mounter.listed(target, "10.0.1.25@tcp:/rotjrbmv", "lustre", "rw");
        FsxNode node = node(path -> {
            throw new FileSystemException(path.toString(), null, "Transport endpoint is not connected");
        });
        CsiException e = assertCode(CsiException.Code.UNAVAILABLE,
                () -> node.stats(new VolumeStatsRequest(FS, target, Optional.empty(), Deadline.NONE)));
        assertTrue(e.getMessage().contains("Transport endpoint is not connected"), e.getMessage());
    }

    @Test
    void statsWhoseStatvfsDoesNotReturnAreUnavailableAndReturn() {
        Path target = dir.resolve("t");
        FsxNode node = new FsxNode(TestVolumes.FILE_SYSTEMS, mounter, ZONE, QUICK_CHECKS, ANSWERS);
        node.publish(publish(target));
        mounter.statvfsBlocksUntil = new CountDownLatch(1);
        try {
            CsiException e = assertCode(CsiException.Code.UNAVAILABLE,
                    () -> node.stats(new VolumeStatsRequest(FS, target, Optional.empty(), Deadline.NONE)));
            assertTrue(e.getMessage().contains("statvfs of " + target + " has not returned within 100 ms"), e.getMessage());
        } finally {
            mounter.statvfsBlocksUntil.countDown();
        }
    }

    @Test
    void badRequestsAreInvalidAndMountNothing() {
        FsxNode node = node(ANSWERS);
        Path target = dir.resolve("t");
        VolumeCapability ext4 = VolumeCapability.filesystem("ext4", AccessMode.MULTI_NODE_MULTI_WRITER);
        VolumeCapability block = VolumeCapability.block(AccessMode.MULTI_NODE_MULTI_WRITER);
        VolumeCapability lustre = VolumeCapability.filesystem("lustre", AccessMode.MULTI_NODE_MULTI_WRITER);
        for (NodePublishRequest bad : List.of(
                new NodePublishRequest("vol-0123", Optional.empty(), target, lustre, false, Map.of(), CONTEXT, Secrets.none(),
                        Deadline.NONE),
                new NodePublishRequest(FS, Optional.empty(), target, ext4, false, Map.of(), CONTEXT, Secrets.none(), Deadline.NONE),
                new NodePublishRequest(FS, Optional.empty(), target, block, false, Map.of(), CONTEXT, Secrets.none(), Deadline.NONE),
                new NodePublishRequest(FS, Optional.empty(), target, lustre, false, Map.of(),
                        Map.of("mountname", "fsx"), Secrets.none(), Deadline.NONE),
                publish(target, "flock noatime"),
                publish(target, "remount"))) {
            assertCode(CsiException.Code.INVALID_ARGUMENT, () -> node.publish(bad));
        }
        assertEquals(List.of(), mounter.calls);
    }

    @Test
    void reportsTheZone() {
        assertEquals(Map.of("topology.kubernetes.io/zone", "us-east-1a"), node(ANSWERS).details().topology());
        assertTrue(new FsxNode(TestVolumes.FILE_SYSTEMS, mounter, InstanceZone.UNKNOWN, NodeOptions.DEFAULTS, ANSWERS).details().topology().isEmpty());
    }
}
