package dev.polycsi.filecache.cloud;

import dev.polycsi.filecache.params.StorageCapacity;
import dev.polycsi.fsx.node.VolumeContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An Amazon File Cache as DescribeFileCaches shows it, with the one tag the driver needs, which
 * DescribeFileCaches does not show: the CSI volume name it was created for (ListTagsForResource).
 * Types and versions are kept as FSx names them, since a static volume may be of a kind this
 * backend does not create.
 *
 * @param failureMessage          FailureDetails.Message, set for FAILED caches
 * @param volumeName              the {@code CSIVolumeName} tag; empty for a cache not made for a volume (a static one)
 * @param resourceArn             ResourceARN, which the tags are read by
 * @param metadataStorageCapacity LustreConfiguration.MetadataConfiguration.StorageCapacity
 * @param associationIds          DataRepositoryAssociationIds, the associations made with it
 */
public record Cache(
        String id,
        CacheLifecycle lifecycle,
        Optional<String> failureMessage,
        long storageCapacityGiB,
        String fileCacheType,
        String fileCacheTypeVersion,
        String deploymentType,
        Optional<Integer> perUnitStorageThroughput,
        Optional<Integer> metadataStorageCapacity,
        List<String> subnetIds,
        String dnsName,
        String mountName,
        String resourceArn,
        Optional<String> volumeName,
        Instant creationTime,
        List<String> associationIds) {

    public Cache {
        subnetIds = List.copyOf(subnetIds);
        associationIds = List.copyOf(associationIds);
    }

    public long capacityBytes() {
        return StorageCapacity.bytes(storageCapacityGiB);
    }

    /** Whether FSx gives the names the node mounts by; a cache that FAILED early may have neither. */
    public boolean hasVolumeContext() {
        return !dnsName.isEmpty() && !mountName.isEmpty();
    }

    /** What the node mounts: {@code <DNSName>@tcp:/<MountName>}. */
    public VolumeContext volumeContext() {
        return new VolumeContext(dnsName, mountName);
    }
}
