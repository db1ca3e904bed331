package dev.polycsi.filecache.cloud;

import dev.polycsi.filecache.params.CacheSettings;
import dev.polycsi.filecache.params.LustreConfiguration;
import dev.polycsi.fsx.support.FsxTags;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.fsx.model.CreateFileCacheLustreConfiguration;
import software.amazon.awssdk.services.fsx.model.CreateFileCacheRequest;
import software.amazon.awssdk.services.fsx.model.DataRepositoryAssociation;
import software.amazon.awssdk.services.fsx.model.FileCache;
import software.amazon.awssdk.services.fsx.model.FileCacheCreating;
import software.amazon.awssdk.services.fsx.model.FileCacheDataRepositoryAssociation;
import software.amazon.awssdk.services.fsx.model.FileCacheFailureDetails;
import software.amazon.awssdk.services.fsx.model.FileCacheLustreConfiguration;
import software.amazon.awssdk.services.fsx.model.FileCacheLustreMetadataConfiguration;
import software.amazon.awssdk.services.fsx.model.FileCacheNFSConfiguration;
import software.amazon.awssdk.services.fsx.model.FileCacheType;
import software.amazon.awssdk.services.fsx.model.NFSDataRepositoryConfiguration;
import software.amazon.awssdk.services.fsx.model.Tag;

/** The SDK's File Cache shapes to the backend's types and back; the only place that knows both. */
final class FileCacheModel {

    private FileCacheModel() {
    }

    /**
     * CreateFileCache for {@code request}. Optional settings left empty are not sent, so that FSx
     * applies its own default; tags go sorted by key, so that the same request always makes the
     * same body, which the client token's idempotency compares, whatever the process.
     */
    static CreateFileCacheRequest createRequest(NewCache request) {
        CacheSettings settings = request.settings();
        LustreConfiguration lustre = settings.lustreConfiguration();
        CreateFileCacheLustreConfiguration.Builder configuration = CreateFileCacheLustreConfiguration.builder()
                .deploymentType(lustre.deploymentType().name())
                .perUnitStorageThroughput(lustre.perUnitStorageThroughput())
                .metadataConfiguration(FileCacheLustreMetadataConfiguration.builder().storageCapacity(lustre.metadataStorageCapacity()).build());
        lustre.weeklyMaintenanceStartTime().ifPresent(configuration::weeklyMaintenanceStartTime);

        CreateFileCacheRequest.Builder create = CreateFileCacheRequest.builder()
                .clientRequestToken(request.clientToken())
                .fileCacheType(FileCacheType.fromValue(settings.fileCacheType().name()))
                .fileCacheTypeVersion(settings.fileCacheTypeVersion().wire())
                .storageCapacity(settings.storageCapacityGiB())
                .subnetIds(settings.subnetId())
                // never empty: the controller adds CSIVolumeName, and FSx refuses an empty list
                .tags(request.tags().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList())
                .lustreConfiguration(configuration.build())
                .dataRepositoryAssociations(settings.dataRepositoryAssociations().stream().map(CacheAssociation::requested)
                        .map(FileCacheModel::association).toList());
        if (!settings.securityGroupIds().isEmpty()) {
            create.securityGroupIds(settings.securityGroupIds());
        }
        settings.kmsKeyId().ifPresent(create::kmsKeyId);
        if (settings.copyTagsToDataRepositoryAssociations()) {
            create.copyTagsToDataRepositoryAssociations(true);
        }
        return create.build();
    }

    /** An association as CreateFileCache takes it: subdirectories and DNS servers only when there are some. */
    private static FileCacheDataRepositoryAssociation association(CacheAssociation association) {
        FileCacheDataRepositoryAssociation.Builder made = FileCacheDataRepositoryAssociation.builder()
                .fileCachePath(association.fileCachePath())
                .dataRepositoryPath(association.dataRepositoryPath());
        if (!association.subdirectories().isEmpty()) {
            made.dataRepositorySubdirectories(association.subdirectories());
        }
        association.nfsVersion().ifPresent(version -> {
            FileCacheNFSConfiguration.Builder configuration = FileCacheNFSConfiguration.builder().version(version);
            if (!association.dnsIps().isEmpty()) {
                configuration.dnsIps(association.dnsIps());
            }
            made.nfs(configuration.build());
        });
        return made.build();
    }

