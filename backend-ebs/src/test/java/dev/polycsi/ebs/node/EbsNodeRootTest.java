package dev.polycsi.ebs.node;

import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.node.UnstageRequest;
import dev.polycsi.spi.node.NodeUnpublishRequest;
import dev.polycsi.spi.node.VolumeStatsRequest;
import dev.polycsi.spi.node.NodeExpandRequest;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.core.conformance.HostRequirements;
import dev.polycsi.core.mount.LinuxMounter;
import dev.polycsi.simulator.storage.LoopBlockStorage;
import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.controller.CapacityRange;
import dev.polycsi.spi.mount.Mounter;
import dev.polycsi.spi.node.NodePublishRequest;
import dev.polycsi.spi.node.StageRequest;
import dev.polycsi.spi.node.VolumeStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The node against the real kernel: volumes are the simulator's loop devices over sparse files,
 * linked under their by-id names in a temporary directory; mkfs, mount and the resize tools run
 * for real through LinuxMounter. Needs root, else skipped; an ext4 or xfs test is skipped,
 * naming the package, where its filesystem's tools are missing.
 */
class EbsNodeRootTest {

    static final String VOLUME = "vol-0a1b2c3d4e5f60718";
    static final String OTHER_VOLUME = "vol-0f1e2d3c4b5a69788";
    static final long XFS_MINIMUM = 320L << 20; // mkfs.xfs refuses filesystems under 300 MB

    @TempDir
    Path dir;

