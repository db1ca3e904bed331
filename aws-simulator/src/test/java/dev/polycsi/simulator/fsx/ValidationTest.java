package dev.polycsi.simulator.fsx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.fsx.model.CreateFileSystemLustreConfiguration;
import software.amazon.awssdk.services.fsx.model.CreateFileSystemRequest;
import software.amazon.awssdk.services.fsx.model.DriveCacheType;
import software.amazon.awssdk.services.fsx.model.FSxException;
import software.amazon.awssdk.services.fsx.model.FileSystemType;
import software.amazon.awssdk.services.fsx.model.InvalidNetworkSettingsException;
import software.amazon.awssdk.services.fsx.model.LustreDeploymentType;
import software.amazon.awssdk.services.fsx.model.MetadataConfigurationMode;
import software.amazon.awssdk.services.fsx.model.StorageType;

/** CreateFileSystem requests FSx refuses, each with FSx's error code and a message naming what is wrong. */
class ValidationTest {

    @TempDir
    static Path dataDir;

    private static FsxFixture fixture;

    @BeforeAll
    static void start() {
        fixture = FsxFixture.start(dataDir);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static Stream<Arguments> refusedRequests() {
        return Stream.of(
                refused("capacity not 1200 or a multiple of 2400", "BadRequest", "Must be 1200 or a multiple of 2400",
                        r -> r.storageCapacity(3600)),
                refused("SCRATCH_1 capacity", "BadRequest", "Must be 1200, 2400 or a multiple of 3600",
                        r -> r.storageCapacity(4800).lustreConfiguration(lustre(LustreDeploymentType.SCRATCH_1))),
                refused("no capacity", "BadRequest", "StorageCapacity is required", r -> r.storageCapacity(null)),
                refused("HDD capacity at 40 MB/s/TiB", "BadRequest", "multiple of 1800", r -> r.storageType(StorageType.HDD).storageCapacity(6000)
                        .lustreConfiguration(l -> l.deploymentType(LustreDeploymentType.PERSISTENT_1).perUnitStorageThroughput(40)
                                .driveCacheType(DriveCacheType.NONE))),
                refused("HDD without a drive cache", "BadRequest", "DriveCacheType is required", r -> r.storageType(StorageType.HDD)
                        .storageCapacity(6000).lustreConfiguration(l -> l.deploymentType(LustreDeploymentType.PERSISTENT_1).perUnitStorageThroughput(12))),
                refused("HDD on PERSISTENT_2", "BadRequest", "HDD storage is supported only for deployment type PERSISTENT_1",
                        r -> r.storageType(StorageType.HDD).lustreConfiguration(persistent2(125).andThen(l -> l.driveCacheType(DriveCacheType.READ)))),
                refused("drive cache on SSD", "BadRequest", "DriveCacheType can be set only when StorageType is HDD",
                        r -> r.lustreConfiguration(l -> l.deploymentType(LustreDeploymentType.SCRATCH_2).driveCacheType(DriveCacheType.READ))),
                refused("Intelligent-Tiering", "BadRequest", "INTELLIGENT_TIERING", r -> r.storageType(StorageType.INTELLIGENT_TIERING)),
                refused("a tiering-only setting on SSD", "BadRequest", "ThroughputCapacity is supported only",
                        r -> r.lustreConfiguration(persistent2(125).andThen(l -> l.throughputCapacity(4000)))),
                refused("throughput of another deployment type", "InvalidPerUnitStorageThroughput", "125",
                        r -> r.lustreConfiguration(l -> l.deploymentType(LustreDeploymentType.PERSISTENT_1).perUnitStorageThroughput(125))),
                refused("persistent without throughput", "BadRequest", "PerUnitStorageThroughput is required",
                        r -> r.lustreConfiguration(lustre(LustreDeploymentType.PERSISTENT_2))),
                refused("throughput on scratch", "BadRequest", "only for PERSISTENT",
                        r -> r.lustreConfiguration(l -> l.deploymentType(LustreDeploymentType.SCRATCH_2).perUnitStorageThroughput(200))),
                refused("a KMS key on scratch", "BadRequest", "KmsKeyId is supported only for PERSISTENT", r -> r.kmsKeyId("alias/mine")),
                refused("metadata on PERSISTENT_1", "BadRequest", "MetadataConfiguration is supported only for deployment type PERSISTENT_2",
                        r -> r.lustreConfiguration(l -> l.deploymentType(LustreDeploymentType.PERSISTENT_1).perUnitStorageThroughput(50)
                                .metadataConfiguration(m -> m.mode(MetadataConfigurationMode.AUTOMATIC)))),
                refused("IOPS in AUTOMATIC mode", "BadRequest", "Iops cannot be set in AUTOMATIC",
                        r -> r.lustreConfiguration(persistent2(125).andThen(l -> l.metadataConfiguration(m -> m.mode(MetadataConfigurationMode.AUTOMATIC).iops(3000))))),
                refused("user-provisioned IOPS off the list", "BadRequest", "Metadata Iops 18000 is not valid",
                        r -> r.lustreConfiguration(persistent2(125).andThen(l -> l.metadataConfiguration(m -> m.mode(MetadataConfigurationMode.USER_PROVISIONED).iops(18000))))),
                refused("user-provisioned mode without IOPS", "BadRequest", "Iops is required",
                        r -> r.lustreConfiguration(persistent2(125).andThen(l -> l.metadataConfiguration(m -> m.mode(MetadataConfigurationMode.USER_PROVISIONED))))),
                refused("Lustre 2.10 on PERSISTENT_2", "BadRequest", "2.10 is not supported",
                        r -> r.fileSystemTypeVersion("2.10").lustreConfiguration(persistent2(250))),
                refused("metadata on Lustre 2.12", "BadRequest", "needs Lustre version 2.15", r -> r.fileSystemTypeVersion("2.12")
                        .lustreConfiguration(persistent2(250).andThen(l -> l.metadataConfiguration(m -> m.mode(MetadataConfigurationMode.AUTOMATIC))))),
                refused("an unknown Lustre version", "BadRequest", "2.16", r -> r.fileSystemTypeVersion("2.16")),
                refused("EFA without a metadata configuration", "BadRequest", "EFA can be enabled only",
                        r -> r.lustreConfiguration(persistent2(1000).andThen(l -> l.efaEnabled(true)))),
                refused("an import path that is no S3 path", "InvalidImportPath", "not a valid Amazon S3 path",
                        r -> r.lustreConfiguration(l -> l.deploymentType(LustreDeploymentType.SCRATCH_2).importPath("/data"))),
                refused("an export path in another bucket", "InvalidExportPath", "must be in the Amazon S3 bucket of the import path",
                        r -> r.lustreConfiguration(l -> l.deploymentType(LustreDeploymentType.SCRATCH_2).importPath("s3://input").exportPath("s3://output/x"))),
                refused("an export path without an import path", "InvalidExportPath", "needs an ImportPath",
                        r -> r.lustreConfiguration(l -> l.deploymentType(LustreDeploymentType.SCRATCH_2).exportPath("s3://output/x"))),
                refused("an import path on PERSISTENT_2", "BadRequest", "data repository association",
                        r -> r.lustreConfiguration(persistent2(125).andThen(l -> l.importPath("s3://input")))),
                refused("a chunk size beyond 512000 MiB", "BadRequest", "ImportedFileChunkSize must be between 1 and 512000",
                        r -> r.lustreConfiguration(l -> l.deploymentType(LustreDeploymentType.SCRATCH_2).importPath("s3://input").importedFileChunkSize(600000))),
                refused("backups on scratch", "BadRequest", "Automatic backups are not supported",
                        r -> r.lustreConfiguration(l -> l.deploymentType(LustreDeploymentType.SCRATCH_2).automaticBackupRetentionDays(3))),
                refused("backups on an S3-linked file system", "BadRequest", "Backups cannot be enabled",
                        r -> r.lustreConfiguration(l -> l.deploymentType(LustreDeploymentType.PERSISTENT_1).perUnitStorageThroughput(50)
                                .importPath("s3://input").automaticBackupRetentionDays(3))),
                refused("a retention beyond 90 days", "BadRequest", "AutomaticBackupRetentionDays must be between 0 and 90",
                        r -> r.lustreConfiguration(persistent2(125).andThen(l -> l.automaticBackupRetentionDays(91)))),
                refused("a backup window without retention", "BadRequest", "DailyAutomaticBackupStartTime can be set only",
                        r -> r.lustreConfiguration(persistent2(125).andThen(l -> l.dailyAutomaticBackupStartTime("02:00")))),
                refused("a backup window that is no HH:MM", "BadRequest", "HH:MM",
                        r -> r.lustreConfiguration(persistent2(125).andThen(l -> l.automaticBackupRetentionDays(1).dailyAutomaticBackupStartTime("25:00")))),
                refused("a maintenance window that is no d:HH:MM", "BadRequest", "d:HH:MM",
                        r -> r.lustreConfiguration(l -> l.deploymentType(LustreDeploymentType.SCRATCH_2).weeklyMaintenanceStartTime("8:01:00"))),
                refused("a log destination outside /aws/fsx", "BadRequest", "/aws/fsx", r -> r.lustreConfiguration(l -> l
                        .deploymentType(LustreDeploymentType.SCRATCH_2).logConfiguration(c -> c.level("WARN_ERROR")
                                .destination("arn:aws:logs:us-east-1:123456789012:log-group:/mine")))),
                refused("a root squash that is no UID:GID", "BadRequest", "UID:GID", r -> r.lustreConfiguration(l -> l
                        .deploymentType(LustreDeploymentType.SCRATCH_2).rootSquashConfiguration(c -> c.rootSquash("nobody")))),
                refused("two subnets", "BadRequest", "exactly one subnet", r -> r.subnetIds(FsxFixture.SUBNET_A, FsxFixture.SUBNET_B)),
                refused("another file system type", "BadRequest", "only LUSTRE", r -> r.fileSystemType(FileSystemType.ONTAP)),
                refused("a Windows configuration", "BadRequest", "WindowsConfiguration cannot be applied", r -> r.windowsConfiguration(w -> w.throughputCapacity(8))),
                refused("a reserved tag key", "BadRequest", "reserved", r -> r.tags(t -> t.key("aws:owner").value("x"))),
                refused("a token that breaks FSx's pattern", "BadRequest", "ClientRequestToken", r -> r.clientRequestToken("has space")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedRequests")
    void isRefusedWithFsxsCode(String what, String code, String messagePart, Consumer<CreateFileSystemRequest.Builder> change) {
        FSxException e = assertThrows(FSxException.class, () -> fixture.create("refused", change));

        assertEquals(code, e.awsErrorDetails().errorCode(), e.getMessage());
        assertEquals(400, e.statusCode());
        assertTrue(e.awsErrorDetails().errorMessage().contains(messagePart), e.awsErrorDetails().errorMessage());
    }

    @Test
    void unknownSubnetsAndSecurityGroupsAreInvalidNetworkSettingsNamingThem() {
        InvalidNetworkSettingsException subnet = assertThrows(InvalidNetworkSettingsException.class,
                () -> fixture.create("subnet", r -> r.subnetIds("subnet-0badbadbadbadbad0")));
        assertEquals("subnet-0badbadbadbadbad0", subnet.invalidSubnetId());

        InvalidNetworkSettingsException group = assertThrows(InvalidNetworkSettingsException.class,
                () -> fixture.create("group", r -> r.securityGroupIds(FsxFixture.SECURITY_GROUP, "sg-0badbadbadbadbad0")));
        assertEquals("sg-0badbadbadbadbad0", group.invalidSecurityGroupId());
    }

    @Test
    void theSubnetDecidesTheZoneAndRefusedRequestsCreateNothing() {
        var fs = fixture.create("zone-b", r -> r.subnetIds(FsxFixture.SUBNET_B));

        assertEquals(List.of(FsxFixture.SUBNET_B), fs.subnetIds());
        assertEquals(FsxFixture.withOntapSeed(List.of(fs.fileSystemId())), fixture.fileSystemIds());
    }

    private static Arguments refused(String what, String code, String messagePart, Consumer<CreateFileSystemRequest.Builder> change) {
        return Arguments.of(what, code, messagePart, change);
    }

    private static Consumer<CreateFileSystemLustreConfiguration.Builder> lustre(LustreDeploymentType deployment) {
        return l -> l.deploymentType(deployment);
    }

    private static Consumer<CreateFileSystemLustreConfiguration.Builder> persistent2(int throughput) {
        return l -> l.deploymentType(LustreDeploymentType.PERSISTENT_2).perUnitStorageThroughput(throughput);
    }
}
