package dev.polycsi.fsx.lustre.params;

import java.util.Optional;

/**
 * What the parameter rules need to know of a file system that exists (from DescribeFileSystems):
 * enough to round an expansion and to check a modification before FSx is asked.
 *
 * @param perUnitStorageThroughput MB/s per TiB; empty for scratch file systems
 * @param metadataMode             empty when the file system has no metadata configuration
 * @param metadataIops             the metadata IOPS FSx reports, in either mode
 */
public record ExistingFileSystem(
        DeploymentType deploymentType,
        StorageType storageType,
        Optional<Integer> perUnitStorageThroughput,
        boolean efaEnabled,
        Optional<MetadataMode> metadataMode,
        Optional<Integer> metadataIops,
        long storageCapacityGiB) {

    /** Whether the file system already has {@code configuration}. */
    boolean has(MetadataConfiguration configuration) {
        return metadataMode.equals(Optional.of(configuration.mode()))
                && (configuration.iops().isEmpty() || configuration.iops().equals(metadataIops));
    }
}