    /** The cache as CreateFileCache answers it, with its tags. */
    static Cache cache(FileCacheCreating created) {
        return new Cache(
                nonNull(created.fileCacheId()),
                CacheLifecycle.of(created.lifecycleAsString()),
                Optional.ofNullable(created.failureDetails()).map(FileCacheFailureDetails::message),
                created.storageCapacity() == null ? 0 : created.storageCapacity(),
                nonNull(created.fileCacheTypeAsString()),
                nonNull(created.fileCacheTypeVersion()),
                lustre(created.lustreConfiguration()).map(FileCacheLustreConfiguration::deploymentTypeAsString).map(FileCacheModel::nonNull)
                        .orElse(""),
                lustre(created.lustreConfiguration()).map(FileCacheLustreConfiguration::perUnitStorageThroughput),
                metadataCapacity(created.lustreConfiguration()),
                created.subnetIds(),
                nonNull(created.dnsName()),
                lustre(created.lustreConfiguration()).map(FileCacheLustreConfiguration::mountName).map(FileCacheModel::nonNull).orElse(""),
                nonNull(created.resourceARN()),
                volumeName(created.tags()),
                created.creationTime() == null ? Instant.EPOCH : created.creationTime(),
                created.dataRepositoryAssociationIds());
    }

    /** The cache as DescribeFileCaches shows it (without tags), with the volume name read from its tags. */
    static Cache cache(FileCache cache, Optional<String> volumeName) {
        return new Cache(
                nonNull(cache.fileCacheId()),
                CacheLifecycle.of(cache.lifecycleAsString()),
                Optional.ofNullable(cache.failureDetails()).map(FileCacheFailureDetails::message),
                cache.storageCapacity() == null ? 0 : cache.storageCapacity(),
                nonNull(cache.fileCacheTypeAsString()),
                nonNull(cache.fileCacheTypeVersion()),
                lustre(cache.lustreConfiguration()).map(FileCacheLustreConfiguration::deploymentTypeAsString).map(FileCacheModel::nonNull)
                        .orElse(""),
                lustre(cache.lustreConfiguration()).map(FileCacheLustreConfiguration::perUnitStorageThroughput),
                metadataCapacity(cache.lustreConfiguration()),
                cache.subnetIds(),
                nonNull(cache.dnsName()),
                lustre(cache.lustreConfiguration()).map(FileCacheLustreConfiguration::mountName).map(FileCacheModel::nonNull).orElse(""),
                nonNull(cache.resourceARN()),
                volumeName,
                cache.creationTime() == null ? Instant.EPOCH : cache.creationTime(),
                cache.dataRepositoryAssociationIds());
    }

    static CacheAssociation association(DataRepositoryAssociation association) {
        Optional<NFSDataRepositoryConfiguration> nfs = Optional.ofNullable(association.nfs());
        return new CacheAssociation(
                nonNull(association.fileCachePath()),
                nonNull(association.dataRepositoryPath()),
                association.dataRepositorySubdirectories(),
                nfs.map(NFSDataRepositoryConfiguration::versionAsString),
                nfs.map(NFSDataRepositoryConfiguration::dnsIps).orElse(List.of()));
    }

    /** The {@code CSIVolumeName} tag among {@code tags}. */
    static Optional<String> volumeName(List<Tag> tags) {
        return tags.stream().filter(tag -> FsxTags.VOLUME_NAME_TAG.equals(tag.key())).map(tag -> nonNull(tag.value())).findFirst();
    }

    private static Optional<FileCacheLustreConfiguration> lustre(FileCacheLustreConfiguration configuration) {
        return Optional.ofNullable(configuration);
    }

    private static Optional<Integer> metadataCapacity(FileCacheLustreConfiguration configuration) {
        return lustre(configuration).map(FileCacheLustreConfiguration::metadataConfiguration)
                .map(FileCacheLustreMetadataConfiguration::storageCapacity);
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
