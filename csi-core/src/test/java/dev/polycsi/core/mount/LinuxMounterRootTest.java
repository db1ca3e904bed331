package dev.polycsi.core.mount;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.core.conformance.HostRequirements;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.mount.FilesystemStats;
import dev.polycsi.spi.mount.MountPoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * LinuxMounter against the real kernel: loop devices over sparse files in a temporary
 * directory. Needs root, loop devices and util-linux; each ext4 test needs e2fsprogs and each
 * xfs test xfsprogs, and is skipped, naming the package, without it. Everything mounted is
 * unmounted and every loop device detached even when a test fails.
 */
class LinuxMounterRootTest {

    private static final long MIB = 1024 * 1024;
    /** mkfs.xfs refuses filesystems smaller than 300 MiB. */
    private static final long XFS_MINIMUM = 300 * MIB;

    /** capabilities(7): the bit of CAP_SYS_RESOURCE in the capability sets. */
    private static final int CAP_SYS_RESOURCE = 24;

    private static final CommandRunner RUNNER = new ProcessCommandRunner();

    @TempDir
    Path tempDir;

    private final LinuxMounter mounter = new LinuxMounter();
    private final List<LoopDevice> loopDevices = new ArrayList<>();

    @BeforeAll
    static void requireRootAndLoopDevices() {
        HostRequirements.assumeRootWithLoopDevices("creates loop devices, formats and mounts them");
    }

    @BeforeEach
    void resolveTempDir() throws IOException {
        // mountinfo holds resolved paths; so does the cleanup below.
        tempDir = tempDir.toRealPath();
    }

