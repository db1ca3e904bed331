package dev.polycsi.simulator.fsx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.fsx.model.BackupLifecycle;
import software.amazon.awssdk.services.fsx.model.BadRequestException;
import software.amazon.awssdk.services.fsx.model.DeleteVolumeResponse;
import software.amazon.awssdk.services.fsx.model.DescribeVolumesResponse;
import software.amazon.awssdk.services.fsx.model.FlexCacheEndpointType;
import software.amazon.awssdk.services.fsx.model.OntapVolumeType;
import software.amazon.awssdk.services.fsx.model.SecurityStyle;
import software.amazon.awssdk.services.fsx.model.ServiceLimit;
import software.amazon.awssdk.services.fsx.model.ServiceLimitExceededException;
import software.amazon.awssdk.services.fsx.model.Tag;
import software.amazon.awssdk.services.fsx.model.TieringPolicyName;
import software.amazon.awssdk.services.fsx.model.Volume;
import software.amazon.awssdk.services.fsx.model.VolumeLifecycle;
import software.amazon.awssdk.services.fsx.model.VolumeNotFoundException;
import software.amazon.awssdk.services.fsx.model.VolumeStyle;
import software.amazon.awssdk.services.fsx.model.VolumeType;

/** FSx for ONTAP volumes on the seeded SVM: created, described, failed and deleted as FSx does. */
class OntapVolumesTest extends AbstractFsxTest {

    @Test
    void aNewVolumeIsAnsweredCreatingWithItsSettingsAndIsCreatedAfterTheDelay() {
        fixture.knobs().set("delay.fsx.volume.created", "1m");

        Volume created = fixture.createVolume("pvc-1", "pvc_1", o -> o.securityStyle(SecurityStyle.MIXED)
                .tieringPolicy(t -> t.name(TieringPolicyName.AUTO).coolingPeriod(31)).snapshotPolicy("none").copyTagsToBackups(true));

        assertEquals(VolumeLifecycle.CREATING, created.lifecycle());
        assertTrue(created.volumeId().matches("fsvol-[0-9a-f]{17}"), created.volumeId());
        assertEquals("pvc_1", created.name());
        assertEquals(VolumeType.ONTAP, created.volumeType());
        assertEquals(OntapSeed.FILE_SYSTEM_ID, created.fileSystemId());
        assertEquals("arn:aws:fsx:us-east-1:123456789012:volume/fs-0fedcba9876543210/" + created.volumeId(), created.resourceARN());
        assertEquals(fixture.clock.instant(), created.creationTime());
        var ontap = created.ontapConfiguration();
        assertEquals(OntapSeed.SVM_ID, ontap.storageVirtualMachineId());
        assertFalse(ontap.storageVirtualMachineRoot());
        assertEquals("/pvc_1", ontap.junctionPath());
        assertEquals(1024, ontap.sizeInMegabytes());
        assertEquals(1024L << 20, ontap.sizeInBytes());
        assertTrue(ontap.storageEfficiencyEnabled());
        assertEquals(SecurityStyle.MIXED, ontap.securityStyle());
        assertEquals(TieringPolicyName.AUTO, ontap.tieringPolicy().name());
        assertEquals(31, ontap.tieringPolicy().coolingPeriod());
        assertEquals("none", ontap.snapshotPolicy());
        assertTrue(ontap.copyTagsToBackups());
        assertEquals(OntapVolumeType.RW, ontap.ontapVolumeType());
        assertEquals(VolumeStyle.FLEXVOL, ontap.volumeStyle());
        assertEquals(FlexCacheEndpointType.NONE, ontap.flexCacheEndpointType());
        assertTrue(ontap.uuid().matches("[0-9a-f-]{36}"), ontap.uuid());
        assertNull(ontap.aggregateConfiguration(), "a FlexVol volume");

        assertEquals(VolumeLifecycle.CREATING, fixture.describeVolume(created.volumeId()).lifecycle());
        fixture.clock.advance(Duration.ofMinutes(1));
        Volume ready = fixture.describeVolume(created.volumeId());
        assertEquals(VolumeLifecycle.CREATED, ready.lifecycle());
        assertEquals(ontap, ready.ontapConfiguration());
        assertTrue(Files.isDirectory(fixture.fileSystemDirectory(created.volumeId())), "its data");
    }

