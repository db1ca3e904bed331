package dev.polycsi.core.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.mount.FilesystemStats;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatvfsTest {

    /** Other processes write to the same filesystem between the two calls. */
    private static final long TOLERANCE = 64L * 1024 * 1024;

    @TempDir
    Path tempDir;

    @Test
    void agreesWithTheFileStoreOfTheJdk() throws IOException {
        FileStore store = Files.getFileStore(tempDir);

        FilesystemStats stats = Statvfs.stats(tempDir);

        assertEquals(store.getTotalSpace(), stats.totalBytes());
        assertTrue(Math.abs(store.getUsableSpace() - stats.availableBytes()) < TOLERANCE, stats.toString());
        long used = store.getTotalSpace() - store.getUnallocatedSpace();
        assertTrue(Math.abs(used - stats.usedBytes()) < TOLERANCE, stats.toString());
        assertTrue(stats.totalBytes() > 0);
        assertTrue(stats.availableBytes() <= stats.totalBytes());
        assertEquals(stats.totalInodes() - stats.freeInodes(), stats.usedInodes());
    }

    @Test
    void aMissingPathIsNotFound() {
        CsiException missing = assertThrows(CsiException.class, () -> Statvfs.stats(tempDir.resolve("missing")));

        assertEquals(CsiException.Code.NOT_FOUND, missing.code());
        assertTrue(missing.getMessage().contains("ENOENT"), missing.getMessage());
    }

    @Test
    void otherErrorsAreInternalAndNameTheErrno() throws IOException {
        Path file = Files.createFile(tempDir.resolve("file"));

        CsiException notADirectory = assertThrows(CsiException.class, () -> Statvfs.stats(file.resolve("below")));

        assertEquals(CsiException.Code.INTERNAL, notADirectory.code());
        assertTrue(notADirectory.getMessage().contains("ENOTDIR"), notADirectory.getMessage());
    }
}
