package dev.polycsi.fsx.lustre.controller;

import dev.polycsi.fsx.lustre.cloud.LustreFileSystem;
import dev.polycsi.fsx.lustre.cloud.NewFileSystem;
import dev.polycsi.fsx.lustre.params.DataRepository;
import dev.polycsi.fsx.lustre.params.LustreSettings;
import dev.polycsi.fsx.lustre.params.MetadataConfiguration;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.controller.CapacityRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one CreateVolume asks for, and whether a file system of its name is that.
 *
 * @param capacityGiB the size to create, {@code range} rounded to one FSx accepts
 * @param range       the request's capacity range, which an existing file system must meet
 * @param tags        every tag of the new file system, {@code CSIVolumeName} included
 */
record VolumeRequest(String name, LustreSettings settings, long capacityGiB, CapacityRange range, Map<String, String> tags) {

    VolumeRequest {
        tags = Map.copyOf(tags);
    }

    NewFileSystem create(String clientToken) {
        return new NewFileSystem(clientToken, capacityGiB, settings, tags);
    }

    /** ALREADY_EXISTS, naming every difference, when {@code fileSystem} is not what this request asks for. */
    void requireCompatible(LustreFileSystem fileSystem) {
        List<String> differences = differences(fileSystem);
        if (!differences.isEmpty()) {
            throw CsiException.alreadyExists("volume %s exists as file system %s with %s", name, fileSystem.id(),
                    String.join(", ", differences));
        }
    }

    /**
     * How {@code fileSystem} differs from this request, in what defines the volume: its size (the
     * range, as CSI asks), subnet, deployment and storage type, throughput, drive cache, EFA,
     * metadata configuration, Lustre version and S3 link. Not compared: the security groups
     * (DescribeFileSystems does not return them), the KMS key (FSx reports its ARN where the
     * StorageClass may give an id or an alias), and backup, maintenance, compression and tags,
     * where FSx picks a time itself when none is given and which can change after creation
     * without the volume becoming another one.
     */
    List<String> differences(LustreFileSystem fileSystem) {
        List<String> differences = new ArrayList<>();
        if (!range.accepts(fileSystem.capacityBytes())) {
            differences.add("%d GiB, outside the requested capacity range (required_bytes %d, limit_bytes %d)"
                    .formatted(fileSystem.storageCapacityGiB(), range.requiredBytes(), range.limitBytes()));
        }
        if (!fileSystem.subnetIds().contains(settings.subnetId())) {
            differences.add("subnet %s, not %s".formatted(String.join(",", fileSystem.subnetIds()), settings.subnetId()));
        }
        String deployment = settings.effectiveDeploymentType().name();
        if (!fileSystem.deploymentType().equals(deployment)) {
            differences.add("deployment type %s, not %s".formatted(fileSystem.deploymentType(), deployment));
        }
        String storage = settings.effectiveStorageType().name();
        if (!fileSystem.storageType().equals(storage)) {
            differences.add("storage type %s, not %s".formatted(fileSystem.storageType(), storage));
        }
        settings.perUnitStorageThroughput().filter(wanted -> !fileSystem.perUnitStorageThroughput().equals(Optional.of(wanted)))
                .ifPresent(wanted -> differences.add("perUnitStorageThroughput %s, not %d"
                        .formatted(fileSystem.perUnitStorageThroughput().map(String::valueOf).orElse("none"), wanted)));
        settings.driveCacheType().filter(wanted -> !fileSystem.driveCacheType().equals(Optional.of(wanted.name())))
                .ifPresent(wanted -> differences.add("drive cache %s, not %s".formatted(fileSystem.driveCacheType().orElse("none"), wanted)));
        if (fileSystem.efaEnabled() != settings.efaEnabled()) {
            differences.add("efaEnabled %s, not %s".formatted(fileSystem.efaEnabled(), settings.efaEnabled()));
        }
        settings.metadata().filter(wanted -> !has(fileSystem, wanted)).ifPresent(wanted -> differences.add(
                "metadata configuration %s%s, not %s%s".formatted(fileSystem.metadataMode().map(Enum::name).orElse("none"),
                        fileSystem.metadataIops().map(iops -> " " + iops + " IOPS").orElse(""), wanted.mode(),
                        wanted.iops().map(iops -> " " + iops + " IOPS").orElse(""))));
        settings.fileSystemTypeVersion().filter(wanted -> !fileSystem.fileSystemTypeVersion().equals(Optional.of(wanted.wire())))
                .ifPresent(wanted -> differences.add("Lustre %s, not %s".formatted(fileSystem.fileSystemTypeVersion().orElse("?"), wanted)));
        Optional<String> importPath = settings.dataRepository().map(DataRepository::importPath).map(VolumeRequest::bucketPath);
        if (!importPath.equals(fileSystem.importPath().map(VolumeRequest::bucketPath))) {
            differences.add("S3 link %s, not %s".formatted(fileSystem.importPath().orElse("none"), importPath.orElse("none")));
        }
        return differences;
    }

    private static boolean has(LustreFileSystem fileSystem, MetadataConfiguration wanted) {
        return fileSystem.metadataMode().equals(Optional.of(wanted.mode()))
                && (wanted.iops().isEmpty() || wanted.iops().equals(fileSystem.metadataIops()));
    }

    /** s3://bucket and s3://bucket/ name the same place. */
    private static String bucketPath(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
