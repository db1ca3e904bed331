package dev.polycsi.simulator.fsx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.state.StateFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.fsx.model.Backup;
import software.amazon.awssdk.services.fsx.model.BackupLifecycle;
import software.amazon.awssdk.services.fsx.model.DataRepositoryAssociation;
import software.amazon.awssdk.services.fsx.model.FileCache;
import software.amazon.awssdk.services.fsx.model.FileCacheLifecycle;
import software.amazon.awssdk.services.fsx.model.FileCacheNotFoundException;
import software.amazon.awssdk.services.fsx.model.FileSystem;
import software.amazon.awssdk.services.fsx.model.FileSystemLifecycle;
import software.amazon.awssdk.services.fsx.model.IncompatibleParameterErrorException;
import software.amazon.awssdk.services.fsx.model.LustreDeploymentType;
import software.amazon.awssdk.services.fsx.model.MetadataConfigurationMode;
import software.amazon.awssdk.services.fsx.model.NfsVersion;
import software.amazon.awssdk.services.fsx.model.Status;
import software.amazon.awssdk.services.fsx.model.Tag;
import software.amazon.awssdk.services.fsx.model.Volume;
import software.amazon.awssdk.services.fsx.model.VolumeLifecycle;
import software.amazon.awssdk.services.fsx.model.VolumeNotFoundException;

/**
 * A simulator started on the state directory of one that stopped finds its FSx file systems,
 * caches, ONTAP volumes and backups, actions and tokens as they were.
 */
class FsxStateFileTest {

    @TempDir
    Path dataDir;

    private final ManualClock clock = new ManualClock();

    private Path stateDir() {
        return dataDir.resolve("state");
    }

    private FsxFixture start() {
        return FsxFixture.start(SimulatorConfig.defaults(dataDir).withStateDir(stateDir()), FsxState.FILE_SYSTEMS_PER_ACCOUNT, clock);
    }

    @Test
    void fileSystemsTagsActionsAndTokensSurviveARestart() throws IOException {
        List<FileSystem> before;
        String scratch;
        String persistent;
        try (FsxFixture fixture = start()) {
            fixture.knobs().set("delay.fsx.filesystem.optimizing", "1h");
            scratch = fixture.create("scratch", r -> r.tags(t -> t.key("CSIVolumeName").value("pvc-1"))
                    .lustreConfiguration(l -> l.deploymentType(LustreDeploymentType.SCRATCH_2).importPath("s3://bucket-one/prefix")))
                    .fileSystemId();
            persistent = fixture.create("persistent", r -> r.lustreConfiguration(l -> l.deploymentType(LustreDeploymentType.PERSISTENT_2)
                    .perUnitStorageThroughput(250).metadataConfiguration(m -> m.mode(MetadataConfigurationMode.USER_PROVISIONED).iops(6000))
                    .automaticBackupRetentionDays(3).rootSquashConfiguration(s -> s.rootSquash("65534:65534").noSquashNids("10.0.1.6@tcp"))
                    .logConfiguration(c -> c.level("WARN_ERROR")))).fileSystemId();
            fixture.fsx.updateFileSystem(r -> r.fileSystemId(persistent).storageCapacity(2400));
            Files.writeString(fixture.fileSystemDirectory(persistent).resolve("kept.txt"), "data");
            before = fixture.fsx.describeFileSystems().fileSystems();
        }

        try (FsxFixture fixture = start()) {
            assertEquals(before, fixture.fsx.describeFileSystems().fileSystems());
            assertEquals(scratch, fixture.create("scratch", r -> r.tags(t -> t.key("CSIVolumeName").value("pvc-1"))
                    .lustreConfiguration(l -> l.deploymentType(LustreDeploymentType.SCRATCH_2).importPath("s3://bucket-one/prefix")))
                    .fileSystemId(), "the token is remembered");
            assertThrows(IncompatibleParameterErrorException.class, () -> fixture.create("persistent"));
            assertEquals("data", Files.readString(fixture.fileSystemDirectory(persistent).resolve("kept.txt")));
            String added = fixture.create("third").fileSystemId();
            assertEquals(added, fixture.fsx.describeFileSystems().fileSystems().getLast().fileSystemId(), "new ones list after the restored");
        }
    }

