package dev.polycsi.simulator.fsx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.simulator.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.fsx.model.AutoImportPolicyType;
import software.amazon.awssdk.services.fsx.model.BadRequestException;
import software.amazon.awssdk.services.fsx.model.DescribeFileSystemsResponse;
import software.amazon.awssdk.services.fsx.model.DriveCacheType;
import software.amazon.awssdk.services.fsx.model.FileSystem;
import software.amazon.awssdk.services.fsx.model.FileSystemLifecycle;
import software.amazon.awssdk.services.fsx.model.FileSystemNotFoundException;
import software.amazon.awssdk.services.fsx.model.LustreDeploymentType;
import software.amazon.awssdk.services.fsx.model.MetadataConfigurationMode;
import software.amazon.awssdk.services.fsx.model.ServiceLimitExceededException;
import software.amazon.awssdk.services.fsx.model.ServiceLimit;
import software.amazon.awssdk.services.fsx.model.StorageType;

/** CreateFileSystem, DescribeFileSystems and DeleteFileSystem as the real FSxClient sees them. */
class FileSystemsTest extends AbstractFsxTest {

    @Test
    void aNewFileSystemIsCreatingUntilItsDelayHasPassedThenAvailable() {
        fixture.knobs().set("delay.fsx.filesystem.available", "10m");

        FileSystem created = fixture.create("first");

        assertEquals(FileSystemLifecycle.CREATING, created.lifecycle());
        assertEquals(FileSystemLifecycle.CREATING, fixture.describe(created.fileSystemId()).lifecycle());
        fixture.clock.advance(Duration.ofMinutes(10));
        assertEquals(FileSystemLifecycle.AVAILABLE, fixture.describe(created.fileSystemId()).lifecycle());
    }

    @Test
    void aFileSystemIsDescribedAsFsxFormsItsNamesAndDefaults() {
        FileSystem fs = fixture.create("described", r -> r.securityGroupIds(FsxFixture.SECURITY_GROUP));

        assertTrue(fs.fileSystemId().matches("fs-[0-9a-f]{17}"), fs.fileSystemId());
        assertEquals(fs.fileSystemId() + ".fsx.us-east-1.amazonaws.com", fs.dnsName());
        assertTrue(fs.lustreConfiguration().mountName().matches("[a-z0-9]{5}bmv"), fs.lustreConfiguration().mountName());
        assertEquals("arn:aws:fsx:us-east-1:" + SimulatorConfig.ACCOUNT_ID + ":file-system/" + fs.fileSystemId(), fs.resourceARN());
        assertEquals(SimulatorConfig.ACCOUNT_ID, fs.ownerId());
        assertEquals(1200, fs.storageCapacity());
        assertEquals(StorageType.SSD, fs.storageType());
        assertEquals(List.of(FsxFixture.SUBNET_A), fs.subnetIds());
        assertEquals("vpc-0123456789abcdef0", fs.vpcId());
        assertEquals("2.10", fs.fileSystemTypeVersion());
        assertEquals(LustreDeploymentType.SCRATCH_2, fs.lustreConfiguration().deploymentType());
        assertTrue(fs.lustreConfiguration().weeklyMaintenanceStartTime().matches("[1-7]:\\d\\d:\\d\\d"));
        assertNull(fs.kmsKeyId(), "scratch file systems use a key FSx owns");
        assertEquals(fs.creationTime(), fixture.clock.instant());
        assertTrue(Files.isDirectory(fixture.fileSystemDirectory(fs.fileSystemId())));
    }

    @Test
    void scratch1IsAlwaysMountedAsFsxAndCannotGrowBeyondItsTypesSizes() {
        FileSystem fs = fixture.create("scratch-1", r -> r.storageCapacity(3600)
                .lustreConfiguration(l -> l.deploymentType(LustreDeploymentType.SCRATCH_1)));

        assertEquals("fsx", fs.lustreConfiguration().mountName());
        assertEquals(3600, fs.storageCapacity());
    }

