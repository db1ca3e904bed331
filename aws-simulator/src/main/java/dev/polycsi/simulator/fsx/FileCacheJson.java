package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.network.SimulatedNetwork;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * A cache as FSx shows it at one instant: CreateFileCache answers the {@code FileCacheCreating}
 * shape, with Tags and CopyTagsToDataRepositoryAssociations; DescribeFileCaches the
 * {@code FileCache} shape, which has neither. And a {@code DataRepositoryAssociation}, whose
 * lifecycle is its cache's.
 */
final class FileCacheJson {

    private final String region;

    FileCacheJson(String region) {
        this.region = region;
    }

    /** {@code FileCacheCreating}, for CreateFileCache: CREATING when {@code fresh}, whatever the delay. */
    void writeCreating(JsonWriter writer, FileCache cache, Instant now, boolean fresh) {
        writer.writeStartObject();
        members(writer, cache, fresh ? Lifecycle.CREATING : cache.lifecycle(now));
        FsxJson.tags(writer, cache.tags());
        FsxJson.field(writer, "CopyTagsToDataRepositoryAssociations", cache.spec().copyTagsToAssociations());
        writer.writeEndObject();
    }

    /** {@code FileCache}, for DescribeFileCaches: no tags. */
    void write(JsonWriter writer, FileCache cache, Instant now) {
        writer.writeStartObject();
        members(writer, cache, cache.lifecycle(now));
        writer.writeEndObject();
    }

    private void members(JsonWriter writer, FileCache cache, Lifecycle lifecycle) {
        FsxJson.field(writer, "OwnerId", SimulatorConfig.ACCOUNT_ID);
        writer.writeFieldName("CreationTime").writeValue(cache.timeline().createdAt());
        FsxJson.field(writer, "FileCacheId", cache.id());
        FsxJson.field(writer, "FileCacheType", FileCacheSpec.TYPE);
        FsxJson.field(writer, "FileCacheTypeVersion", FileCacheSpec.TYPE_VERSION);
        FsxJson.field(writer, "Lifecycle", lifecycle.name());
        if (lifecycle == Lifecycle.FAILED) {
            FsxJson.failureDetails(writer, cache.timeline().createFailure().orElseThrow());
        }
        FsxJson.field(writer, "StorageCapacity", cache.spec().storageCapacity());
        FsxJson.field(writer, "VpcId", SimulatedNetwork.VPC_ID);
        FsxJson.strings(writer, "SubnetIds", List.of(cache.placement().subnetId()));
        FsxJson.strings(writer, "NetworkInterfaceIds", cache.placement().networkInterfaceIds());
        FsxJson.field(writer, "DNSName", FsxIds.dnsName(region, cache.id()));
        FsxJson.field(writer, "KmsKeyId", cache.spec().kmsKeyId());
        FsxJson.field(writer, "ResourceARN", FsxIds.fileCacheArn(region, cache.id()));
        writer.writeFieldName("LustreConfiguration");
        lustre(writer, cache);
        FsxJson.strings(writer, "DataRepositoryAssociationIds", cache.associations().stream().map(CacheAssociation::id).toList());
    }

    /** The one configuration there is, with the logging FSx sets up for every cache (the File Cache guide's example). */
    private void lustre(JsonWriter writer, FileCache cache) {
        writer.writeStartObject();
        FsxJson.field(writer, "PerUnitStorageThroughput", FileCacheSpec.PER_UNIT_STORAGE_THROUGHPUT);
        FsxJson.field(writer, "DeploymentType", FileCacheSpec.DEPLOYMENT_TYPE);
        FsxJson.field(writer, "MountName", cache.mountName());
        FsxJson.field(writer, "WeeklyMaintenanceStartTime", cache.spec().weeklyMaintenanceStartTime());
        writer.writeFieldName("MetadataConfiguration").writeStartObject();
        FsxJson.field(writer, "StorageCapacity", FileCacheSpec.METADATA_STORAGE_CAPACITY);
        writer.writeEndObject();
        writer.writeFieldName("LogConfiguration").writeStartObject();
        FsxJson.field(writer, "Level", "WARN_ERROR");
        FsxJson.field(writer, "Destination", "arn:aws:logs:%s:%s:log-group:/aws/fsx/filecache/lustre:log-stream:datarepo_%s"
                .formatted(region, SimulatorConfig.ACCOUNT_ID, cache.id()));
        writer.writeEndObject();
        writer.writeEndObject();
    }

    /** {@code DataRepositoryAssociation}: CREATING, AVAILABLE, FAILED (with the cache's failure) or DELETING with its cache. */
    void writeAssociation(JsonWriter writer, FileCache.Linked linked, Instant now) {
        FileCache cache = linked.cache();
        CacheAssociation association = linked.association();
        RepositoryLink link = association.link();
        Lifecycle lifecycle = cache.lifecycle(now);
        writer.writeStartObject();
        FsxJson.field(writer, "AssociationId", association.id());
        FsxJson.field(writer, "ResourceARN", FsxIds.associationArn(region, cache.id(), association.id()));
        FsxJson.field(writer, "Lifecycle", lifecycle.name());
        if (lifecycle == Lifecycle.FAILED) {
            FsxJson.failureDetails(writer, cache.timeline().createFailure().orElseThrow());
        }
        FsxJson.field(writer, "DataRepositoryPath", link.dataRepositoryPath());
        FsxJson.tags(writer, association.tags());
        writer.writeFieldName("CreationTime").writeValue(cache.timeline().createdAt());
        FsxJson.field(writer, "FileCacheId", cache.id());
        FsxJson.field(writer, "FileCachePath", link.fileCachePath());
        if (!link.subdirectories().isEmpty()) {
            FsxJson.strings(writer, "DataRepositorySubdirectories", link.subdirectories());
        }
        link.nfs().ifPresent(nfs -> {
            writer.writeFieldName("NFS").writeStartObject();
            FsxJson.field(writer, "Version", nfs.version());
            if (!nfs.dnsIps().isEmpty()) {
                FsxJson.strings(writer, "DnsIps", nfs.dnsIps());
            }
            writer.writeEndObject();
        });
        writer.writeEndObject();
    }
}
