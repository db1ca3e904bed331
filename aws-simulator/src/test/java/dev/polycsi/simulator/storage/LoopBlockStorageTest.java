package dev.polycsi.simulator.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.core.plugin.LogCapture;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LoopBlockStorage's files, and what it does for a process that is not root: keep data, show no device. */
class LoopBlockStorageTest {

    private static final long MIB = 1024 * 1024;
    private static final long GIB = 1024 * MIB;
    private static final byte[] MARKER = "polycsi block data".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path tempDir;

    private Path deviceDir;
    private LoopBlockStorage storage;

    @BeforeEach
    void createStorage() {
        deviceDir = tempDir.resolve("dev");
        storage = new LoopBlockStorage(tempDir.resolve("data"), deviceDir, false);
    }

    @Test
    void createsSparseVolumesAndNeverWipesOneOnARetry() throws IOException {
        storage.create("vol-1", GIB, Optional.empty());
        Path file = storage.volumeFile("vol-1");
        assertEquals(tempDir.toRealPath().resolve("data/ebs/volumes/vol-1.img"), file);
        assertEquals(GIB, Files.size(file));
        assertTrue(HostTools.allocatedBytes(file) < MIB, "a new volume is a hole");

        write(file, 0, MARKER);
        storage.create("vol-1", GIB, Optional.empty());

        assertArrayEquals(MARKER, read(file, 0, MARKER.length));
    }

    @Test
    void withoutRootAttachShowsNoDeviceAndLogsWhyOnce() throws IOException {
        storage.create("vol-1", MIB, Optional.empty());
        storage.create("vol-2", MIB, Optional.empty());

        try (LogCapture log = new LogCapture(LoopBlockStorage.class)) {
            storage.attach("vol-1");
            storage.attach("vol-2");
            storage.attach("vol-1");

            List<String> warnings = log.messages();
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.getFirst().contains("simulated EBS volumes need root: attached volumes appear as loop devices"),
                    warnings.getFirst());
        }
        assertEquals(Optional.empty(), storage.devicePath("vol-1"));
        assertFalse(Files.exists(deviceDir.resolve(LoopBlockStorage.deviceName("vol-1"))));
        assertTrue(isEmptyOrMissing(deviceDir), "nothing is recorded in the device directory");

        storage.detach("vol-1");
        storage.resize("vol-1", 2 * MIB);
        assertEquals(2 * MIB, Files.size(storage.volumeFile("vol-1")));
        storage.delete("vol-1");
        assertFalse(Files.exists(storage.volumeFile("vol-1")));
    }

    @Test
    void snapshotsCopyDataAndKeepHoles() throws IOException {
        storage.create("vol-1", GIB, Optional.empty());
        write(storage.volumeFile("vol-1"), 512 * MIB, MARKER);

        storage.snapshot("vol-1", "snap-1");
        write(storage.volumeFile("vol-1"), 0, MARKER);
        storage.create("vol-2", 2 * GIB, Optional.of("snap-1"));

        Path snapshot = storage.snapshotFile("snap-1");
        Path restored = storage.volumeFile("vol-2");
        assertEquals(GIB, Files.size(snapshot));
        assertEquals(2 * GIB, Files.size(restored), "grown to the size asked for");
        assertArrayEquals(MARKER, read(restored, 512 * MIB, MARKER.length));
        assertArrayEquals(new byte[MARKER.length], read(restored, 0, MARKER.length), "written after the snapshot");
        assertTrue(HostTools.allocatedBytes(snapshot) < MIB, "the snapshot keeps the holes");
        assertTrue(HostTools.allocatedBytes(restored) < MIB, "the restored volume keeps the holes");

        storage.snapshot("vol-1", "snap-1");
        assertArrayEquals(new byte[MARKER.length], read(snapshot, 0, MARKER.length), "a retried snapshot is the same snapshot");
        storage.deleteSnapshot("snap-1");
        storage.deleteSnapshot("snap-1");
        assertFalse(Files.exists(snapshot));
    }

    @Test
    void resizingOnlyGrows() throws IOException {
        storage.create("vol-1", 2 * MIB, Optional.empty());

        storage.resize("vol-1", 4 * MIB);
        storage.resize("vol-1", MIB);

        assertEquals(4 * MIB, Files.size(storage.volumeFile("vol-1")));
    }

    @Test
    void refusesWhatHasNoDataWithoutLeavingAnythingBehind() {
        StorageException noSnapshot = assertThrows(StorageException.class,
                () -> storage.create("vol-1", MIB, Optional.of("snap-missing")));
        assertTrue(noSnapshot.getMessage().contains("snap-missing"), noSnapshot.getMessage());
        assertFalse(Files.exists(storage.volumeFile("vol-1")));

        StorageException noVolume = assertThrows(StorageException.class, () -> storage.snapshot("vol-missing", "snap-1"));
        assertTrue(noVolume.getMessage().contains("vol-missing"), noVolume.getMessage());
        assertFalse(Files.exists(storage.snapshotFile("snap-1")));

        storage.delete("vol-missing");
        storage.deleteSnapshot("snap-missing");
    }

    @Test
    void refusesIdsThatCouldLeaveTheDataDirectory() {
        for (String id : List.of("../vol-1", "vol-../../etc", "vol-1/x", "", "snap-1")) {
            assertThrows(IllegalArgumentException.class, () -> storage.create(id, MIB, Optional.empty()), id);
        }
        assertThrows(IllegalArgumentException.class, () -> storage.create("vol-1", MIB, Optional.of("../snap-1")));
        assertThrows(IllegalArgumentException.class, () -> storage.snapshot("vol-1", "vol-2"));
        assertThrows(IllegalArgumentException.class, () -> storage.devicePath("../vol-1"));
    }

    @Test
    void namesDevicesAsEbsOnNitro() {
        assertEquals("nvme-Amazon_Elastic_Block_Store_vol0abc", LoopBlockStorage.deviceName("vol-0abc"));
        assertEquals("nvme-Amazon_Elastic_Block_Store_vol0123456789abcdef0", LoopBlockStorage.deviceName("vol-0123456789abcdef0"));
    }

    private static boolean isEmptyOrMissing(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void write(Path file, long offset, byte[] data) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            raf.write(data);
        }
    }

    private static byte[] read(Path file, long offset, int length) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek(offset);
            byte[] data = new byte[length];
            raf.readFully(data);
            return data;
        }
    }
}
