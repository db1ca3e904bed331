package dev.polycsi.fsx.lustre.cloud;

import static dev.polycsi.fsx.lustre.cloud.SimulatedFsx.request;
import static dev.polycsi.fsx.lustre.cloud.SimulatedFsx.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.polycsi.fsx.lustre.params.LustreChange;
import dev.polycsi.fsx.lustre.params.MetadataConfiguration;
import dev.polycsi.fsx.lustre.params.MetadataMode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.fsx.model.AdministrativeAction;
import software.amazon.awssdk.services.fsx.model.AdministrativeActionType;
import software.amazon.awssdk.services.fsx.model.CreateFileSystemRequest;
import software.amazon.awssdk.services.fsx.model.FileSystem;
import software.amazon.awssdk.services.fsx.model.FileSystemLifecycle;
import software.amazon.awssdk.services.fsx.model.FileSystemType;
import software.amazon.awssdk.services.fsx.model.MetadataConfigurationMode;
import software.amazon.awssdk.services.fsx.model.Status;
import software.amazon.awssdk.services.fsx.model.Tag;
import software.amazon.awssdk.services.fsx.model.UpdateFileSystemLustreConfiguration;

/**
 * The SDK's shapes to the backend's and back, built by hand: what the requests carry, and
 * answers the simulator does not give (a FAILED file system with updates). SdkLustreCloudTest
 * reads what the simulator gives.
 */
class FsxModelTest {

    @Test
    void aCreateSendsOnlyWhatIsSetAndAlwaysTheBackupRetentionOfPersistentFileSystems() {
        CreateFileSystemRequest scratch = FsxModel.createRequest(request("pvc-1", "t", 1200, settings()));
        CreateFileSystemRequest persistent = FsxModel.createRequest(request("pvc-2", "t", 1200,
                settings("deploymentType", "PERSISTENT_1", "perUnitStorageThroughput", "50", "kmsKeyId", "alias/fsx")));

        assertEquals(FileSystemType.LUSTRE, scratch.fileSystemType());
        assertEquals(List.of(SimulatedFsx.SUBNET), scratch.subnetIds());
        assertEquals(List.of(Tag.builder().key("CSIVolumeName").value("pvc-1").build()), scratch.tags());
        assertNull(scratch.lustreConfiguration().deploymentTypeAsString(), "FSx's default");
        assertNull(scratch.storageTypeAsString());
        assertNull(scratch.fileSystemTypeVersion());
        assertEquals(false, scratch.hasSecurityGroupIds());
        assertNull(scratch.lustreConfiguration().automaticBackupRetentionDays(), "scratch file systems take no backups");

        assertEquals(0, persistent.lustreConfiguration().automaticBackupRetentionDays(), "FSx documents two defaults: always sent");
        assertEquals("alias/fsx", persistent.kmsKeyId());
        assertEquals(50, persistent.lustreConfiguration().perUnitStorageThroughput());
    }

    @Test
    void anUpdateSendsTheThroughputAndTheMetadataConfiguration() {
        UpdateFileSystemLustreConfiguration update = FsxModel.updateRequest(
                new LustreChange(Optional.of(500), Optional.of(MetadataConfiguration.userProvisioned(12000))));

        assertEquals(500, update.perUnitStorageThroughput());
        assertEquals(MetadataConfigurationMode.USER_PROVISIONED, update.metadataConfiguration().mode());
        assertEquals(12000, update.metadataConfiguration().iops());
        assertNull(FsxModel.updateRequest(new LustreChange(Optional.empty(), Optional.of(MetadataConfiguration.automatic())))
                .metadataConfiguration().iops());
    }

    @Test
    void readsTheTargetsOfThroughputAndMetadataUpdatesAndFailures() {
        Instant requested = Instant.parse("2026-01-01T00:00:00Z");
        FileSystem fs = FileSystem.builder()
                .fileSystemId("fs-0123456789abcdef0")
                .fileSystemType(FileSystemType.LUSTRE)
                .lifecycle(FileSystemLifecycle.FAILED)
                .failureDetails(f -> f.message("Amazon FSx could not create the file system."))
                .storageCapacity(1200)
                .storageType("SSD")
                .lustreConfiguration(l -> l.deploymentType("PERSISTENT_2").perUnitStorageThroughput(125))
                .administrativeActions(
                        AdministrativeAction.builder().administrativeActionType(AdministrativeActionType.FILE_SYSTEM_UPDATE)
                                .status(Status.IN_PROGRESS).requestTime(requested)
                                .targetFileSystemValues(t -> t.lustreConfiguration(l -> l.perUnitStorageThroughput(250)
                                        .metadataConfiguration(m -> m.mode(MetadataConfigurationMode.USER_PROVISIONED).iops(6000))))
                                .build(),
                        AdministrativeAction.builder().administrativeActionType(AdministrativeActionType.FILE_SYSTEM_UPDATE)
                                .status(Status.FAILED).requestTime(requested.minusSeconds(60))
                                .targetFileSystemValues(t -> t.storageCapacity(2400))
                                .failureDetails(f -> f.message("KMS key disabled")).build())
                .build();

        LustreFileSystem read = FsxModel.fileSystem(fs);

        assertEquals(Lifecycle.FAILED, read.lifecycle());
        assertEquals(Optional.of("Amazon FSx could not create the file system."), read.failureMessage());
        assertEquals("", read.dnsName(), "a file system that failed early may have none");
        FileSystemAction throughput = read.latest(FileSystemAction::isUpdate).orElseThrow();
        assertEquals(Optional.of(250), throughput.targetThroughput());
        assertEquals(Optional.of(MetadataMode.USER_PROVISIONED), throughput.targetMetadataMode());
        assertEquals(Optional.of(6000), throughput.targetMetadataIops());
        assertEquals(Optional.empty(), throughput.targetStorageCapacity());
        FileSystemAction failed = read.latest(FileSystemAction::isCapacityUpdate).orElseThrow();
        assertEquals(Optional.of("KMS key disabled"), failed.failureMessage());
        assertEquals(Optional.of(2400), failed.targetStorageCapacity());
    }
}