    @Test
    void transitionsThatEndedWhileStoppedHaveEndedAfterTheRestart() {
        String creating;
        String optimizing;
        String deleting;
        try (FsxFixture fixture = start()) {
            optimizing = fixture.createPersistent("grown").fileSystemId();
            fixture.knobs().set("delay.fsx.filesystem.optimizing", "2h");
            fixture.fsx.updateFileSystem(r -> r.fileSystemId(optimizing).storageCapacity(2400));
            deleting = fixture.create("doomed").fileSystemId();
            fixture.knobs().set("delay.fsx.filesystem.deleting", "10m");
            fixture.fsx.deleteFileSystem(r -> r.fileSystemId(deleting));
            fixture.knobs().set("delay.fsx.filesystem.available", "10m");
            creating = fixture.create("young").fileSystemId();
            assertEquals(Status.UPDATED_OPTIMIZING, fixture.describe(optimizing).administrativeActions().getFirst().status());
        }
        clock.advance(Duration.ofHours(3));

        try (FsxFixture fixture = start()) {
            assertEquals(FileSystemLifecycle.AVAILABLE, fixture.describe(creating).lifecycle());
            assertEquals(Status.COMPLETED, fixture.describe(optimizing).administrativeActions().getFirst().status());
            assertEquals(FsxFixture.withOntapSeed(List.of(optimizing, creating)), fixture.fileSystemIds());
        }
    }

    @Test
    void throughputAndMetadataUpdatesSurviveARestartAndComeIntoForceOnTheClock() {
        String id;
        List<FileSystem> before;
        try (FsxFixture fixture = start()) {
            fixture.knobs().set("delay.fsx.filesystem.pending", "1m");
            fixture.knobs().set("delay.fsx.filesystem.updating", "10m");
            fixture.knobs().set("delay.fsx.filesystem.throughput-optimizing", "1h");
            fixture.knobs().set("fail.fsx.filesystem.update", "Metadata scaling failed");
            id = fixture.create("tier", r -> r.lustreConfiguration(l -> l.deploymentType(LustreDeploymentType.PERSISTENT_2)
                    .perUnitStorageThroughput(125).metadataConfiguration(m -> m.mode(MetadataConfigurationMode.USER_PROVISIONED).iops(3000))))
                    .fileSystemId();
            fixture.fsx.updateFileSystem(r -> r.fileSystemId(id).lustreConfiguration(l -> l.metadataConfiguration(m -> m
                    .mode(MetadataConfigurationMode.USER_PROVISIONED).iops(6000))));
            clock.advance(Duration.ofMinutes(11));
            fixture.knobs().reset();
            fixture.knobs().set("delay.fsx.filesystem.updating", "10m");
            fixture.knobs().set("delay.fsx.filesystem.throughput-optimizing", "1h");
            fixture.fsx.updateFileSystem(r -> r.fileSystemId(id).lustreConfiguration(l -> l.perUnitStorageThroughput(500)));
            before = fixture.fsx.describeFileSystems().fileSystems();
        }

        try (FsxFixture fixture = start()) {
            assertEquals(before, fixture.fsx.describeFileSystems().fileSystems());
            clock.advance(Duration.ofMinutes(10));
            FileSystem optimizing = fixture.describe(id);
            assertEquals(Status.UPDATED_OPTIMIZING, optimizing.administrativeActions().getFirst().status());
            assertEquals(500, optimizing.lustreConfiguration().perUnitStorageThroughput());
            assertEquals(Status.FAILED, optimizing.administrativeActions().getLast().status());
            assertEquals("Metadata scaling failed", optimizing.administrativeActions().getLast().failureDetails().message());
            assertEquals(3000, optimizing.lustreConfiguration().metadataConfiguration().iops());
        }
        clock.advance(Duration.ofHours(1));

        try (FsxFixture fixture = start()) {
            assertEquals(Status.COMPLETED, fixture.describe(id).administrativeActions().getFirst().status());
        }
    }

