package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.network.SimulatedNetwork;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * The FSx {@code FileSystem} shape of a Lustre file system as it is at one instant: lifecycle,
 * capacity in force, LustreConfiguration with its MountName and the throughput tier and metadata
 * configuration in force, and the AdministrativeActions of its updates, newest first and at most
 * ten per type, as FSx lists them. A FILE_SYSTEM_UPDATE's TargetFileSystemValues is a
 * {@code FileSystem} with what it asks for: StorageCapacity, or LustreConfiguration's
 * PerUnitStorageThroughput and/or MetadataConfiguration, as the Lustre guide's examples show
 * them; a switch to AUTOMATIC shows its Mode only.
 */
final class FileSystemJson {

    private static final int ACTIONS_PER_TYPE = 10;

    private final String region;

    FileSystemJson(String region) {
        this.region = region;
    }

    void write(JsonWriter writer, FileSystem fileSystem, Instant now) {
        writer.writeStartObject();
        members(writer, fileSystem, now);
        writer.writeEndObject();
    }

    private void members(JsonWriter writer, FileSystem fs, Instant now) {
        LustreSpec spec = fs.spec();
        Lifecycle lifecycle = fs.lifecycle(now);
        FsxJson.field(writer, "OwnerId", SimulatorConfig.ACCOUNT_ID);
        writer.writeFieldName("CreationTime").writeValue(fs.timeline().createdAt());
        FsxJson.field(writer, "FileSystemId", fs.id());
        FsxJson.field(writer, "FileSystemType", "LUSTRE");
        FsxJson.field(writer, "Lifecycle", lifecycle.name());
        if (lifecycle == Lifecycle.FAILED) {
            FsxJson.failureDetails(writer, fs.timeline().createFailure().orElseThrow());
        }
        FsxJson.field(writer, "StorageCapacity", fs.storageCapacity(now));
        FsxJson.field(writer, "StorageType", spec.storageType().name());
        FsxJson.field(writer, "VpcId", SimulatedNetwork.VPC_ID);
        FsxJson.strings(writer, "SubnetIds", List.of(fs.placement().subnetId()));
        FsxJson.strings(writer, "NetworkInterfaceIds", fs.placement().networkInterfaceIds());
        FsxJson.field(writer, "DNSName", FsxIds.dnsName(region, fs.id()));
        spec.kmsKeyId().ifPresent(key -> FsxJson.field(writer, "KmsKeyId", key));
        FsxJson.field(writer, "ResourceARN", FsxIds.fileSystemArn(region, fs.id()));
        FsxJson.tags(writer, fs.tags());
        writer.writeFieldName("LustreConfiguration");
        lustre(writer, fs, lifecycle, now);
        administrativeActions(writer, fs, now);
        FsxJson.field(writer, "FileSystemTypeVersion", spec.fileSystemTypeVersion());
    }

    private static void lustre(JsonWriter writer, FileSystem fs, Lifecycle lifecycle, Instant now) {
        LustreSpec spec = fs.spec();
        writer.writeStartObject();
        FsxJson.field(writer, "WeeklyMaintenanceStartTime", spec.weeklyMaintenanceStartTime());
        spec.dataRepository().ifPresent(repository -> dataRepository(writer, repository, lifecycle));
        FsxJson.field(writer, "DeploymentType", spec.deploymentType().name());
        fs.perUnitStorageThroughput(now).ifPresent(throughput -> FsxJson.field(writer, "PerUnitStorageThroughput", throughput));
        FsxJson.field(writer, "MountName", fs.mountName());
        spec.backups().dailyStartTime().ifPresent(time -> FsxJson.field(writer, "DailyAutomaticBackupStartTime", time));
        if (spec.deploymentType().persistent()) {
            FsxJson.field(writer, "AutomaticBackupRetentionDays", spec.backups().retentionDays());
            FsxJson.field(writer, "CopyTagsToBackups", spec.backups().copyTagsToBackups());
        }
        spec.driveCacheType().ifPresent(cache -> FsxJson.field(writer, "DriveCacheType", cache));
        FsxJson.field(writer, "DataCompressionType", spec.dataCompressionType());
        writer.writeFieldName("LogConfiguration").writeStartObject();
        FsxJson.field(writer, "Level", spec.log().level());
        spec.log().destination().ifPresent(destination -> FsxJson.field(writer, "Destination", destination));
        writer.writeEndObject();
        spec.rootSquash().ifPresent(squash -> {
            writer.writeFieldName("RootSquashConfiguration").writeStartObject();
            squash.rootSquash().ifPresent(value -> FsxJson.field(writer, "RootSquash", value));
            FsxJson.strings(writer, "NoSquashNids", squash.noSquashNids());
            writer.writeEndObject();
        });
        fs.metadata(now).ifPresent(metadata -> {
            writer.writeFieldName("MetadataConfiguration").writeStartObject();
            FsxJson.field(writer, "Iops", metadata.iops(fs.storageCapacity(now)));
            FsxJson.field(writer, "Mode", metadata.mode());
            writer.writeEndObject();
        });
        FsxJson.field(writer, "EfaEnabled", spec.efaEnabled());
        writer.writeEndObject();
    }

