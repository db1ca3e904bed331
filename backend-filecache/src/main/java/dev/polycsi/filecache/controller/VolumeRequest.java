package dev.polycsi.filecache.controller;

import dev.polycsi.filecache.cloud.Cache;
import dev.polycsi.filecache.cloud.CacheAssociation;
import dev.polycsi.filecache.cloud.NewCache;
import dev.polycsi.filecache.params.CacheSettings;
import dev.polycsi.filecache.params.LustreConfiguration;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.controller.CapacityRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What one CreateVolume asks for, and whether a cache of its name is that.
 *
 * @param settings the checked settings, with the size to create ({@code range} rounded to one File Cache accepts)
 * @param range    the request's capacity range, which an existing cache must meet
 * @param tags     every tag of the new cache, {@code CSIVolumeName} included
 */
record VolumeRequest(String name, CacheSettings settings, CapacityRange range, Map<String, String> tags) {

    VolumeRequest {
        tags = Map.copyOf(tags);
    }

    NewCache create(String clientToken) {
        return new NewCache(clientToken, settings, tags);
    }

    /**
     * ALREADY_EXISTS, naming every difference, when {@code cache} is not what this request asks
     * for; {@code associations} are the cache's, or empty when FSx does not show them all yet.
     */
    void requireCompatible(Cache cache, Optional<List<CacheAssociation>> associations) {
        List<String> differences = differences(cache, associations);
        if (!differences.isEmpty()) {
            throw CsiException.alreadyExists("volume %s exists as cache %s with %s", name, cache.id(), String.join(", ", differences));
        }
    }

    /**
     * How {@code cache} differs from this request, in what defines the volume: its size (the
     * range, as CSI asks), subnet, cache type and version, deployment type, throughput, metadata
     * storage and data repository associations (compared once FSx shows all of them, paths
     * compared without trailing slashes, subdirectories and DNS servers as sets). Not compared:
     * the security groups (DescribeFileCaches does not return them), the KMS key (FSx reports its
     * ARN where the StorageClass may give an id or an alias), the maintenance window (FSx picks one
     * when none is given, and UpdateFileCache changes it), and tags and
     * copyTagsToDataRepositoryAssociations (not returned, and changeable without the volume
     * becoming another one).
     */
    List<String> differences(Cache cache, Optional<List<CacheAssociation>> associations) {
        List<String> differences = new ArrayList<>();
        if (!range.accepts(cache.capacityBytes())) {
            differences.add("%d GiB, outside the requested capacity range (required_bytes %d, limit_bytes %d)"
                    .formatted(cache.storageCapacityGiB(), range.requiredBytes(), range.limitBytes()));
        }
        if (!cache.subnetIds().contains(settings.subnetId())) {
            differences.add("subnet %s, not %s".formatted(String.join(",", cache.subnetIds()), settings.subnetId()));
        }
        if (!cache.fileCacheType().equals(settings.fileCacheType().name())) {
            differences.add("cache type %s, not %s".formatted(cache.fileCacheType(), settings.fileCacheType()));
        }
        if (!cache.fileCacheTypeVersion().equals(settings.fileCacheTypeVersion().wire())) {
            differences.add("Lustre %s, not %s".formatted(cache.fileCacheTypeVersion(), settings.fileCacheTypeVersion()));
        }
        LustreConfiguration lustre = settings.lustreConfiguration();
        if (!cache.deploymentType().equals(lustre.deploymentType().name())) {
            differences.add("deployment type %s, not %s".formatted(cache.deploymentType(), lustre.deploymentType()));
        }
        if (!cache.perUnitStorageThroughput().equals(Optional.of(lustre.perUnitStorageThroughput()))) {
            differences.add("PerUnitStorageThroughput %s, not %d".formatted(
                    cache.perUnitStorageThroughput().map(String::valueOf).orElse("none"), lustre.perUnitStorageThroughput()));
        }
        if (!cache.metadataStorageCapacity().equals(Optional.of(lustre.metadataStorageCapacity()))) {
            differences.add("metadata storage %s GiB, not %d".formatted(
                    cache.metadataStorageCapacity().map(String::valueOf).orElse("none"), lustre.metadataStorageCapacity()));
        }
        associations.ifPresent(existing -> {
            List<CacheAssociation> has = sorted(existing);
            List<CacheAssociation> wanted = sorted(settings.dataRepositoryAssociations().stream().map(CacheAssociation::requested).toList());
            if (!has.equals(wanted)) {
                differences.add("data repository associations %s, not %s".formatted(describe(existing),
                        describe(settings.dataRepositoryAssociations().stream().map(CacheAssociation::requested).toList())));
            }
        });
        return differences;
    }

    private static List<CacheAssociation> sorted(List<CacheAssociation> associations) {
        return associations.stream().map(CacheAssociation::normalized).sorted(Comparator.comparing(CacheAssociation::fileCachePath)).toList();
    }

    private static String describe(List<CacheAssociation> associations) {
        return associations.stream().map(CacheAssociation::describe).collect(Collectors.joining(" ", "[", "]"));
    }
}