    @Test
    void aStateFileFromBeforeThroughputAndMetadataUpdatesIsStillRead() throws IOException {
        Files.createDirectories(stateDir());
        Instant created = clock.instant();
        Files.writeString(stateDir().resolve(FsxStateFile.NAME), """
                {"version": 1, "sequence": 1,
                 "fileSystems": [{"sequence": 1, "id": "fs-0123456789abcdef0",
                   "spec": {"storageCapacity": 1200, "storageType": "SSD", "deploymentType": "PERSISTENT_2", "perUnitStorageThroughput": 125,
                            "dataCompressionType": "NONE", "weeklyMaintenanceStartTime": "1:00:00",
                            "backups": {"retentionDays": 0, "copyTagsToBackups": false}, "efaEnabled": false, "log": {"level": "DISABLED"},
                            "kmsKeyId": "arn:aws:kms:us-east-1:123456789012:key/mine", "fileSystemTypeVersion": "2.12"},
                   "placement": {"subnetId": "subnet-0123456789abcdef0", "zone": "us-east-1a", "securityGroupIds": [],
                                 "networkInterfaceIds": ["eni-0123456789abcdef0"]},
                   "mountName": "abcdebmv", "tags": [], "createdAt": %1$d, "availableAt": %1$d, "visibleAt": %1$d,
                   "updates": [{"requestTime": %1$d, "targetCapacity": 2400, "inProgressAt": %1$d, "updatedAt": %1$d,
                                "optimizedAt": %1$d}]}],
                 "fileCaches": [], "clientTokens": []}
                """.formatted(created.toEpochMilli()));

        try (FsxFixture fixture = start()) {
            FileSystem fileSystem = fixture.describe("fs-0123456789abcdef0");
            assertEquals(2400, fileSystem.storageCapacity());
            assertEquals(2400, fileSystem.administrativeActions().getFirst().targetFileSystemValues().storageCapacity());
            assertEquals(125, fileSystem.lustreConfiguration().perUnitStorageThroughput());
            fixture.fsx.updateFileSystem(r -> r.fileSystemId("fs-0123456789abcdef0").lustreConfiguration(l -> l.perUnitStorageThroughput(250)));
            assertEquals(250, fixture.describe("fs-0123456789abcdef0").lustreConfiguration().perUnitStorageThroughput());
        }
    }

    @Test
    void cachesTheirAssociationsTagsAndTokensSurviveARestart() throws IOException {
        List<FileCache> before;
        List<DataRepositoryAssociation> associationsBefore;
        String nfsCache;
        try (FsxFixture fixture = start()) {
            fixture.createCache("s3", r -> r.tags(t -> t.key("CSIVolumeName").value("pvc-1")).copyTagsToDataRepositoryAssociations(true)
                    .kmsKeyId("arn:aws:kms:us-east-1:123456789012:key/mine"));
            nfsCache = fixture.createCache("nfs", r -> r.securityGroupIds(FsxFixture.SECURITY_GROUP).dataRepositoryAssociations(
                    FsxFixture.nfs("/", "nfs://filer.example.com", "/export1", "/export2").toBuilder()
                            .nfs(n -> n.version(NfsVersion.NFS3).dnsIps("10.0.0.2")).build())).fileCacheId();
            fixture.fsx.tagResource(r -> r.resourceARN(fixture.describeCache(nfsCache).resourceARN()).tags(t -> t.key("team").value("ml")));
            fixture.create("a-file-system");
            Files.writeString(fixture.fileSystemDirectory(nfsCache).resolve("export1/kept.txt"), "data");
            before = fixture.fsx.describeFileCaches(r -> { }).fileCaches();
            associationsBefore = fixture.fsx.describeDataRepositoryAssociations(r -> { }).associations();
        }

        try (FsxFixture fixture = start()) {
            assertEquals(before, fixture.fsx.describeFileCaches(r -> { }).fileCaches());
            assertEquals(associationsBefore, fixture.fsx.describeDataRepositoryAssociations(r -> { }).associations());
            assertEquals(2, fixture.fsx.describeFileSystems().fileSystems().size(), "the Lustre one and the ONTAP seed");
            assertEquals(List.of(Tag.builder().key("team").value("ml").build()),
                    fixture.fsx.listTagsForResource(r -> r.resourceARN(before.getLast().resourceARN())).tags());
            assertEquals(before.getFirst().fileCacheId(), fixture.createCache("s3", r -> r.tags(t -> t.key("CSIVolumeName").value("pvc-1"))
                    .copyTagsToDataRepositoryAssociations(true).kmsKeyId("arn:aws:kms:us-east-1:123456789012:key/mine")).fileCacheId(),
                    "the token is remembered");
            assertThrows(IncompatibleParameterErrorException.class, () -> fixture.createCache("nfs"));
            assertEquals("data", Files.readString(fixture.fileSystemDirectory(nfsCache).resolve("export1/kept.txt")));
            String added = fixture.createCache("third").fileCacheId();
            assertEquals(added, fixture.fsx.describeFileCaches(r -> { }).fileCaches().getLast().fileCacheId(), "new ones list after the restored");
            assertTrue(fixture.fsx.describeDataRepositoryAssociations(r -> { }).associations().getLast().fileCacheId().equals(added));
        }
    }