    @Test
    void defaultsAreFsxsAndTheSecurityStyleIsTheSvmRootVolumes() {
        Volume created = fixture.createVolume("defaults", "defaults", o -> o.sizeInMegabytes(null).sizeInBytes(1_500_000_000L));

        var ontap = created.ontapConfiguration();
        assertEquals(SecurityStyle.UNIX, ontap.securityStyle());
        assertEquals(TieringPolicyName.SNAPSHOT_ONLY, ontap.tieringPolicy().name());
        assertNull(ontap.tieringPolicy().coolingPeriod());
        assertEquals("default", ontap.snapshotPolicy());
        assertFalse(ontap.copyTagsToBackups());
        assertEquals(OntapVolumeType.RW, ontap.ontapVolumeType());
        assertEquals(1_500_000_000L, ontap.sizeInBytes());
        assertEquals(1431, ontap.sizeInMegabytes(), "whole MiB, rounded up");
    }

    @Test
    void aFlexGroupVolumeSpreadsOverTheFileSystemsAggregatesWithEightConstituentsEach() {
        long eightHundredGib = 800L << 30;
        Volume spread = fixture.createVolume("group", "group", o -> o.volumeStyle(VolumeStyle.FLEXGROUP).sizeInMegabytes(null)
                .sizeInBytes(eightHundredGib));
        Volume four = fixture.createVolume("four", "four", o -> o.volumeStyle(VolumeStyle.FLEXGROUP).sizeInMegabytes(400 * 1024)
                .aggregateConfiguration(a -> a.aggregates("aggr1").constituentsPerAggregate(4)));

        assertEquals(VolumeStyle.FLEXGROUP, spread.ontapConfiguration().volumeStyle());
        assertEquals(List.of("aggr1"), spread.ontapConfiguration().aggregateConfiguration().aggregates());
        assertEquals(8, spread.ontapConfiguration().aggregateConfiguration().totalConstituents());
        assertEquals(4, four.ontapConfiguration().aggregateConfiguration().totalConstituents());
        BadRequestException small = assertThrows(BadRequestException.class, () -> fixture.createVolume("small", "small",
                o -> o.volumeStyle(VolumeStyle.FLEXGROUP).sizeInMegabytes(799 * 1024)));
        assertTrue(small.getMessage().contains("100 GiB per constituent"), small.getMessage());
        BadRequestException elsewhere = assertThrows(BadRequestException.class, () -> fixture.createVolume("two", "two",
                o -> o.volumeStyle(VolumeStyle.FLEXGROUP).sizeInMegabytes(1600 * 1024).aggregateConfiguration(a -> a.aggregates("aggr1", "aggr2"))));
        assertTrue(elsewhere.getMessage().contains("aggr2"), elsewhere.getMessage());
        assertThrows(BadRequestException.class, () -> fixture.createVolume("flexvol", "flexvol",
                o -> o.aggregateConfiguration(a -> a.aggregates("aggr1"))));
    }

    @Test
    void aDataProtectionVolumeNeedsNeitherJunctionPathNorStorageEfficiency() {
        Volume dp = fixture.createVolume("dp", "dp", o -> o.ontapVolumeType("DP").junctionPath(null).storageEfficiencyEnabled(null));

        assertEquals(OntapVolumeType.DP, dp.ontapConfiguration().ontapVolumeType());
        assertNull(dp.ontapConfiguration().junctionPath());
        assertNull(dp.ontapConfiguration().storageEfficiencyEnabled());
    }

