package dev.polycsi.simulator.fsx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.fsx.model.Backup;
import software.amazon.awssdk.services.fsx.model.BackupInProgressException;
import software.amazon.awssdk.services.fsx.model.BackupLifecycle;
import software.amazon.awssdk.services.fsx.model.BackupNotFoundException;
import software.amazon.awssdk.services.fsx.model.BackupRestoringException;
import software.amazon.awssdk.services.fsx.model.BackupType;
import software.amazon.awssdk.services.fsx.model.BadRequestException;
import software.amazon.awssdk.services.fsx.model.FileSystemType;
import software.amazon.awssdk.services.fsx.model.ResourceType;
import software.amazon.awssdk.services.fsx.model.ServiceLimit;
import software.amazon.awssdk.services.fsx.model.ServiceLimitExceededException;
import software.amazon.awssdk.services.fsx.model.StorageVirtualMachineNotFoundException;
import software.amazon.awssdk.services.fsx.model.Tag;
import software.amazon.awssdk.services.fsx.model.Volume;
import software.amazon.awssdk.services.fsx.model.VolumeLifecycle;
import software.amazon.awssdk.services.fsx.model.VolumeNotFoundException;
import software.amazon.awssdk.services.fsx.model.VolumeStyle;

/** Backups of ONTAP volumes (copies of the volume's data when asked for) and new volumes restored from them. */
class OntapBackupsTest extends AbstractFsxTest {

    private Volume volume;

    @BeforeEach
    void start() throws IOException {
        volume = fixture.createVolume("source", "source");
        Files.writeString(fixture.fileSystemDirectory(volume.volumeId()).resolve("model.txt"), "epoch 1");
    }

    @Test
    void aBackupIsAnsweredCreatingAndCopiesTheVolumeAsItIsWhenAskedFor() throws IOException {
        fixture.knobs().set("delay.fsx.backup.available", "4m");

        Backup backup = fixture.createBackup("snap-1", volume.volumeId());
        Files.writeString(fixture.fileSystemDirectory(volume.volumeId()).resolve("model.txt"), "epoch 2");

        assertTrue(backup.backupId().matches("backup-[0-9a-f]{17}"), backup.backupId());
        assertEquals(BackupLifecycle.CREATING, backup.lifecycle());
        assertEquals(0, backup.progressPercent());
        assertEquals(BackupType.USER_INITIATED, backup.type());
        assertEquals(ResourceType.VOLUME, backup.resourceType());
        assertEquals(fixture.clock.instant(), backup.creationTime());
        assertEquals("arn:aws:fsx:us-east-1:123456789012:backup/" + backup.backupId(), backup.resourceARN());
        assertEquals("123456789012", backup.ownerId());
        assertEquals(OntapSeed.FILE_SYSTEM_ID, backup.fileSystem().fileSystemId());
        assertEquals(FileSystemType.ONTAP, backup.fileSystem().fileSystemType());
        assertEquals(volume.volumeId(), backup.volume().volumeId());
        assertEquals(volume.ontapConfiguration().junctionPath(), backup.volume().ontapConfiguration().junctionPath());
        assertEquals(VolumeLifecycle.CREATED, backup.volume().lifecycle());
        assertEquals(7, backup.sizeInBytes());
        assertEquals("epoch 1", Files.readString(fixture.backupDirectory(backup.backupId()).resolve("model.txt")));
        fixture.clock.advance(Duration.ofMinutes(2));
        Backup halfway = fixture.describeBackup(backup.backupId());
        assertEquals(BackupLifecycle.CREATING, halfway.lifecycle());
        assertEquals(50, halfway.progressPercent());
        fixture.clock.advance(Duration.ofMinutes(2));
        Backup done = fixture.describeBackup(backup.backupId());
        assertEquals(BackupLifecycle.AVAILABLE, done.lifecycle());
        assertEquals(100, done.progressPercent());
    }

    @Test
    void aSecondBackupWhileOneIsCreatingIsBackupInProgress() {
        fixture.knobs().set("delay.fsx.backup.available", "5m");
        fixture.createBackup("first", volume.volumeId());

        BackupInProgressException refused = assertThrows(BackupInProgressException.class, () -> fixture.createBackup("second", volume.volumeId()));

        assertEquals("BackupInProgress", refused.awsErrorDetails().errorCode());
        assertTrue(refused.getMessage().contains("under way"), refused.getMessage());
        BadRequestException noFinalBackup = assertThrows(BadRequestException.class, () -> fixture.fsx.deleteVolume(r -> r.volumeId(volume.volumeId())));
        assertTrue(noFinalBackup.getMessage().contains("SkipFinalBackup"), noFinalBackup.getMessage());
        fixture.clock.advance(Duration.ofMinutes(5));
        fixture.createBackup("second", volume.volumeId());
    }

