package dev.polycsi.simulator.fsx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.fsx.model.FileCacheLifecycle;
import software.amazon.awssdk.services.fsx.model.FileCacheNotFoundException;
import software.amazon.awssdk.services.fsx.model.FileSystemLifecycle;

/** The documented realistic profile loads as knobs and makes FSx file systems and caches take their minutes. */
class RealisticProfileTest {

    private static final Path PROFILE = Path.of("profiles/fsx-realistic.properties");

    @TempDir
    Path dataDir;

    @Test
    void aFileSystemTakesTheProfilesMinutesToCreate() throws IOException {
        try (FsxFixture fixture = FsxFixture.start(dataDir)) {
            fixture.knobs().setAll(Files.readString(PROFILE));
            String id = fixture.create("realistic").fileSystemId();

            fixture.clock.advance(Duration.ofMinutes(7));
            assertEquals(FileSystemLifecycle.CREATING, fixture.describe(id).lifecycle());
            fixture.clock.advance(Duration.ofMinutes(1));
            assertEquals(FileSystemLifecycle.AVAILABLE, fixture.describe(id).lifecycle());
            assertEquals(Duration.ofHours(6), fixture.knobs().delay("fsx.filesystem.cooldown"));
        }
    }

    @Test
    void aCacheTakesTheProfilesMinutesToCreateAndToDelete() throws IOException {
        try (FsxFixture fixture = FsxFixture.start(dataDir)) {
            fixture.knobs().setAll(Files.readString(PROFILE));
            String id = fixture.createCache("realistic").fileCacheId();

            fixture.clock.advance(Duration.ofMinutes(9));
            assertEquals(FileCacheLifecycle.CREATING, fixture.describeCache(id).lifecycle());
            fixture.clock.advance(Duration.ofMinutes(1));
            assertEquals(FileCacheLifecycle.AVAILABLE, fixture.describeCache(id).lifecycle());
            fixture.fsx.deleteFileCache(r -> r.fileCacheId(id));
            fixture.clock.advance(Duration.ofMinutes(4));
            assertEquals(FileCacheLifecycle.DELETING, fixture.describeCache(id).lifecycle());
            fixture.clock.advance(Duration.ofMinutes(1));
            assertThrows(FileCacheNotFoundException.class, () -> fixture.describeCache(id));
        }
    }
}
