package dev.polycsi.filecache.params;

import dev.polycsi.fsx.support.FsxTags;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything CreateFileCache needs for a new cache, from one CreateVolume, checked against every
 * rule FSx states before FSx is asked ({@link VolumeParameters#resolve}). Immutable: the lists and
 * the map cannot be changed.
 *
 * @param subnetId                             SubnetIds, exactly one
 * @param securityGroupIds                     may be empty: nothing is sent, and FSx uses the VPC's default security group
 * @param storageCapacityGiB                   StorageCapacity: 1200 or a multiple of 2400
 * @param fileCacheType                        FileCacheType, always sent
 * @param fileCacheTypeVersion                 FileCacheTypeVersion, always sent
 * @param kmsKeyId                             KmsKeyId; empty: FSx uses the account's FSx key
 * @param copyTagsToDataRepositoryAssociations CopyTagsToDataRepositoryAssociations
 * @param lustreConfiguration                  LustreConfiguration, with the weekly maintenance start time
 * @param dataRepositoryAssociations           DataRepositoryAssociations: 1 to 8, all S3 or all NFS, cache paths not overlapping
 * @param extraTags                            the StorageClass's tags in the order given; the controller adds {@link FsxTags#VOLUME_NAME_TAG}
 */
public record CacheSettings(
        String subnetId,
        List<String> securityGroupIds,
        int storageCapacityGiB,
        FileCacheType fileCacheType,
        FileCacheVersion fileCacheTypeVersion,
        Optional<String> kmsKeyId,
        boolean copyTagsToDataRepositoryAssociations,
        LustreConfiguration lustreConfiguration,
        List<DataRepositoryAssociation> dataRepositoryAssociations,
        Map<String, String> extraTags) {

    public CacheSettings {
        Objects.requireNonNull(subnetId, "subnetId");
        securityGroupIds = List.copyOf(securityGroupIds);
        Objects.requireNonNull(fileCacheType, "fileCacheType");
        Objects.requireNonNull(fileCacheTypeVersion, "fileCacheTypeVersion");
        Objects.requireNonNull(kmsKeyId, "kmsKeyId");
        Objects.requireNonNull(lustreConfiguration, "lustreConfiguration");
        dataRepositoryAssociations = List.copyOf(dataRepositoryAssociations);
        extraTags = Collections.unmodifiableMap(new LinkedHashMap<>(extraTags));
        if (!StorageCapacity.isValid(storageCapacityGiB)) {
            throw new IllegalArgumentException(storageCapacityGiB + " GiB is not a size File Cache takes (" + StorageCapacity.DESCRIPTION + ")");
        }
        if (dataRepositoryAssociations.isEmpty() || dataRepositoryAssociations.size() > DataRepositoryAssociations.MAX_ASSOCIATIONS) {
            throw new IllegalArgumentException(dataRepositoryAssociations.size() + " data repository associations, not 1 to "
                    + DataRepositoryAssociations.MAX_ASSOCIATIONS);
        }
    }

    /** Whether the cache links S3 or NFS repositories (never both). */
    public RepositoryType repositoryType() {
        return dataRepositoryAssociations.getFirst().repositoryType();
    }
}