    @Test
    void onlyACreatedReadWriteVolumeIsBackedUpFlexGroupsIncluded() {
        fixture.knobs().set("delay.fsx.volume.created", "1m");
        String young = fixture.createVolume("young", "young").volumeId();
        fixture.knobs().reset();
        String dp = fixture.createVolume("dp", "dp", o -> o.ontapVolumeType("DP").junctionPath(null)).volumeId();
        String group = fixture.createVolume("group", "group", o -> o.volumeStyle(VolumeStyle.FLEXGROUP).sizeInMegabytes(800 * 1024)).volumeId();

        BadRequestException creating = assertThrows(BadRequestException.class, () -> fixture.createBackup("young", young));
        BadRequestException dataProtection = assertThrows(BadRequestException.class, () -> fixture.createBackup("dp", dp));

        assertTrue(creating.getMessage().contains("CREATING"), creating.getMessage());
        assertTrue(dataProtection.getMessage().contains("data protection (DP)"), dataProtection.getMessage());
        assertEquals(group, fixture.createBackup("group", group).volume().volumeId(), "FSx backs up FlexGroup volumes of RW type");
        assertThrows(VolumeNotFoundException.class, () -> fixture.createBackup("none", "fsvol-00000000000000000"));
        assertThrows(BadRequestException.class, () -> fixture.fsx.createBackup(r -> r.fileSystemId(OntapSeed.FILE_SYSTEM_ID)));
        assertThrows(BadRequestException.class, () -> fixture.fsx.createBackup(r -> { }));
    }

    @Test
    void aVolumeThatCopiesTagsToBackupsGivesThemItsTagsAndTheRequestsWin() {
        Volume copying = fixture.fsx.createVolume(r -> r.volumeType("ONTAP").name("copying")
                .ontapConfiguration(FsxFixture.ontap("copying", o -> o.copyTagsToBackups(true)))
                .tags(tag("CSIVolumeName", "pvc-1"), tag("team", "ml"))).volume();

        Backup backup = fixture.fsx.createBackup(r -> r.volumeId(copying.volumeId()).tags(tag("team", "search"), tag("kind", "snapshot"))).backup();
        Backup plain = fixture.fsx.createBackup(r -> r.volumeId(volume.volumeId()).tags(tag("kind", "snapshot"))).backup();

        assertEquals(List.of(tag("CSIVolumeName", "pvc-1"), tag("team", "search"), tag("kind", "snapshot")), backup.tags());
        assertEquals(List.of(tag("kind", "snapshot")), plain.tags());
        fixture.fsx.tagResource(r -> r.resourceARN(plain.resourceARN()).tags(tag("extra", "1")));
        assertEquals(List.of(tag("kind", "snapshot"), tag("extra", "1")), fixture.describeBackup(plain.backupId()).tags());
        assertEquals(List.of(tag("kind", "snapshot"), tag("extra", "1")), fixture.fsx.listTagsForResource(r -> r.resourceARN(plain.resourceARN()))
                .tags());
    }

    @Test
    void theAccountsBackupQuotaIsServiceLimitExceeded(@TempDir Path otherData) {
        try (FsxFixture small = FsxFixture.startWithOntapLimits(otherData, 10, 1)) {
            String id = small.createVolume("v", "v").volumeId();
            small.createBackup("only", id);

            ServiceLimitExceededException e = assertThrows(ServiceLimitExceededException.class, () -> small.createBackup("one-more", id));
            ServiceLimitExceededException finalBackup = assertThrows(ServiceLimitExceededException.class,
                    () -> small.fsx.deleteVolume(r -> r.volumeId(id)));

            assertEquals(ServiceLimit.TOTAL_USER_INITIATED_BACKUPS, e.limit());
            assertEquals(ServiceLimit.TOTAL_USER_INITIATED_BACKUPS, finalBackup.limit());
            small.fsx.deleteVolume(r -> r.volumeId(id).ontapConfiguration(o -> o.skipFinalBackup(true)));
        }
    }

