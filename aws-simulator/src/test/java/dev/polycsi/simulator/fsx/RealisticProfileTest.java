package dev.polycsi.simulator.fsx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.fsx.model.BackupLifecycle;
import software.amazon.awssdk.services.fsx.model.FileCacheLifecycle;
import software.amazon.awssdk.services.fsx.model.FileCacheNotFoundException;
import software.amazon.awssdk.services.fsx.model.FileSystemLifecycle;
import software.amazon.awssdk.services.fsx.model.Status;
import software.amazon.awssdk.services.fsx.model.VolumeLifecycle;
import software.amazon.awssdk.services.fsx.model.VolumeNotFoundException;

/** The documented realistic profile loads as knobs and makes FSx file systems, caches and ONTAP volumes and backups take their minutes. */
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

    @Test
    void anOntapVolumeAndItsBackupAndRestoreTakeTheProfilesMinutes() throws IOException {
        try (FsxFixture fixture = FsxFixture.start(dataDir)) {
            fixture.knobs().setAll(Files.readString(PROFILE));
            String id = fixture.createVolume("realistic", "realistic").volumeId();
            assertEquals(VolumeLifecycle.CREATING, fixture.describeVolume(id).lifecycle());
            fixture.clock.advance(Duration.ofMinutes(1));
            assertEquals(VolumeLifecycle.CREATED, fixture.describeVolume(id).lifecycle());

            fixture.fsx.updateVolume(r -> r.volumeId(id).ontapConfiguration(o -> o.sizeInMegabytes(2048)));
            assertEquals(Status.IN_PROGRESS, fixture.describeVolume(id).administrativeActions().getFirst().status());
            fixture.clock.advance(Duration.ofMinutes(1));
            assertEquals(Status.COMPLETED, fixture.describeVolume(id).administrativeActions().getFirst().status());

            String backupId = fixture.createBackup("realistic", id).backupId();
            fixture.clock.advance(Duration.ofMinutes(4));
            assertEquals(BackupLifecycle.CREATING, fixture.describeBackup(backupId).lifecycle());
            fixture.clock.advance(Duration.ofMinutes(1));
            assertEquals(BackupLifecycle.AVAILABLE, fixture.describeBackup(backupId).lifecycle());

            String restored = fixture.fsx.createVolumeFromBackup(r -> r.backupId(backupId).name("restored")
                    .ontapConfiguration(FsxFixture.ontap("restored", o -> { }))).volume().volumeId();
            fixture.clock.advance(Duration.ofMinutes(9));
            assertEquals(VolumeLifecycle.CREATING, fixture.describeVolume(restored).lifecycle());
            fixture.clock.advance(Duration.ofMinutes(1));
            assertEquals(VolumeLifecycle.CREATED, fixture.describeVolume(restored).lifecycle());

            fixture.fsx.deleteVolume(r -> r.volumeId(id).ontapConfiguration(o -> o.skipFinalBackup(true)));
            assertEquals(VolumeLifecycle.DELETING, fixture.describeVolume(id).lifecycle());
            fixture.clock.advance(Duration.ofMinutes(1));
            assertThrows(VolumeNotFoundException.class, () -> fixture.describeVolume(id));
        }
    }
}