    @Test
    void cacheTransitionsThatEndedWhileStoppedHaveEndedAfterTheRestart() {
        String creating;
        String deleting;
        try (FsxFixture fixture = start()) {
            deleting = fixture.createCache("doomed").fileCacheId();
            fixture.knobs().set("delay.fsx.cache.deleting", "10m");
            fixture.fsx.deleteFileCache(r -> r.fileCacheId(deleting));
            fixture.knobs().set("delay.fsx.cache.available", "10m");
            creating = fixture.createCache("young").fileCacheId();
        }
        clock.advance(Duration.ofMinutes(11));

        try (FsxFixture fixture = start()) {
            assertEquals(FileCacheLifecycle.AVAILABLE, fixture.describeCache(creating).lifecycle());
            assertThrows(FileCacheNotFoundException.class, () -> fixture.describeCache(deleting));
            assertFalse(Files.exists(fixture.fileSystemDirectory(deleting)));
            assertTrue(Files.isDirectory(fixture.fileSystemDirectory(creating).resolve("images")), "an association's path once AVAILABLE");
        }
    }

    @Test
    void aStateFileFromBeforeCachesIsStillRead() throws IOException {
        Files.createDirectories(stateDir());
        Instant created = clock.instant();
        Files.writeString(stateDir().resolve(FsxStateFile.NAME), """
                {"version": 1, "sequence": 1,
                 "fileSystems": [{"sequence": 1, "id": "fs-0123456789abcdef0",
                   "spec": {"storageCapacity": 1200, "storageType": "SSD", "deploymentType": "SCRATCH_2", "dataCompressionType": "NONE",
                            "weeklyMaintenanceStartTime": "1:00:00", "backups": {"retentionDays": 0, "copyTagsToBackups": false},
                            "efaEnabled": false, "log": {"level": "DISABLED"}, "fileSystemTypeVersion": "2.10"},
                   "placement": {"subnetId": "subnet-0123456789abcdef0", "zone": "us-east-1a", "securityGroupIds": [],
                                 "networkInterfaceIds": ["eni-0123456789abcdef0"]},
                   "mountName": "abcdebmv", "tags": [], "createdAt": %1$d, "availableAt": %1$d, "visibleAt": %1$d, "updates": []}],
                 "clientTokens": [{"action": "CreateFileSystem", "token": "old", "parameters": {},
                                   "fileSystemId": "fs-0123456789abcdef0", "recordedAt": %1$d}]}
                """.formatted(created.toEpochMilli()));

        try (FsxFixture fixture = start()) {
            assertEquals("fs-0123456789abcdef0", fixture.describe("fs-0123456789abcdef0").fileSystemId());
            assertEquals(List.of(), fixture.fsx.describeFileCaches(r -> { }).fileCaches());
            assertEquals(OntapSeed.SVM_ID, fixture.fsx.describeStorageVirtualMachines(r -> { }).storageVirtualMachines().getFirst()
                    .storageVirtualMachineId(), "the ONTAP seed, which the file had not");
            assertThrows(IncompatibleParameterErrorException.class, () -> fixture.create("old"), "its token is remembered");
            fixture.createCache("new");
        }
        try (FsxFixture fixture = start()) {
            assertEquals(1, fixture.fsx.describeFileCaches(r -> { }).fileCaches().size());
        }
    }