    @Test
    void persistent2TakesTheNewestLustreWithAMetadataConfigurationAndTheAwsManagedKey() {
        FileSystem fs = fixture.create("persistent", r -> r.storageCapacity(2400).lustreConfiguration(l -> l
                .deploymentType(LustreDeploymentType.PERSISTENT_2).perUnitStorageThroughput(1000)
                .metadataConfiguration(m -> m.mode(MetadataConfigurationMode.AUTOMATIC)).efaEnabled(true)
                .automaticBackupRetentionDays(7).copyTagsToBackups(true)));

        assertEquals("2.15", fs.fileSystemTypeVersion());
        assertEquals(MetadataConfigurationMode.AUTOMATIC, fs.lustreConfiguration().metadataConfiguration().mode());
        assertEquals(3000, fs.lustreConfiguration().metadataConfiguration().iops());
        assertTrue(fs.lustreConfiguration().efaEnabled());
        assertEquals(1000, fs.lustreConfiguration().perUnitStorageThroughput());
        assertEquals(7, fs.lustreConfiguration().automaticBackupRetentionDays());
        assertEquals("03:00", fs.lustreConfiguration().dailyAutomaticBackupStartTime());
        assertTrue(fs.kmsKeyId().startsWith("arn:aws:kms:us-east-1:" + SimulatorConfig.ACCOUNT_ID + ":key/"), fs.kmsKeyId());
        assertEquals("2.12", fixture.createPersistent("without-metadata").fileSystemTypeVersion());
    }

    @Test
    void hddNeedsPersistent1ADriveCacheAndItsThroughputsIncrement() {
        FileSystem fs = fixture.create("hdd", r -> r.storageType(StorageType.HDD).storageCapacity(6000).lustreConfiguration(l -> l
                .deploymentType(LustreDeploymentType.PERSISTENT_1).perUnitStorageThroughput(12).driveCacheType(DriveCacheType.READ)));

        assertEquals(StorageType.HDD, fs.storageType());
        assertEquals(DriveCacheType.READ, fs.lustreConfiguration().driveCacheType());
        assertEquals(12, fs.lustreConfiguration().perUnitStorageThroughput());
    }

    @Test
    void anS3LinkedFileSystemGetsFsxsDefaultExportPathAndChunkSize() {
        FileSystem fs = fixture.create("linked", r -> r.lustreConfiguration(l -> l.deploymentType(LustreDeploymentType.SCRATCH_2)
                .importPath("s3://training-data/images").autoImportPolicy(AutoImportPolicyType.NEW_CHANGED)));

        var repository = fs.lustreConfiguration().dataRepositoryConfiguration();
        assertEquals("s3://training-data/images", repository.importPath());
        assertTrue(repository.exportPath().matches("s3://training-data/FSxLustre\\d{8}T\\d{6}Z"), repository.exportPath());
        assertEquals(1024, repository.importedFileChunkSize());
        assertEquals(AutoImportPolicyType.NEW_CHANGED, repository.autoImportPolicy());
    }

    @Test
    void describeNamesFileSystemsByIdAndAnUnknownOneIsFileSystemNotFound() {
        String first = fixture.create("a").fileSystemId();
        String second = fixture.create("b").fileSystemId();
        fixture.create("c");

        List<String> named = fixture.fsx.describeFileSystems(r -> r.fileSystemIds(second, first)).fileSystems().stream()
                .map(FileSystem::fileSystemId).toList();

        assertEquals(List.of(first, second), named);
        FileSystemNotFoundException missing = assertThrows(FileSystemNotFoundException.class,
                () -> fixture.fsx.describeFileSystems(r -> r.fileSystemIds(first, "fs-00000000000000000")));
        assertEquals("FileSystemNotFound", missing.awsErrorDetails().errorCode());
        assertEquals(400, missing.statusCode());
        assertTrue(missing.getMessage().contains("fs-00000000000000000"), missing.getMessage());
    }