    LoopBlockStorage storage;
    Mounter mounter;
    EbsNode node;
    final List<Path> mountPaths = new ArrayList<>();
    final List<String> volumes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        HostRequirements.assumeRootWithLoopDevices("attaches volumes as loop devices, formats and mounts them");
        storage = new LoopBlockStorage(dir.resolve("data"), dir.resolve("by-id"), true);
        mounter = new LinuxMounter();
        DeviceResolver resolver = new DeviceResolver(dir.resolve("by-id"), Path.of("/sys"),
                new DeviceResolver.Wait(Duration.ofSeconds(2), Duration.ofMillis(50)));
        node = new EbsNode(EbsNodeTest.IDENTITY, new NodeOptions(Optional.empty(), Optional.empty(), false), mounter, resolver,
                (context, fsType, legacyXfs) -> List.of());
        mountPaths.add(dir.resolve("pods/target"));
        mountPaths.add(dir.resolve("pods/block"));
        mountPaths.add(dir.resolve("staging"));
    }

    @AfterEach
    void cleanUp() {
        if (storage == null) {
            return;
        }
        for (Path path : mountPaths) {
            try {
                mounter.unmount(path);
            } catch (RuntimeException e) {
                System.err.println("cannot unmount " + path + ": " + e);
            }
        }
        for (String volume : volumes) {
            storage.delete(volume);
        }
    }

    void attach(String volumeId, long size) {
        volumes.add(volumeId);
        storage.create(volumeId, size, Optional.empty());
        storage.attach(volumeId);
    }

    /** As the core sends it: the staging directory exists (NodeOps' contract). */
    StageRequest stage(String volumeId, String fsType) {
        createDirectories(dir.resolve("staging"));
        return new StageRequest(volumeId, dir.resolve("staging"), VolumeCapability.filesystem(fsType, AccessMode.SINGLE_NODE_WRITER),
                Map.of("devicePath", "/dev/xvdaa"), Map.of(), Secrets.none(), Deadline.NONE);
    }

    /** As the core sends it: the target directory exists. */
    NodePublishRequest publish(String volumeId, String fsType) {
        createDirectories(dir.resolve("pods/target"));
        return new NodePublishRequest(volumeId, Optional.of(dir.resolve("staging")), dir.resolve("pods/target"),
                VolumeCapability.filesystem(fsType, AccessMode.SINGLE_NODE_WRITER), false, Map.of("devicePath", "/dev/xvdaa"), Map.of(),
                Secrets.none(), Deadline.NONE);
    }

    private static void createDirectories(Path path) {
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ext4", "xfs"})
    void dataWrittenThroughAPublishSurvivesUnstageAndRestage(String fsType) throws IOException {
        HostRequirements.assumeFilesystemTools(fsType);
        attach(VOLUME, XFS_MINIMUM);
        Path staging = dir.resolve("staging");
        Path target = dir.resolve("pods/target");
        node.stage(stage(VOLUME, fsType));
        node.stage(stage(VOLUME, fsType));
        assertEquals(fsType, mounter.findMount(staging).orElseThrow().fsType());
        if (fsType.equals("xfs")) {
            assertTrue(mounter.findMount(staging).orElseThrow().options().contains("nouuid"),
                    mounter.findMount(staging).orElseThrow().options().toString());
        }
        node.publish(publish(VOLUME, fsType));
        node.publish(publish(VOLUME, fsType));
        Files.writeString(target.resolve("hello.txt"), "written through the publish");

        VolumeStats stats = node.stats(new VolumeStatsRequest(VOLUME, target, Optional.of(staging), Deadline.NONE));
        assertTrue(stats.totalBytes() > 200L << 20 && stats.totalBytes() <= XFS_MINIMUM, stats.toString());
        assertTrue(stats.hasInodes() && stats.usedInodes() > 0, stats.toString());

        node.unpublish(new NodeUnpublishRequest(VOLUME, target, Deadline.NONE));
        assertFalse(mounter.isMounted(target));
        node.unstage(new UnstageRequest(VOLUME, staging, Deadline.NONE));
        assertFalse(mounter.isMounted(staging));
        node.unstage(new UnstageRequest(VOLUME, staging, Deadline.NONE));

        node.stage(stage(VOLUME, fsType));
        node.publish(publish(VOLUME, fsType));
        assertEquals("written through the publish", Files.readString(target.resolve("hello.txt")));
        node.unpublish(new NodeUnpublishRequest(VOLUME, target, Deadline.NONE));
        node.unstage(new UnstageRequest(VOLUME, staging, Deadline.NONE));
        assertFalse(mounter.isMounted(target));
        assertFalse(mounter.isMounted(staging));
    }

    @Test
    void anotherVolumeCannotBeStagedOverAStagedOne() {
        HostRequirements.assumeFilesystemTools("ext4");
        attach(VOLUME, 64L << 20);
        attach(OTHER_VOLUME, 64L << 20);
        node.stage(stage(VOLUME, "ext4"));
        CsiException e = assertThrows(CsiException.class, () -> node.stage(stage(OTHER_VOLUME, "ext4")));
        assertEquals(CsiException.Code.FAILED_PRECONDITION, e.code());
    }

    @Test
    void aBlockPublishIsTheDeviceOnAFile() throws IOException {
        attach(VOLUME, 64L << 20);
        Path target = dir.resolve("pods/block");
        NodePublishRequest request = new NodePublishRequest(VOLUME, Optional.empty(), target,
                VolumeCapability.block(AccessMode.SINGLE_NODE_WRITER), false, Map.of("devicePath", "/dev/xvdaa"), Map.of(), Secrets.none(), Deadline.NONE);
        node.stage(new StageRequest(VOLUME, dir.resolve("staging"), request.capability(), Map.of(), Map.of(), Secrets.none(), Deadline.NONE));
        createDirectories(target.getParent());
        Files.createFile(target); // the core creates a raw block target as a file
        assertFalse(mounter.isMounted(dir.resolve("staging")));
        node.publish(request);
        node.publish(request);

        byte[] written = "raw bytes at one MiB".getBytes(StandardCharsets.US_ASCII);
        try (RandomAccessFile file = new RandomAccessFile(target.toFile(), "rw")) {
            file.seek(1L << 20);
            file.write(written);
            file.getFD().sync();
        }
        Path device = dir.resolve("by-id").resolve(LoopBlockStorage.deviceName(VOLUME)).toRealPath();
        byte[] read = new byte[written.length];
        try (RandomAccessFile file = new RandomAccessFile(device.toFile(), "r")) {
            file.seek(1L << 20);
            file.readFully(read);
        }
        assertArrayEquals(written, read);

        assertEquals(VolumeStats.block(64L << 20), node.stats(new VolumeStatsRequest(VOLUME, target, Optional.empty(), Deadline.NONE)));
        node.unpublish(new NodeUnpublishRequest(VOLUME, target, Deadline.NONE));
        assertFalse(mounter.isMounted(target));
        node.unpublish(new NodeUnpublishRequest(VOLUME, target, Deadline.NONE));
    }

    @Test
    void aBlockExpandReportsTheGrownDevice() {
        attach(VOLUME, 64L << 20);
        Path target = dir.resolve("pods/block");
        VolumeCapability block = VolumeCapability.block(AccessMode.SINGLE_NODE_WRITER);
        node.publish(new NodePublishRequest(VOLUME, Optional.empty(), target, block, false, Map.of(), Map.of(), Secrets.none(), Deadline.NONE));
        storage.resize(VOLUME, 128L << 20);
        assertEquals(128L << 20, node.expand(new NodeExpandRequest(VOLUME, target, Optional.empty(), new CapacityRange(128L << 20, 0), Optional.of(block), Deadline.NONE)));
    }

    @Test
    void xfsGrowsOnlineWhenTheDeviceGrew() {
        HostRequirements.assumeFilesystemTools("xfs");
        attach(VOLUME, XFS_MINIMUM);
        node.stage(stage(VOLUME, "xfs"));
        node.publish(publish(VOLUME, "xfs"));
        Path target = dir.resolve("pods/target");
        long before = node.stats(new VolumeStatsRequest(VOLUME, target, Optional.empty(), Deadline.NONE)).totalBytes();

        CsiException early = assertThrows(CsiException.class, () -> node.expand(new NodeExpandRequest(VOLUME, target, Optional.of(dir.resolve("staging")),
                new CapacityRange(2 * XFS_MINIMUM, 0), Optional.empty(), Deadline.NONE)));
        assertEquals(CsiException.Code.UNAVAILABLE, early.code());

        storage.resize(VOLUME, 2 * XFS_MINIMUM);
        long size = node.expand(new NodeExpandRequest(VOLUME, target, Optional.of(dir.resolve("staging")), new CapacityRange(2 * XFS_MINIMUM, 0), Optional.empty(), Deadline.NONE));
        assertEquals(2 * XFS_MINIMUM, size);
        long after = node.stats(new VolumeStatsRequest(VOLUME, target, Optional.empty(), Deadline.NONE)).totalBytes();
        assertTrue(after > before + XFS_MINIMUM / 2, before + " -> " + after);
    }

    @Test
    void aVolumeGrownWhileDetachedIsGrownAtStage() {
        HostRequirements.assumeFilesystemTools("xfs");
        attach(VOLUME, XFS_MINIMUM);
        Path staging = dir.resolve("staging");
        node.stage(stage(VOLUME, "xfs"));
        long before = mounter.filesystemStats(staging).totalBytes();
        node.unstage(new UnstageRequest(VOLUME, staging, Deadline.NONE));
        storage.detach(VOLUME);
        storage.resize(VOLUME, 2 * XFS_MINIMUM);
        storage.attach(VOLUME);

        node.stage(stage(VOLUME, "xfs"));
        long after = mounter.filesystemStats(staging).totalBytes();
        assertTrue(after > before + XFS_MINIMUM / 2, before + " -> " + after);
    }

    /**
     * resize2fs grows a mounted ext4 through an ioctl that needs CAP_SYS_RESOURCE, which a
     * container's root may lack; xfs_growfs does not.
     */
    @Test
    void ext4GrowsOnlineWhenTheDeviceGrew() throws IOException {
        HostRequirements.assumeFilesystemTools("ext4");
        Assumptions.assumeTrue(hasCapability(24), "ext4 online resize needs CAP_SYS_RESOURCE, which this process lacks");
        attach(VOLUME, 64L << 20);
        Path staging = dir.resolve("staging");
        node.stage(stage(VOLUME, "ext4"));
        long before = mounter.filesystemStats(staging).totalBytes();
        storage.resize(VOLUME, 256L << 20);
        assertEquals(256L << 20, node.expand(new NodeExpandRequest(VOLUME, staging, Optional.of(staging), new CapacityRange(256L << 20, 0), Optional.empty(), Deadline.NONE)));
        long after = mounter.filesystemStats(staging).totalBytes();
        assertTrue(after > before + (128L << 20), before + " -> " + after);
    }

    /** Bit {@code bit} of the effective capabilities in /proc/self/status. */
    static boolean hasCapability(int bit) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("CapEff:"))
                .map(line -> Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16))
                .anyMatch(mask -> (mask & (1L << bit)) != 0);
    }
}