    @AfterEach
    void unmountAndDetachEverything() {
        List<String> problems = new ArrayList<>();
        List<MountPoint> ours = new MountInfo(MountInfo.PROC_SELF_MOUNTINFO).mounts().stream()
                .filter(mount -> mount.target().startsWith(tempDir))
                .toList()
                .reversed();
        for (MountPoint mount : ours) {
            String target = mount.target().toString();
            CommandResult result = RUNNER.run(List.of("umount", target), Duration.ofSeconds(30));
            if (!result.succeeded() && !RUNNER.run(List.of("umount", "-l", target), Duration.ofSeconds(30)).succeeded()) {
                problems.add("cannot unmount " + target + ": " + result.output());
            }
        }
        for (LoopDevice loop : loopDevices.reversed()) {
            try {
                loop.close();
            } catch (CsiException e) {
                problems.add(e.getMessage());
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void formatsABlankDeviceAndNeverAgain() throws IOException {
        HostRequirements.assumeFilesystemTools("ext4");
        Path device = loop("ext4.img", 64 * MIB).device();
        Path target = tempDir.resolve("staging");
        assertEquals(Optional.empty(), mounter.filesystemOn(device));

        mounter.formatAndMount(device, target, "ext4", List.of(), List.of());
        Files.writeString(target.resolve("data.txt"), "kept");

        MountPoint mount = mounter.findMount(target).orElseThrow();
        assertEquals("ext4", mount.fsType());
        assertEquals(device.toString(), mount.source());
        assertFalse(mount.readOnly());
        assertEquals(Optional.of("ext4"), mounter.filesystemOn(device));

        mounter.formatAndMount(device, target, "ext4", List.of(), List.of());
        mounter.unmount(target);
        assertFalse(mounter.isMounted(target));

        mounter.formatAndMount(device, target, "ext4", List.of(), List.of());
        assertEquals("kept", Files.readString(target.resolve("data.txt")));
        assertTrue(mounter.filesystemStats(target).totalBytes() > 50 * MIB);
    }

    @Test
    void refusesToFormatADeviceThatHoldsAnotherFilesystem() throws IOException {
        HostRequirements.assumeFilesystemTools("ext4"); // mkfs.xfs is refused before it would run
        Path device = loop("ext4.img", 64 * MIB).device();
        Path target = tempDir.resolve("staging");
        mounter.formatAndMount(device, target, "ext4", List.of(), List.of());
        Files.writeString(target.resolve("data.txt"), "kept");
        mounter.unmount(target);

        CsiException refused = assertCode(CsiException.Code.FAILED_PRECONDITION,
                () -> mounter.formatAndMount(device, tempDir.resolve("other"), "xfs", List.of(), List.of()));

        assertTrue(refused.getMessage().contains(device.toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("ext4") && refused.getMessage().contains("xfs"), refused.getMessage());
        assertEquals(Optional.of("ext4"), mounter.filesystemOn(device));
        mounter.formatAndMount(device, target, "ext4", List.of(), List.of());
        assertEquals("kept", Files.readString(target.resolve("data.txt")));
    }

    @Test
    void refusesToFormatADeviceThatHoldsAPartitionTable() throws IOException {
        Path image = tempDir.resolve("partitioned.img");
        Files.createFile(image);
        writeDosPartitionTable(image);
        Path device = loop(image, 64 * MIB).device();

        assertEquals(Optional.of(LinuxMounter.PARTITION_TABLE_PREFIX + "dos"), mounter.filesystemOn(device));
        assertCode(CsiException.Code.FAILED_PRECONDITION,
                () -> mounter.formatAndMount(device, tempDir.resolve("staging"), "ext4", List.of(), List.of()));
        assertEquals(Optional.of(LinuxMounter.PARTITION_TABLE_PREFIX + "dos"), mounter.filesystemOn(device));
    }

    @Test
    void refusesAnotherDeviceAtAMountedTarget() throws IOException {
        HostRequirements.assumeFilesystemTools("ext4");
        Path first = loop("first.img", 64 * MIB).device();
        Path second = loop("second.img", 64 * MIB).device();
        Path target = tempDir.resolve("staging");
        mounter.formatAndMount(first, target, "ext4", List.of(), List.of());

        assertCode(CsiException.Code.FAILED_PRECONDITION,
                () -> mounter.formatAndMount(second, target, "ext4", List.of(), List.of()));
        assertEquals(first.toString(), mounter.findMount(target).orElseThrow().source());
    }

    @Test
    void formatsAndMountsXfs() throws IOException {
        HostRequirements.assumeFilesystemTools("xfs");
        Path device = loop("xfs.img", XFS_MINIMUM).device();
        Path target = tempDir.resolve("staging");

        mounter.formatAndMount(device, target, "xfs", List.of(), List.of("noatime"));
        Files.writeString(target.resolve("data.txt"), "on xfs");

        MountPoint mount = mounter.findMount(target).orElseThrow();
        assertEquals("xfs", mount.fsType());
        assertTrue(mount.options().contains("noatime"), mount.options().toString());
        assertEquals(Optional.of("xfs"), mounter.filesystemOn(device));
        mounter.unmount(target);
        mounter.formatAndMount(device, target, "xfs", List.of(), List.of());
        assertEquals("on xfs", Files.readString(target.resolve("data.txt")));
    }

    @Test
    void growsExt4Online() throws IOException {
        HostRequirements.assumeFilesystemTools("ext4");
        Assumptions.assumeTrue(hasCapability(CAP_SYS_RESOURCE),
                "needs CAP_SYS_RESOURCE, which the kernel asks of online ext4 resizing; this root lacks it");
        LoopDevice loop = loop("ext4.img", 64 * MIB);
        Path target = tempDir.resolve("staging");
        mounter.formatAndMount(loop.device(), target, "ext4", List.of(), List.of());
        FilesystemStats before = mounter.filesystemStats(target);

        loop.grow(128 * MIB);
        assertEquals(128 * MIB, mounter.blockDeviceSize(loop.device()));
        mounter.resizeFilesystem(loop.device(), target);

        FilesystemStats after = mounter.filesystemStats(target);
        assertTrue(after.totalBytes() > before.totalBytes() + 50 * MIB, before + " -> " + after);
    }

    @Test
    void growsXfsOnline() throws IOException {
        HostRequirements.assumeFilesystemTools("xfs");
        LoopDevice loop = loop("xfs.img", XFS_MINIMUM);
        Path target = tempDir.resolve("staging");
        mounter.formatAndMount(loop.device(), target, "xfs", List.of(), List.of());
        FilesystemStats before = mounter.filesystemStats(target);

        loop.grow(XFS_MINIMUM + 100 * MIB);
        mounter.resizeFilesystem(loop.device(), target);

        FilesystemStats after = mounter.filesystemStats(target);
        assertTrue(after.totalBytes() > before.totalBytes() + 90 * MIB, before + " -> " + after);
    }

    @Test
    void bindsADirectoryReadOnly() throws IOException {
        Path source = Files.createDirectory(tempDir.resolve("staging"));
        Files.writeString(source.resolve("data.txt"), "shared");
        Path target = tempDir.resolve("pod/volumes/pvc-1/mount");

        mounter.bindMount(source, target, true, List.of());
        mounter.bindMount(source, target, true, List.of());

        assertTrue(mounter.findMount(target).orElseThrow().readOnly());
        assertEquals("shared", Files.readString(target.resolve("data.txt")));
        FileSystemException refused = assertThrows(FileSystemException.class,
                () -> Files.writeString(target.resolve("new.txt"), "no"));
        assertTrue(String.valueOf(refused.getReason()).contains("Read-only file system"), refused.toString());
        Files.writeString(source.resolve("new.txt"), "the source stays writable");
        mounter.unmount(target);
        assertFalse(mounter.isMounted(target));
    }

    @Test
    void bindsADeviceOntoAFile() throws IOException {
        Path image = tempDir.resolve("raw.img");
        byte[] marker = "polycsi raw block".getBytes(StandardCharsets.US_ASCII);
        Files.write(image, marker);
        Path device = loop(image, 64 * MIB).device();
        Path target = tempDir.resolve("pod/volumeDevices/pvc-1");

        mounter.bindMount(device, target, false, List.of());
        mounter.bindMount(device, target, false, List.of());

        assertTrue(mounter.isMounted(target));
        assertEquals(64 * MIB, mounter.blockDeviceSize(target));
        try (InputStream in = Files.newInputStream(target)) {
            assertArrayEquals(marker, in.readNBytes(marker.length));
        }
        mounter.unmount(target);
        assertTrue(Files.isRegularFile(target));
    }

    @Test
    void mountsIdempotentlyAndRefusesAnotherSource() {
        Path target = tempDir.resolve("scratch");

        mounter.mount("polycsi-scratch", target, "tmpfs", List.of("size=1m", "mode=0700"));
        mounter.mount("polycsi-scratch", target, "tmpfs", List.of("size=1m", "mode=0700"));

        MountPoint mount = mounter.findMount(target).orElseThrow();
        assertEquals("polycsi-scratch", mount.source());
        assertTrue(mount.options().contains("size=1024k"), mount.options().toString());
        assertCode(CsiException.Code.FAILED_PRECONDITION,
                () -> mounter.mount("polycsi-other", target, "tmpfs", List.of()));
        assertEquals(1, countMountsAt(target));
    }

    @Test
    void unmountsStackedMountsAndIsIdempotent() throws IOException {
        Path target = Files.createDirectory(tempDir.resolve("stacked"));
        for (String source : List.of("polycsi-bottom", "polycsi-top")) {
            RUNNER.run(List.of("mount", "-t", "tmpfs", source, target.toString()), Duration.ofSeconds(30)).orThrow();
        }
        assertEquals("polycsi-top", mounter.findMount(target).orElseThrow().source());

        mounter.unmount(target);
        mounter.unmount(target);
        mounter.unmount(tempDir.resolve("never/existed"));

        assertEquals(0, countMountsAt(target));
    }

    private LoopDevice loop(String name, long size) throws IOException {
        return loop(tempDir.resolve(name), size);
    }

    private LoopDevice loop(Path image, long size) throws IOException {
        LoopDevice loop = LoopDevice.create(image, size);
        loopDevices.add(loop);
        return loop;
    }

    private long countMountsAt(Path target) {
        return new MountInfo(MountInfo.PROC_SELF_MOUNTINFO).mounts().stream()
                .filter(mount -> mount.target().equals(target))
                .count();
    }

    /** An MBR with one Linux partition and no filesystem anywhere, as sfdisk would write it. */
    private static void writeDosPartitionTable(Path image) throws IOException {
        byte[] mbr = new byte[512];
        byte[] entry = {0, 0, 0, 0, (byte) 0x83, 0, 0, 0, 0, 8, 0, 0, 0, 0, 1, 0}; // LBA 2048, 65536 sectors
        System.arraycopy(entry, 0, mbr, 446, entry.length);
        mbr[510] = 0x55;
        mbr[511] = (byte) 0xAA;
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.write(mbr);
        }
    }

    /** From the effective set in /proc/self/status: sandboxes may run root without some. */
    private static boolean hasCapability(int bit) throws IOException {
        String effective = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("CapEff:"))
                .map(line -> line.substring("CapEff:".length()).strip())
                .findFirst()
                .orElse("0");
        return (Long.parseUnsignedLong(effective, 16) & (1L << bit)) != 0;
    }

    private static CsiException assertCode(CsiException.Code code, Executable executable) {
        CsiException error = assertThrows(CsiException.class, executable);
        assertEquals(code, error.code(), error.getMessage());
        return error;
    }
}