    @Test
    void refusedRequestsAreBadRequestNamingWhatIsWrongAndCreateNothing() {
        fixture.createVolume("first", "taken", o -> o.junctionPath("/taken"));
        List<Runnable> refused = List.of(
                () -> fixture.createVolume("dash", "pvc-1"),
                () -> fixture.createVolume("long", "v".repeat(204)),
                () -> fixture.createVolume("name", "taken", o -> o.junctionPath("/other")),
                () -> fixture.createVolume("junction", "other", o -> o.junctionPath("/taken")),
                () -> fixture.createVolume("relative", "other", o -> o.junctionPath("other")),
                () -> fixture.createVolume("root", "other", o -> o.junctionPath("/")),
                () -> fixture.createVolume("empty-part", "other", o -> o.junctionPath("/a//b")),
                () -> fixture.createVolume("dots", "other", o -> o.junctionPath("/a/../b")),
                () -> fixture.createVolume("no-junction", "other", o -> o.junctionPath(null)),
                () -> fixture.createVolume("both-sizes", "other", o -> o.sizeInBytes(1L << 30)),
                () -> fixture.createVolume("no-size", "other", o -> o.sizeInMegabytes(null)),
                () -> fixture.createVolume("tiny", "other", o -> o.sizeInMegabytes(19)),
                () -> fixture.createVolume("huge", "other", o -> o.sizeInMegabytes(null).sizeInBytes((314_572_800L << 20) + 1)),
                () -> fixture.createVolume("efficiency", "other", o -> o.storageEfficiencyEnabled(null)),
                () -> fixture.createVolume("cooling-all", "other", o -> o.tieringPolicy(t -> t.name(TieringPolicyName.ALL).coolingPeriod(2))),
                () -> fixture.createVolume("cooling-1", "other", o -> o.tieringPolicy(t -> t.name(TieringPolicyName.AUTO).coolingPeriod(1))),
                () -> fixture.createVolume("style", "other", o -> o.securityStyle("VMS")),
                () -> fixture.createVolume("svm-id", "other", o -> o.storageVirtualMachineId("svm-1")),
                () -> fixture.createVolume("snaplock", "other", o -> o.snaplockConfiguration(s -> s.snaplockType("COMPLIANCE"))),
                () -> fixture.createVolume("constituents", "other", o -> o.volumeStyle(VolumeStyle.FLEXGROUP).sizeInMegabytes(1 << 30)
                        .aggregateConfiguration(a -> a.constituentsPerAggregate(201))),
                () -> fixture.fsx.createVolume(r -> r.volumeType(VolumeType.OPENZFS).name("zfs")
                        .openZFSConfiguration(z -> z.parentVolumeId("fsvol-00000000000000000"))));
        for (Runnable request : refused) {
            assertThrows(BadRequestException.class, request::run);
        }
        assertEquals(1, fixture.fsx.describeVolumes(r -> { }).volumes().size());
    }

    @Test
    void anUnknownSvmAndAMissingConfigurationHaveTheirOwnCodes() {
        var unknown = assertThrows(software.amazon.awssdk.services.fsx.model.StorageVirtualMachineNotFoundException.class,
                () -> fixture.createVolume("svm", "vol", o -> o.storageVirtualMachineId("svm-00000000000000000")));
        var missing = assertThrows(software.amazon.awssdk.services.fsx.model.MissingVolumeConfigurationException.class,
                () -> fixture.fsx.createVolume(r -> r.volumeType(VolumeType.ONTAP).name("vol")));

        assertTrue(unknown.getMessage().contains("svm-00000000000000000"), unknown.getMessage());
        assertEquals("MissingVolumeConfiguration", missing.awsErrorDetails().errorCode());
    }

    @Test
    void aCreationFailureKnobEndsTheVolumeFailedWithItsReason() {
        fixture.knobs().set("delay.fsx.volume.created", "1m");
        fixture.knobs().set("fail.fsx.volume.create", "Aggregate aggr1 is full");
        String id = fixture.createVolume("unlucky", "unlucky").volumeId();
        assertEquals(VolumeLifecycle.CREATING, fixture.describeVolume(id).lifecycle());

        fixture.clock.advance(Duration.ofMinutes(1));

        Volume failed = fixture.describeVolume(id);
        assertEquals(VolumeLifecycle.FAILED, failed.lifecycle());
        assertEquals("Aggregate aggr1 is full", failed.lifecycleTransitionReason().message());
        DeleteVolumeResponse deleted = fixture.fsx.deleteVolume(r -> r.volumeId(id));
        assertNull(deleted.ontapResponse().finalBackupId(), "a FAILED volume has no data to back up");
    }

