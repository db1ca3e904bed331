package dev.polycsi.fsx.lustre.params;

import dev.polycsi.fsx.support.FsxTags;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What CreateFileSystem needs for a new FSx for Lustre file system, checked against every rule
 * FSx states for combinations. An empty optional is a field not to send, so that FSx applies its
 * own default (as the official driver leaves deploymentType and fileSystemTypeVersion out unless
 * they are set).
 *
 * @param securityGroupIds         may be empty: FSx then uses the VPC's default security group
 * @param deploymentType           as given; {@link #effectiveDeploymentType()} is what FSx creates
 * @param storageType              as given; {@link #effectiveStorageType()} is what FSx creates
 * @param perUnitStorageThroughput MB/s per TiB; present exactly for persistent file systems
 * @param driveCacheType           present exactly for HDD
 * @param backups                  present for persistent file systems not linked to S3
 * @param weeklyMaintenanceStartTime {@code d:HH:MM} UTC, d 1 (Monday) to 7
 * @param dataRepository           the linked S3 bucket, if any
 * @param metadata                 PERSISTENT_2 only
 * @param extraTags                the StorageClass's tags; the controller adds {@link FsxTags#VOLUME_NAME_TAG}
 */
public record LustreSettings(
        String subnetId,
        List<String> securityGroupIds,
        Optional<DeploymentType> deploymentType,
        Optional<StorageType> storageType,
        Optional<Integer> perUnitStorageThroughput,
        Optional<DriveCacheType> driveCacheType,
        Optional<DataCompressionType> dataCompressionType,
        Optional<BackupSettings> backups,
        Optional<String> weeklyMaintenanceStartTime,
        Optional<LustreVersion> fileSystemTypeVersion,
        Optional<String> kmsKeyId,
        Optional<DataRepository> dataRepository,
        boolean efaEnabled,
        Optional<MetadataConfiguration> metadata,
        Map<String, String> extraTags) {

    public LustreSettings {
        securityGroupIds = List.copyOf(securityGroupIds);
        extraTags = Map.copyOf(extraTags);
    }

    public DeploymentType effectiveDeploymentType() {
        return deploymentType.orElse(DeploymentType.FSX_DEFAULT);
    }

    public StorageType effectiveStorageType() {
        return storageType.orElse(StorageType.FSX_DEFAULT);
    }

    /** The storage capacities this file system may have. */
    public StorageCapacity capacity() {
        return StorageCapacity.of(this);
    }
}