    /** The S3 link comes up with the file system: CREATING, then AVAILABLE (FAILED with it). */
    private static void dataRepository(JsonWriter writer, DataRepository repository, Lifecycle lifecycle) {
        writer.writeFieldName("DataRepositoryConfiguration").writeStartObject();
        FsxJson.field(writer, "Lifecycle", switch (lifecycle) {
            case CREATING -> "CREATING";
            case FAILED -> "FAILED";
            case DELETING -> "DELETING";
            default -> "AVAILABLE";
        });
        FsxJson.field(writer, "ImportPath", repository.importPath());
        FsxJson.field(writer, "ExportPath", repository.exportPath());
        FsxJson.field(writer, "ImportedFileChunkSize", repository.importedFileChunkSize());
        FsxJson.field(writer, "AutoImportPolicy", repository.autoImportPolicy());
        writer.writeEndObject();
    }

    private static void administrativeActions(JsonWriter writer, FileSystem fs, Instant now) {
        // kept in the order they were requested, which also orders two requested in the same instant
        List<FileSystemUpdate> newestFirst = fs.updates().reversed();
        writer.writeFieldName("AdministrativeActions").writeStartArray();
        newestFirst.stream().limit(ACTIONS_PER_TYPE).forEach(update -> action(writer, "FILE_SYSTEM_UPDATE", update.status(now),
                update, Optional.empty(), update.failure().filter(message -> update.status(now).equals(FileSystemUpdate.FAILED))));
        newestFirst.stream()
                .filter(update -> update.optimizationStatus(now).isPresent())
                .limit(ACTIONS_PER_TYPE)
                .forEach(update -> action(writer, "STORAGE_OPTIMIZATION", update.optimizationStatus(now).orElseThrow(), update,
                        Optional.of(update.progressPercent(now)), Optional.empty()));
        writer.writeEndArray();
    }

    private static void action(JsonWriter writer, String type, String status, FileSystemUpdate update, Optional<Integer> progress,
            Optional<String> failure) {
        writer.writeStartObject();
        FsxJson.field(writer, "AdministrativeActionType", type);
        progress.ifPresent(percent -> FsxJson.field(writer, "ProgressPercent", percent));
        writer.writeFieldName("RequestTime").writeValue(update.requestTime());
        FsxJson.field(writer, "Status", status);
        writer.writeFieldName("TargetFileSystemValues").writeStartObject();
        update.targetCapacity().ifPresent(capacity -> FsxJson.field(writer, "StorageCapacity", capacity));
        if (update.targetThroughput().isPresent() || update.targetMetadata().isPresent()) {
            writer.writeFieldName("LustreConfiguration").writeStartObject();
            update.targetThroughput().ifPresent(throughput -> FsxJson.field(writer, "PerUnitStorageThroughput", throughput));
            update.targetMetadata().ifPresent(metadata -> {
                writer.writeFieldName("MetadataConfiguration").writeStartObject();
                if (metadata.mode().equals(MetadataConfiguration.USER_PROVISIONED)) {
                    FsxJson.field(writer, "Iops", metadata.userIops());
                }
                FsxJson.field(writer, "Mode", metadata.mode());
                writer.writeEndObject();
            });
            writer.writeEndObject();
        }
        writer.writeEndObject();
        failure.ifPresent(message -> FsxJson.failureDetails(writer, message));
        writer.writeEndObject();
    }
}
