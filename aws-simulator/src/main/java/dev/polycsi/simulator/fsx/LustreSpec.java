package dev.polycsi.simulator.fsx;

import java.util.Optional;

/**
 * Everything a Lustre file system was created with, once validated and with FSx's defaults
 * filled in. The storage capacity, throughput tier and metadata configuration are those at
 * creation; UpdateFileSystem changes them with {@link FileSystemUpdate}s.
 */
record LustreSpec(
        int storageCapacity,
        StorageType storageType,
        DeploymentType deploymentType,
        Optional<Integer> perUnitStorageThroughput,
        Optional<String> driveCacheType,
        String dataCompressionType,
        String weeklyMaintenanceStartTime,
        Backups backups,
        Optional<DataRepository> dataRepository,
        boolean efaEnabled,
        LogSettings log,
        Optional<RootSquash> rootSquash,
        Optional<MetadataConfiguration> metadata,
        Optional<String> kmsKeyId,
        String fileSystemTypeVersion) {

    /** With the settings UpdateFileSystem changes at once (no administrative action). */
    LustreSpec withSettings(String newWeeklyMaintenanceStartTime, Backups newBackups, String newDataCompressionType) {
        return new LustreSpec(storageCapacity, storageType, deploymentType, perUnitStorageThroughput, driveCacheType, newDataCompressionType,
                newWeeklyMaintenanceStartTime, newBackups, dataRepository, efaEnabled, log, rootSquash, metadata, kmsKeyId,
                fileSystemTypeVersion);
    }
}