    @Test
    void describeNamesVolumesFiltersThemAndPagesInCreationOrder() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(fixture.createVolume("page-" + i, "vol" + i).volumeId());
        }

        assertEquals(List.of(created.get(0), created.get(3)), fixture.fsx.describeVolumes(r -> r.volumeIds(created.get(3), created.get(0)))
                .volumes().stream().map(Volume::volumeId).toList());
        VolumeNotFoundException missing = assertThrows(VolumeNotFoundException.class,
                () -> fixture.fsx.describeVolumes(r -> r.volumeIds(created.getFirst(), "fsvol-00000000000000000")));
        assertTrue(missing.getMessage().contains("fsvol-00000000000000000"), missing.getMessage());
        DescribeVolumesResponse first = fixture.fsx.describeVolumes(r -> r.maxResults(2));
        assertEquals(created.subList(0, 2), first.volumes().stream().map(Volume::volumeId).toList());
        assertEquals(created, fixture.fsx.describeVolumesPaginator(r -> r.maxResults(2)).volumes().stream().map(Volume::volumeId).toList());
        assertEquals(created, fixture.fsx.describeVolumes(r -> r.filters(f -> f.name("file-system-id").values(OntapSeed.FILE_SYSTEM_ID),
                f -> f.name("storage-virtual-machine-id").values(OntapSeed.SVM_ID))).volumes().stream().map(Volume::volumeId).toList());
        assertEquals(List.of(), fixture.fsx.describeVolumes(r -> r.filters(f -> f.name("storage-virtual-machine-id")
                .values("svm-00000000000000000"))).volumes());
        assertThrows(BadRequestException.class, () -> fixture.fsx.describeVolumes(r -> r.filters(
                f -> f.name("file-system-id").values(OntapSeed.FILE_SYSTEM_ID), f -> f.name("file-system-id").values(OntapSeed.FILE_SYSTEM_ID),
                f -> f.name("file-system-id").values(OntapSeed.FILE_SYSTEM_ID))));
        List<String> tooMany = IntStream.range(0, 21).mapToObj(i -> "fs-0000000000000000" + (i % 10)).toList();
        assertThrows(BadRequestException.class, () -> fixture.fsx.describeVolumes(r -> r.filters(f -> f.name("file-system-id").values(tooMany))));
        assertThrows(BadRequestException.class, () -> fixture.fsx.describeVolumes(r -> r.filters(f -> f.name("backup-type").values("AUTOMATIC"))));
    }

    @Test
    void aNewVolumeIsNotListedWithinTheConsistencyWindow() {
        fixture.knobs().set("consistency", "2s");
        String id = fixture.createVolume("fresh", "fresh").volumeId();

        assertEquals(List.of(), fixture.fsx.describeVolumes(r -> { }).volumes());
        assertThrows(VolumeNotFoundException.class, () -> fixture.describeVolume(id));
        fixture.clock.advance(Duration.ofSeconds(2));
        assertEquals(id, fixture.describeVolume(id).volumeId());
    }

    @Test
    void theFileSystemsVolumeQuotaIsServiceLimitExceeded(@TempDir Path otherData) {
        try (FsxFixture small = FsxFixture.startWithOntapLimits(otherData, 2, 10)) {
            small.createVolume("a", "a");
            String deleting = small.createVolume("b", "b").volumeId();
            small.knobs().set("delay.fsx.volume.deleting", "1m");
            small.fsx.deleteVolume(r -> r.volumeId(deleting).ontapConfiguration(o -> o.skipFinalBackup(true)));

            ServiceLimitExceededException e = assertThrows(ServiceLimitExceededException.class, () -> small.createVolume("c", "c"));

            assertEquals(ServiceLimit.VOLUMES_PER_FILE_SYSTEM, e.limit());
            small.clock.advance(Duration.ofMinutes(1));
            small.createVolume("c", "c");
        }
    }

    @Test
    void deletingTakesAFinalBackupByDefaultThenTheVolumeIsGoneWithItsData() throws IOException {
        fixture.knobs().set("delay.fsx.volume.deleting", "1m");
        Volume volume = fixture.createVolume("doomed", "doomed", o -> o.copyTagsToBackups(true));
        fixture.fsx.tagResource(r -> r.resourceARN(volume.resourceARN()).tags(tag("CSIVolumeName", "pvc-1")));
        Files.writeString(fixture.fileSystemDirectory(volume.volumeId()).resolve("kept.txt"), "last words");

        DeleteVolumeResponse deleted = fixture.fsx.deleteVolume(r -> r.volumeId(volume.volumeId())
                .ontapConfiguration(o -> o.finalBackupTags(tag("reason", "final"))));

        assertEquals(VolumeLifecycle.DELETING, deleted.lifecycle());
        String backupId = deleted.ontapResponse().finalBackupId();
        assertTrue(backupId.matches("backup-[0-9a-f]{17}"), backupId);
        assertEquals(List.of(tag("reason", "final")), deleted.ontapResponse().finalBackupTags());
        var backup = fixture.describeBackup(backupId);
        assertEquals(volume.volumeId(), backup.volume().volumeId());
        assertEquals(List.of(tag("CSIVolumeName", "pvc-1"), tag("reason", "final")), backup.tags());
        assertEquals("last words", Files.readString(fixture.backupDirectory(backupId).resolve("kept.txt")));
        assertEquals(VolumeLifecycle.DELETING, fixture.describeVolume(volume.volumeId()).lifecycle());
        assertEquals(backupId, fixture.fsx.deleteVolume(r -> r.volumeId(volume.volumeId())).ontapResponse().finalBackupId(),
                "deleting again answers the deletion under way");

        fixture.clock.advance(Duration.ofMinutes(1));

        assertThrows(VolumeNotFoundException.class, () -> fixture.describeVolume(volume.volumeId()));
        assertThrows(VolumeNotFoundException.class, () -> fixture.fsx.deleteVolume(r -> r.volumeId(volume.volumeId())));
        assertFalse(Files.exists(fixture.fileSystemDirectory(volume.volumeId())));
        assertEquals(BackupLifecycle.AVAILABLE, fixture.describeBackup(backupId).lifecycle(), "the backup outlives its volume");
    }

    @Test
    void skipFinalBackupTakesNoneAndAVolumeStillCreatingCannotBeDeleted() {
        String id = fixture.createVolume("skipped", "skipped").volumeId();
        fixture.knobs().set("delay.fsx.volume.created", "1m");
        String young = fixture.createVolume("young", "young").volumeId();

        DeleteVolumeResponse deleted = fixture.fsx.deleteVolume(r -> r.volumeId(id).ontapConfiguration(o -> o.skipFinalBackup(true)));
        BadRequestException refused = assertThrows(BadRequestException.class, () -> fixture.fsx.deleteVolume(r -> r.volumeId(young)));

        assertNull(deleted.ontapResponse().finalBackupId());
        assertEquals(List.of(), fixture.fsx.describeBackups(r -> { }).backups());
        assertTrue(refused.getMessage().contains("CREATING"), refused.getMessage());
        assertThrows(BadRequestException.class, () -> fixture.fsx.deleteVolume(r -> r.volumeId(young)
                .ontapConfiguration(o -> o.skipFinalBackup(true).finalBackupTags(tag("a", "b")))));
    }

    @Test
    void volumesAreTaggedByArnAndCarryTheirTags() {
        Volume volume = fixture.createVolume("tagged", "tagged", o -> { });
        fixture.fsx.tagResource(r -> r.resourceARN(volume.resourceARN()).tags(tag("team", "ml"), tag("CSIVolumeName", "pvc-1")));
        fixture.fsx.untagResource(r -> r.resourceARN(volume.resourceARN()).tagKeys("team"));

        assertEquals(List.of(tag("CSIVolumeName", "pvc-1")), fixture.fsx.listTagsForResource(r -> r.resourceARN(volume.resourceARN())).tags());
        assertEquals(List.of(tag("CSIVolumeName", "pvc-1")), fixture.describeVolume(volume.volumeId()).tags());
        String wrongFileSystem = volume.resourceARN().replace(OntapSeed.FILE_SYSTEM_ID, "fs-00000000000000000");
        assertThrows(software.amazon.awssdk.services.fsx.model.ResourceNotFoundException.class,
                () -> fixture.fsx.listTagsForResource(r -> r.resourceARN(wrongFileSystem)));
        Volume withTags = fixture.fsx.createVolume(r -> r.volumeType(VolumeType.ONTAP).name("born_tagged")
                .ontapConfiguration(FsxFixture.ontap("born_tagged", o -> { })).tags(tag("CSIVolumeName", "pvc-2"))).volume();
        assertEquals(List.of(tag("CSIVolumeName", "pvc-2")), withTags.tags());
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
