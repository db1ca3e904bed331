package dev.polycsi.fsx.lustre.cloud;

import dev.polycsi.fsx.lustre.params.DeploymentType;
import dev.polycsi.fsx.lustre.params.ExistingFileSystem;
import dev.polycsi.fsx.lustre.params.MetadataMode;
import dev.polycsi.fsx.lustre.params.StorageCapacity;
import dev.polycsi.fsx.lustre.params.StorageType;
import dev.polycsi.fsx.node.VolumeContext;
import dev.polycsi.fsx.support.FsxTags;
import dev.polycsi.spi.CsiException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * An FSx for Lustre file system as DescribeFileSystems shows it. The deployment and storage types
 * are kept as FSx names them, since a static volume may be of a kind this backend does not create
 * (INTELLIGENT_TIERING); {@link #existing()} turns them into the parameter rules' types.
 *
 * @param failureMessage        FailureDetails.Message, set for FAILED and MISCONFIGURED file systems
 * @param deploymentType        LustreConfiguration.DeploymentType
 * @param storageType           StorageType
 * @param metadataMode          empty without a metadata configuration
 * @param importPath            the linked S3 bucket (DataRepositoryConfiguration.ImportPath), if any
 * @param administrativeActions the updates FSx lists for it, newest or not (FSx does not say how they are ordered)
 */
public record LustreFileSystem(
        String id,
        Lifecycle lifecycle,
        Optional<String> failureMessage,
        long storageCapacityGiB,
        String deploymentType,
        String storageType,
        Optional<Integer> perUnitStorageThroughput,
        Optional<String> driveCacheType,
        boolean efaEnabled,
        Optional<MetadataMode> metadataMode,
        Optional<Integer> metadataIops,
        List<String> subnetIds,
        String dnsName,
        String mountName,
        Optional<String> fileSystemTypeVersion,
        Optional<String> importPath,
        Map<String, String> tags,
        Instant creationTime,
        List<FileSystemAction> administrativeActions) {

    public LustreFileSystem {
        subnetIds = List.copyOf(subnetIds);
        tags = Map.copyOf(tags);
        administrativeActions = List.copyOf(administrativeActions);
    }

    /** The CSI volume name it was created for: its {@link FsxTags#VOLUME_NAME_TAG} tag. */
    public Optional<String> volumeName() {
        return Optional.ofNullable(tags.get(FsxTags.VOLUME_NAME_TAG));
    }

    public long capacityBytes() {
        return StorageCapacity.bytes(storageCapacityGiB);
    }

    /** What the node mounts: {@code <DNSName>@tcp:/<MountName>}. */
    public VolumeContext volumeContext() {
        return new VolumeContext(dnsName, mountName);
    }

    /**
     * What the parameter rules need to round an expansion and check a modification.
     * FAILED_PRECONDITION for a kind of file system this backend does not know (INTELLIGENT_TIERING,
     * a deployment type newer than this code), whose rules it cannot apply.
     */
    public ExistingFileSystem existing() {
        DeploymentType deployment = known(DeploymentType.class, deploymentType, "deployment type");
        StorageType storage = known(StorageType.class, storageType, "storage type");
        return new ExistingFileSystem(deployment, storage, perUnitStorageThroughput, efaEnabled, metadataMode, metadataIops,
                storageCapacityGiB);
    }

    /** The newest administrative action that {@code matches}. */
    public Optional<FileSystemAction> latest(Predicate<FileSystemAction> matches) {
        return administrativeActions.stream().filter(matches).max(Comparator.comparing(FileSystemAction::requestTime));
    }

    private <E extends Enum<E>> E known(Class<E> type, String value, String what) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw CsiException.failedPrecondition("file system %s has %s %s, which this backend cannot change", id, what, value);
        }
    }
}
