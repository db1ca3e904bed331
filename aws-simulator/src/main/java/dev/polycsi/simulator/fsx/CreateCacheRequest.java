package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.json.JsonRequest;
import java.util.List;
import java.util.Optional;

/**
 * A CreateFileCache request, read and checked in FSx's order of concerns: type and version,
 * capacity, Lustre configuration, encryption, data repositories, network, tags. Every member with
 * one allowed value must have it: FileCacheType LUSTRE, FileCacheTypeVersion 2.12, DeploymentType
 * CACHE_1, PerUnitStorageThroughput 1000 (InvalidPerUnitStorageThroughput otherwise) and
 * MetadataConfiguration.StorageCapacity 2400; a missing LustreConfiguration is
 * MissingFileCacheConfiguration.
 */
record CreateCacheRequest(FileCacheSpec spec, String subnetId, String zone, List<String> securityGroupIds, List<Tag> tags,
        List<RepositoryLink> links) {

    CreateCacheRequest {
        securityGroupIds = List.copyOf(securityGroupIds);
        tags = List.copyOf(tags);
        links = List.copyOf(links);
    }

    static CreateCacheRequest read(JsonRequest body, SimulatorConfig config) {
        FsxFields.oneOf(body, "FileCacheType", List.of(FileCacheSpec.TYPE))
                .orElseThrow(() -> FsxError.badRequest("FileCacheType is required; the only cache type is LUSTRE."));
        String version = body.string("FileCacheTypeVersion")
                .orElseThrow(() -> FsxError.badRequest("FileCacheTypeVersion is required; the only version is 2.12."));
        if (!version.equals(FileCacheSpec.TYPE_VERSION)) {
            throw FsxError.badRequest("FileCacheTypeVersion '%s' is not supported; the only version is %s.", version, FileCacheSpec.TYPE_VERSION);
        }
        int capacity = FsxFields.intInRange(body, "StorageCapacity", 0, Integer.MAX_VALUE)
                .orElseThrow(() -> FsxError.badRequest("StorageCapacity is required for a cache."));
        StorageCapacityRules.requireValidForCache(capacity);
        JsonRequest lustre = body.object("LustreConfiguration").orElseThrow(() -> FsxError.missingFileCacheConfiguration(
                "LustreConfiguration is required for a LUSTRE cache: DeploymentType CACHE_1, PerUnitStorageThroughput 1000 and"
                        + " MetadataConfiguration with StorageCapacity 2400."));
        String maintenance = lustreConfiguration(lustre);
        String kmsKeyId = FsxDefaults.kmsKey(body, config);
        boolean copyTags = body.bool("CopyTagsToDataRepositoryAssociations").orElse(false);
        List<RepositoryLink> links = RepositoryLinks.read(body);
        String subnetId = FsxNetwork.subnet(body, "A cache");
        String zone = FsxNetwork.zoneOf(config, subnetId);
        return new CreateCacheRequest(new FileCacheSpec(capacity, kmsKeyId, maintenance, copyTags), subnetId, zone,
                FsxNetwork.securityGroups(body), Tag.listOf(body), links);
    }

    /** The one configuration a cache can have, and its maintenance window (random when not given, as FSx picks one). */
    private static String lustreConfiguration(JsonRequest lustre) {
        FsxFields.oneOf(lustre, "DeploymentType", List.of(FileCacheSpec.DEPLOYMENT_TYPE))
                .orElseThrow(() -> FsxError.badRequest("DeploymentType is required in LustreConfiguration; the only value is CACHE_1."));
        int throughput = FsxFields.intInRange(lustre, "PerUnitStorageThroughput", 12, 1000)
                .orElseThrow(() -> FsxError.badRequest("PerUnitStorageThroughput is required in LustreConfiguration; the only value is 1000."));
        if (throughput != FileCacheSpec.PER_UNIT_STORAGE_THROUGHPUT) {
            throw FsxError.invalidPerUnitStorageThroughput("PerUnitStorageThroughput %d is not valid for a cache; the only value is %d.",
                    throughput, FileCacheSpec.PER_UNIT_STORAGE_THROUGHPUT);
        }
        JsonRequest metadata = lustre.object("MetadataConfiguration").orElseThrow(() -> FsxError.badRequest(
                "MetadataConfiguration is required in LustreConfiguration, with StorageCapacity 2400."));
        int metadataCapacity = FsxFields.intInRange(metadata, "StorageCapacity", 0, Integer.MAX_VALUE)
                .orElseThrow(() -> FsxError.badRequest("StorageCapacity is required in MetadataConfiguration; the only value is 2400."));
        if (metadataCapacity != FileCacheSpec.METADATA_STORAGE_CAPACITY) {
            throw FsxError.badRequest("Invalid metadata storage capacity: %d. The only supported MetadataConfiguration.StorageCapacity is %d GiB.",
                    metadataCapacity, FileCacheSpec.METADATA_STORAGE_CAPACITY);
        }
        return LustreSettings.weeklyMaintenance(lustre, Optional.empty());
    }
}
