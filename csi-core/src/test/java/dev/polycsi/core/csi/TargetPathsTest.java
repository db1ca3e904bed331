package dev.polycsi.core.csi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node paths the core creates and removes for every backend, and what it refuses to touch. */
class TargetPathsTest {

    @TempDir
    Path dir;

    private final FakeMounter mounter = new FakeMounter();
    private final TargetPaths paths = new TargetPaths(mounter);

    private static CsiException.Code failure(Runnable action) {
        return assertThrows(CsiException.class, action::run).code();
    }

    @Test
    void ensureDirectoryCreatesTheDirectoryAndItsParentsOnceAndLeavesContentAlone() throws Exception {
        Path target = dir.resolve("pods/p1/volumes/mount");
        paths.ensureDirectory(target);
        assertTrue(Files.isDirectory(target));
        Files.writeString(target.resolve("kept"), "x");
        paths.ensureDirectory(target);
        assertEquals("x", Files.readString(target.resolve("kept")));
    }

    /** Found by the hostile-input campaign: a target naming the directory of other targets was mounted over, hiding them all. */
    @Test
    void ensureDirectoryRefusesADirectoryWithMountsBelowIt() throws Exception {
        Path pods = Files.createDirectories(dir.resolve("pods"));
        Path published = Files.createDirectories(pods.resolve("p1/volumes/mount")).toRealPath();
        TargetPaths withMounts = new TargetPaths(mounter, () -> List.of(Path.of("/"), published));
        CsiException e = assertThrows(CsiException.class, () -> withMounts.ensureDirectory(pods));
        assertEquals(CsiException.Code.FAILED_PRECONDITION, e.code());
        assertTrue(e.getMessage().contains(pods.toString()) && e.getMessage().contains(published.toString()), e.getMessage());
        withMounts.ensureDirectory(Files.createDirectories(pods.resolve("p2/volumes/mount")));
        withMounts.ensureDirectory(pods.resolve("p3/volumes/mount"));
        mounter.mounted.add(pods);
        withMounts.ensureDirectory(pods); // mounted already: a repeated publish
    }

    @Test
    void ensureDirectoryRefusesAFileOrASymbolicLink() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "data");
        CsiException e = assertThrows(CsiException.class, () -> paths.ensureDirectory(file));
        assertEquals(CsiException.Code.FAILED_PRECONDITION, e.code());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertEquals("data", Files.readString(file));

        Path link = Files.createSymbolicLink(dir.resolve("link"), Files.createDirectories(dir.resolve("elsewhere")));
        assertEquals(CsiException.Code.FAILED_PRECONDITION, failure(() -> paths.ensureDirectory(link)));
    }

    /** Found by the hostile-input campaign: a target that cannot be created was INTERNAL, which the CO retries forever. */
    @Test
    void aTargetThatCannotBeCreatedWhereItIsIsFailedPrecondition() throws Exception {
        CsiException proc = assertThrows(CsiException.class, () -> paths.ensureDirectory(Path.of("/proc/polycsi-test-target")));
        assertEquals(CsiException.Code.FAILED_PRECONDITION, proc.code(), proc.getMessage());
        assertTrue(proc.getMessage().contains("/proc/polycsi-test-target"), proc.getMessage());
        Path file = Files.writeString(dir.resolve("a-file"), "data");
        assertEquals(CsiException.Code.FAILED_PRECONDITION, failure(() -> paths.ensureDirectory(file.resolve("below"))));
        assertEquals(CsiException.Code.FAILED_PRECONDITION, failure(() -> paths.ensureFile(file.resolve("below/device"))));
        assertEquals(CsiException.Code.FAILED_PRECONDITION, failure(() -> paths.ensureFile(Path.of("/proc/self/polycsi-test-device"))));
        assertEquals("data", Files.readString(file));
    }

    @Test
    void aMountedPathIsNeitherStatedNorCreated() {
        Path mounted = dir.resolve("hung-nfs");
        mounter.mounted.add(mounted);
        paths.ensureDirectory(mounted);
        paths.ensureFile(mounted);
        assertFalse(Files.exists(mounted), "a mount point is used as it is");
    }

    @Test
    void ensureFileCreatesAnEmptyFileAndKeepsAnExistingOne() throws Exception {
        Path target = dir.resolve("volumeDevices/publish/pv/pod");
        paths.ensureFile(target);
        assertTrue(Files.isRegularFile(target));
        assertEquals(0, Files.size(target));
        Files.writeString(target, "already there");
        paths.ensureFile(target);
        assertEquals("already there", Files.readString(target));
    }

    @Test
    void ensureFileRefusesADirectory() throws Exception {
        Path directory = Files.createDirectories(dir.resolve("volumeDevices/publish/pv/pod"));
        CsiException e = assertThrows(CsiException.class, () -> paths.ensureFile(directory));
        assertEquals(CsiException.Code.FAILED_PRECONDITION, e.code());
        assertTrue(e.getMessage().contains(directory.toString()) && e.getMessage().contains("raw block"), e.getMessage());
    }

    @Test
    void removeDeletesAnEmptyDirectoryOrEmptyFileAndAcceptsAMissingPath() throws Exception {
        Path directory = Files.createDirectories(dir.resolve("pods/p1/mount"));
        paths.remove(directory);
        assertFalse(Files.exists(directory));
        assertTrue(Files.isDirectory(directory.getParent()), "only the target itself is removed");

        Path file = Files.createFile(dir.resolve("pod-block"));
        paths.remove(file);
        assertFalse(Files.exists(file));

        paths.remove(dir.resolve("never-there"));
    }

    @Test
    void removeKeepsADirectoryWithFilesOrAFileWithBytes() throws Exception {
        Path directory = Files.createDirectories(dir.resolve("pods/p1/mount"));
        Path stray = Files.writeString(directory.resolve("written-while-unmounted"), "data");
        CsiException e = assertThrows(CsiException.class, () -> paths.remove(directory));
        assertEquals(CsiException.Code.FAILED_PRECONDITION, e.code());
        assertTrue(e.getMessage().contains(directory.toString()), e.getMessage());
        assertEquals("data", Files.readString(stray));

        Path file = Files.writeString(dir.resolve("pod-block"), "bytes");
        CsiException fileError = assertThrows(CsiException.class, () -> paths.remove(file));
        assertEquals(CsiException.Code.FAILED_PRECONDITION, fileError.code());
        assertTrue(fileError.getMessage().contains(file.toString()) && fileError.getMessage().contains("5 bytes"), fileError.getMessage());
        assertEquals("bytes", Files.readString(file));
    }

    @Test
    void removeNeverDeletesAMountedTarget() throws Exception {
        Path target = Files.createDirectories(dir.resolve("pods/p1/mount"));
        mounter.mounted.add(target);
        CsiException e = assertThrows(CsiException.class, () -> paths.remove(target));
        assertEquals(CsiException.Code.INTERNAL, e.code());
        assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
        assertTrue(Files.isDirectory(target));
    }
}