    @Test
    void pagesFollowCreationOrderAndThePaginatorCollectsThemAll() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(fixture.create("page-" + i).fileSystemId());
        }

        List<String> listed = FsxFixture.withOntapSeed(created);
        DescribeFileSystemsResponse first = fixture.fsx.describeFileSystems(r -> r.maxResults(2));
        assertEquals(listed.subList(0, 2), first.fileSystems().stream().map(FileSystem::fileSystemId).toList());
        assertTrue(first.nextToken().matches("(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?"), first.nextToken());
        List<String> paged = fixture.fsx.describeFileSystemsPaginator(r -> r.maxResults(2)).stream().flatMap(page -> page.fileSystems().stream())
                .map(FileSystem::fileSystemId).toList();
        assertEquals(listed, paged);
        assertEquals(listed, fixture.fsx.describeFileSystems().fileSystems().stream().map(FileSystem::fileSystemId).toList());
        assertThrows(BadRequestException.class, () -> fixture.fsx.describeFileSystems(r -> r.nextToken("bm90IGEgdG9rZW4=")));
    }

    @Test
    void aDeletedFileSystemIsDeletingThenGoneWithItsData() {
        fixture.knobs().set("delay.fsx.filesystem.deleting", "5m");
        String id = fixture.create("doomed").fileSystemId();

        var deleting = fixture.fsx.deleteFileSystem(r -> r.fileSystemId(id));

        assertEquals(FileSystemLifecycle.DELETING, deleting.lifecycle());
        assertEquals(FileSystemLifecycle.DELETING, fixture.describe(id).lifecycle());
        assertEquals(FileSystemLifecycle.DELETING, fixture.fsx.deleteFileSystem(r -> r.fileSystemId(id)).lifecycle());
        fixture.clock.advance(Duration.ofMinutes(5));
        assertThrows(FileSystemNotFoundException.class, () -> fixture.describe(id));
        assertFalse(Files.exists(fixture.fileSystemDirectory(id)));
        assertThrows(FileSystemNotFoundException.class, () -> fixture.fsx.deleteFileSystem(r -> r.fileSystemId(id)));
        assertEquals(FsxFixture.withOntapSeed(List.of()), fixture.fileSystemIds());
    }

    @Test
    void aFileSystemStillCreatingCannotBeDeleted() {
        fixture.knobs().set("delay.fsx.filesystem.available", "5m");
        String id = fixture.create("young").fileSystemId();

        BadRequestException refused = assertThrows(BadRequestException.class, () -> fixture.fsx.deleteFileSystem(r -> r.fileSystemId(id)));

        assertTrue(refused.getMessage().contains("CREATING"), refused.getMessage());
        fixture.clock.advance(Duration.ofMinutes(5));
        fixture.fsx.deleteFileSystem(r -> r.fileSystemId(id));
    }

    @Test
    void aNewFileSystemIsNotListedWithinTheConsistencyWindow() {
        fixture.knobs().set("consistency", "2s");
        String id = fixture.create("fresh").fileSystemId();

        assertEquals(FsxFixture.withOntapSeed(List.of()), fixture.fileSystemIds());
        assertThrows(FileSystemNotFoundException.class, () -> fixture.describe(id));
        fixture.clock.advance(Duration.ofSeconds(2));
        assertEquals(id, fixture.describe(id).fileSystemId());
    }

    @Test
    void theAccountsFileSystemQuotaIsServiceLimitExceeded(@TempDir Path otherData) {
        try (FsxFixture small = FsxFixture.start(SimulatorConfig.defaults(otherData), 1, new ManualClock())) {
            small.create("only");

            ServiceLimitExceededException e = assertThrows(ServiceLimitExceededException.class, () -> small.create("one-more"));

            assertEquals(ServiceLimit.FILE_SYSTEM_COUNT, e.limit());
        }
    }
}