    @Test
    void ontapVolumesBackupsTagsAndTokensSurviveARestart() throws IOException {
        List<Volume> volumesBefore;
        List<Backup> backupsBefore;
        String svmArn;
        String data;
        try (FsxFixture fixture = start()) {
            Volume volume = fixture.createVolume("pvc-1", "pvc_1", o -> o.copyTagsToBackups(true).tieringPolicy(t -> t.name("AUTO").coolingPeriod(31)));
            data = volume.volumeId();
            fixture.fsx.tagResource(r -> r.resourceARN(volume.resourceARN()).tags(t -> t.key("CSIVolumeName").value("pvc-1")));
            Files.writeString(fixture.fileSystemDirectory(data).resolve("kept.txt"), "data");
            fixture.createVolume("group", "group", o -> o.volumeStyle("FLEXGROUP").sizeInMegabytes(400 * 1024)
                    .aggregateConfiguration(a -> a.aggregates("aggr1").constituentsPerAggregate(4)));
            fixture.createVolume("dp", "dp", o -> o.ontapVolumeType("DP").junctionPath(null).storageEfficiencyEnabled(null));
            fixture.createBackup("snap-1", data);
            fixture.knobs().set("delay.fsx.volume.updating", "1h");
            fixture.fsx.updateVolume(r -> r.volumeId(data).ontapConfiguration(o -> o.sizeInMegabytes(2048)));
            svmArn = fixture.fsx.describeStorageVirtualMachines(r -> { }).storageVirtualMachines().getFirst().resourceARN();
            fixture.fsx.tagResource(r -> r.resourceARN(svmArn).tags(t -> t.key("team").value("storage")));
            volumesBefore = fixture.fsx.describeVolumes(r -> { }).volumes();
            backupsBefore = fixture.fsx.describeBackups(r -> { }).backups();
        }

        try (FsxFixture fixture = start()) {
            assertEquals(volumesBefore, fixture.fsx.describeVolumes(r -> { }).volumes());
            assertEquals(backupsBefore, fixture.fsx.describeBackups(r -> { }).backups());
            assertEquals(List.of(Tag.builder().key("team").value("storage").build()),
                    fixture.fsx.listTagsForResource(r -> r.resourceARN(svmArn)).tags());
            assertEquals(data, fixture.createVolume("pvc-1", "pvc_1", o -> o.copyTagsToBackups(true)
                    .tieringPolicy(t -> t.name("AUTO").coolingPeriod(31))).volumeId(), "the token is remembered");
            assertThrows(IncompatibleParameterErrorException.class, () -> fixture.createBackup("snap-1", volumesBefore.get(1).volumeId()));
            assertEquals("data", Files.readString(fixture.fileSystemDirectory(data).resolve("kept.txt")));
            assertEquals("data", Files.readString(fixture.backupDirectory(backupsBefore.getFirst().backupId()).resolve("kept.txt")));
            String added = fixture.createVolume("third", "third").volumeId();
            assertEquals(added, fixture.fsx.describeVolumes(r -> { }).volumes().getLast().volumeId(), "new ones list after the restored");
        }
    }

    @Test
    void ontapTransitionsThatEndedWhileStoppedHaveEndedAfterTheRestart() throws IOException {
        String creating;
        String deleting;
        String grown;
        String backingUp;
        String restored;
        try (FsxFixture fixture = start()) {
            String source = fixture.createVolume("source", "source").volumeId();
            Files.writeString(fixture.fileSystemDirectory(source).resolve("model.txt"), "epoch 1");
            String available = fixture.createBackup("first", source).backupId();
            grown = fixture.createVolume("grown", "grown").volumeId();
            deleting = fixture.createVolume("doomed", "doomed").volumeId();
            fixture.knobs().setAll("""
                    delay.fsx.volume.created=10m
                    delay.fsx.volume.restored=10m
                    delay.fsx.volume.updating=10m
                    delay.fsx.volume.deleting=10m
                    delay.fsx.backup.available=10m
                    """);
            creating = fixture.createVolume("young", "young").volumeId();
            restored = fixture.fsx.createVolumeFromBackup(r -> r.backupId(available).name("restored")
                    .ontapConfiguration(FsxFixture.ontap("restored", o -> { }))).volume().volumeId();
            fixture.fsx.updateVolume(r -> r.volumeId(grown).ontapConfiguration(o -> o.sizeInMegabytes(4096)));
            fixture.fsx.deleteVolume(r -> r.volumeId(deleting).ontapConfiguration(o -> o.skipFinalBackup(true)));
            backingUp = fixture.createBackup("second", source).backupId();
        }
        clock.advance(Duration.ofMinutes(11));

        try (FsxFixture fixture = start()) {
            assertEquals(VolumeLifecycle.CREATED, fixture.describeVolume(creating).lifecycle());
            assertEquals(VolumeLifecycle.CREATED, fixture.describeVolume(restored).lifecycle());
            assertEquals("epoch 1", Files.readString(fixture.fileSystemDirectory(restored).resolve("model.txt")));
            assertEquals(4096, fixture.describeVolume(grown).ontapConfiguration().sizeInMegabytes());
            assertEquals(BackupLifecycle.AVAILABLE, fixture.describeBackup(backingUp).lifecycle());
            assertThrows(VolumeNotFoundException.class, () -> fixture.describeVolume(deleting));
            assertFalse(Files.exists(fixture.fileSystemDirectory(deleting)));
        }
    }

    @Test
    void aCorruptStateFileStopsTheStartNamingTheFileAndTheMember() throws IOException {
        Files.createDirectories(stateDir());
        Path file = stateDir().resolve(FsxStateFile.NAME);
        Files.writeString(file, "{\"version\": 1, \"sequence\": 1, \"clientTokens\": [], \"fileSystems\": [{\"id\": \"fs-0123456789abcdef0\"}]}");

        StateFileException refused = assertThrows(StateFileException.class, this::start);

        assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("fileSystems[0]"), refused.getMessage());
    }
}