    @Test
    void aBackupFailureKnobEndsTheBackupFailedWithItsDetails() {
        fixture.knobs().set("delay.fsx.backup.available", "1m");
        fixture.knobs().set("fail.fsx.backup.create", "The volume's SSD tier is full");
        String id = fixture.createBackup("unlucky", volume.volumeId()).backupId();

        fixture.clock.advance(Duration.ofMinutes(1));

        Backup failed = fixture.describeBackup(id);
        assertEquals(BackupLifecycle.FAILED, failed.lifecycle());
        assertEquals("The volume's SSD tier is full", failed.failureDetails().message());
        assertThrows(BadRequestException.class, () -> fixture.fsx.createVolumeFromBackup(r -> r.backupId(id).name("restored")
                .ontapConfiguration(FsxFixture.ontap("restored", o -> { }))));
        fixture.fsx.deleteBackup(r -> r.backupId(id));
    }

    @Test
    void describeNamesBackupsFiltersThemAndPagesInCreationOrder() {
        String other = fixture.createVolume("other", "other").volumeId();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            created.add(fixture.createBackup("b" + i, i % 2 == 0 ? volume.volumeId() : other).backupId());
        }

        assertEquals(List.of(created.get(1), created.get(2)), ids(fixture.fsx.describeBackups(r -> r.backupIds(created.get(2), created.get(1)))
                .backups()));
        BackupNotFoundException missing = assertThrows(BackupNotFoundException.class,
                () -> fixture.fsx.describeBackups(r -> r.backupIds(created.getFirst(), "backup-00000000000000000")));
        assertTrue(missing.getMessage().contains("backup-00000000000000000"), missing.getMessage());
        assertEquals(List.of(created.get(0), created.get(2)), ids(fixture.fsx.describeBackups(r -> r.filters(
                f -> f.name("volume-id").values(volume.volumeId()))).backups()));
        assertEquals(List.of(created.get(1)), ids(fixture.fsx.describeBackups(r -> r.backupIds(created.get(1))
                .filters(f -> f.name("volume-id").values(volume.volumeId()))).backups()), "ids override filters");
        assertEquals(created, ids(fixture.fsx.describeBackups(r -> r.filters(f -> f.name("file-system-id").values(OntapSeed.FILE_SYSTEM_ID),
                f -> f.name("backup-type").values("USER_INITIATED"), f -> f.name("file-system-type").values("ONTAP"))).backups()));
        assertEquals(List.of(), fixture.fsx.describeBackups(r -> r.filters(f -> f.name("backup-type").values("AUTOMATIC"))).backups());
        assertEquals(List.of(), fixture.fsx.describeBackups(r -> r.filters(f -> f.name("file-system-type").values("LUSTRE"))).backups());
        assertThrows(BadRequestException.class, () -> fixture.fsx.describeBackups(r -> r.filters(f -> f.name("backup-type").values("WEEKLY"))));
        assertThrows(BadRequestException.class, () -> fixture.fsx.describeBackups(r -> r.filters(f -> f.name("file-cache-id").values("fc-1"))));
        assertEquals(created.subList(0, 3), ids(fixture.fsx.describeBackups(r -> r.maxResults(3)).backups()));
        assertEquals(created, fixture.fsx.describeBackupsPaginator(r -> r.maxResults(3)).stream()
                .flatMap(page -> page.backups().stream()).map(Backup::backupId).toList());
    }

    @Test
    void aDeletedBackupIsGoneAtOnceWithItsCopyButNotWhileCreatingOrRestoring() {
        fixture.knobs().set("delay.fsx.backup.available", "1m");
        String id = fixture.createBackup("doomed", volume.volumeId()).backupId();
        BackupInProgressException creating = assertThrows(BackupInProgressException.class, () -> fixture.fsx.deleteBackup(r -> r.backupId(id)));
        fixture.clock.advance(Duration.ofMinutes(1));
        fixture.knobs().set("delay.fsx.volume.restored", "10m");
        String restoring = fixture.fsx.createVolumeFromBackup(r -> r.backupId(id).name("restoring")
                .ontapConfiguration(FsxFixture.ontap("restoring", o -> { }))).volume().volumeId();

        BackupRestoringException restore = assertThrows(BackupRestoringException.class, () -> fixture.fsx.deleteBackup(r -> r.backupId(id)));
        fixture.clock.advance(Duration.ofMinutes(10));
        var deleted = fixture.fsx.deleteBackup(r -> r.backupId(id));

        assertTrue(creating.getMessage().contains(id), creating.getMessage());
        assertEquals(OntapSeed.FILE_SYSTEM_ID, restore.fileSystemId());
        assertTrue(restore.getMessage().contains(restoring), restore.getMessage());
        assertEquals(BackupLifecycle.DELETED, deleted.lifecycle());
        assertEquals(id, deleted.backupId());
        assertThrows(BackupNotFoundException.class, () -> fixture.describeBackup(id));
        assertFalse(Files.exists(fixture.backupDirectory(id)));
        assertThrows(BackupNotFoundException.class, () -> fixture.fsx.deleteBackup(r -> r.backupId(id)));
        assertTrue(Files.exists(fixture.fileSystemDirectory(restoring).resolve("model.txt")), "the restored volume keeps its data");
    }

    @Test
    void aVolumeRestoredFromABackupIsCreatingThenHasTheBackupsData() throws IOException {
        String backupId = fixture.createBackup("snap", volume.volumeId()).backupId();
        Files.writeString(fixture.fileSystemDirectory(volume.volumeId()).resolve("model.txt"), "epoch 2");
        fixture.knobs().set("delay.fsx.volume.restored", "10m");

        Volume restored = fixture.fsx.createVolumeFromBackup(r -> r.backupId(backupId).name("restored")
                .ontapConfiguration(FsxFixture.ontap("restored", o -> o.sizeInMegabytes(2048))).tags(tag("CSIVolumeName", "pvc-2"))).volume();

        assertEquals(VolumeLifecycle.CREATING, restored.lifecycle());
        assertEquals("/restored", restored.ontapConfiguration().junctionPath());
        assertEquals(2048, restored.ontapConfiguration().sizeInMegabytes());
        assertEquals(List.of(tag("CSIVolumeName", "pvc-2")), restored.tags());
        assertFalse(Files.exists(fixture.fileSystemDirectory(restored.volumeId()).resolve("model.txt")), "no data while CREATING");
        fixture.clock.advance(Duration.ofMinutes(9));
        assertEquals(VolumeLifecycle.CREATING, fixture.describeVolume(restored.volumeId()).lifecycle());
        fixture.clock.advance(Duration.ofMinutes(1));
        assertEquals(VolumeLifecycle.CREATED, fixture.describeVolume(restored.volumeId()).lifecycle());
        assertEquals("epoch 1", Files.readString(fixture.fileSystemDirectory(restored.volumeId()).resolve("model.txt")));
        Files.writeString(fixture.fileSystemDirectory(restored.volumeId()).resolve("model.txt"), "epoch 3");
        fixture.describeVolume(restored.volumeId());
        assertEquals("epoch 3", Files.readString(fixture.fileSystemDirectory(restored.volumeId()).resolve("model.txt")), "restored once");
    }

    @Test
    void aRestoreIsCheckedAsACreateAndNeedsAnAvailableBackupWithRoomForItsData() throws IOException {
        Files.write(fixture.fileSystemDirectory(volume.volumeId()).resolve("big.bin"), new byte[30 << 20]);
        String backupId = fixture.createBackup("snap", volume.volumeId()).backupId();

        assertThrows(BackupNotFoundException.class, () -> fixture.fsx.createVolumeFromBackup(r -> r.backupId("backup-00000000000000000")
                .name("restored").ontapConfiguration(FsxFixture.ontap("restored", o -> { }))));
        assertThrows(BadRequestException.class, () -> fixture.fsx.createVolumeFromBackup(r -> r.backupId(backupId)
                .name("source").ontapConfiguration(FsxFixture.ontap("elsewhere", o -> { }))), "the name is taken");
        assertThrows(BadRequestException.class, () -> fixture.fsx.createVolumeFromBackup(r -> r.backupId(backupId)
                .name("restored").ontapConfiguration(FsxFixture.ontap("restored", o -> o.junctionPath("/source")))));
        assertThrows(StorageVirtualMachineNotFoundException.class, () -> fixture.fsx.createVolumeFromBackup(r -> r.backupId(backupId)
                .name("restored").ontapConfiguration(FsxFixture.ontap("restored", o -> o.storageVirtualMachineId("svm-00000000000000000")))));
        BadRequestException small = assertThrows(BadRequestException.class, () -> fixture.fsx.createVolumeFromBackup(r -> r.backupId(backupId)
                .name("restored").ontapConfiguration(FsxFixture.ontap("restored", o -> o.sizeInMegabytes(25)))));
        assertTrue(small.getMessage().contains("data"), small.getMessage());
        assertEquals(List.of(volume.volumeId()), fixture.fsx.describeVolumes(r -> { }).volumes().stream().map(Volume::volumeId).toList());
    }

    private static List<String> ids(List<Backup> backups) {
        return backups.stream().map(Backup::backupId).toList();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
