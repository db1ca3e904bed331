package dev.polycsi.simulator.fsx;

import java.time.Instant;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * The {@code Volume} shape of an ONTAP volume as it is at one instant: its lifecycle (with
 * LifecycleTransitionReason when FAILED), OntapConfiguration with the settings in force and the
 * size in force as both SizeInMegabytes and SizeInBytes, and its VOLUME_UPDATE administrative
 * actions, newest first and at most ten, each with TargetVolumeValues' new size.
 */
final class VolumeJson {

    private static final int ACTIONS = 10;

    private final String region;

    VolumeJson(String region) {
        this.region = region;
    }

    void write(JsonWriter writer, OntapVolume volume, Instant now) {
        write(writer, volume, now, volume.lifecycle(now));
    }

    /** As FSx answers CreateVolume and CreateVolumeFromBackup: CREATING, however short the delay. */
    void writeCreating(JsonWriter writer, OntapVolume volume, Instant now) {
        write(writer, volume, now, OntapVolume.State.CREATING);
    }

    private void write(JsonWriter writer, OntapVolume volume, Instant now, OntapVolume.State lifecycle) {
        writer.writeStartObject();
        writer.writeFieldName("CreationTime").writeValue(volume.timeline().createdAt());
        FsxJson.field(writer, "FileSystemId", volume.fileSystemId());
        FsxJson.field(writer, "Lifecycle", lifecycle.name());
        FsxJson.field(writer, "Name", volume.spec().name());
        writer.writeFieldName("OntapConfiguration");
        ontap(writer, volume, now);
        FsxJson.field(writer, "ResourceARN", FsxIds.volumeArn(region, volume.fileSystemId(), volume.id()));
        FsxJson.tags(writer, volume.tags());
        FsxJson.field(writer, "VolumeId", volume.id());
        FsxJson.field(writer, "VolumeType", "ONTAP");
        if (lifecycle == OntapVolume.State.FAILED) {
            writer.writeFieldName("LifecycleTransitionReason").writeStartObject();
            FsxJson.field(writer, "Message", volume.timeline().createFailure().orElseThrow());
            writer.writeEndObject();
        }
        writer.writeFieldName("AdministrativeActions").writeStartArray();
        volume.updates().reversed().stream().limit(ACTIONS).forEach(update -> action(writer, update, now));
        writer.writeEndArray();
        writer.writeEndObject();
    }

    private static void ontap(JsonWriter writer, OntapVolume volume, Instant now) {
        OntapVolumeSpec spec = volume.spec();
        long size = volume.sizeInBytes(now);
        writer.writeStartObject();
        FsxJson.field(writer, "FlexCacheEndpointType", "NONE");
        spec.junctionPath().ifPresent(path -> FsxJson.field(writer, "JunctionPath", path));
        FsxJson.field(writer, "SecurityStyle", spec.securityStyle());
        VolumeSizes.megabytes(size).ifPresent(megabytes -> FsxJson.field(writer, "SizeInMegabytes", megabytes));
        spec.storageEfficiency().ifPresent(enabled -> FsxJson.field(writer, "StorageEfficiencyEnabled", enabled));
        FsxJson.field(writer, "StorageVirtualMachineId", spec.svmId());
        FsxJson.field(writer, "StorageVirtualMachineRoot", false);
        writer.writeFieldName("TieringPolicy").writeStartObject();
        spec.tiering().coolingPeriod().ifPresent(days -> FsxJson.field(writer, "CoolingPeriod", days));
        FsxJson.field(writer, "Name", spec.tiering().name());
        writer.writeEndObject();
        FsxJson.field(writer, "UUID", volume.uuid());
        FsxJson.field(writer, "OntapVolumeType", spec.volumeType());
        FsxJson.field(writer, "SnapshotPolicy", spec.snapshotPolicy());
        FsxJson.field(writer, "CopyTagsToBackups", spec.copyTagsToBackups());
        FsxJson.field(writer, "VolumeStyle", spec.volumeStyle());
        spec.flexGroup().ifPresent(layout -> {
            writer.writeFieldName("AggregateConfiguration").writeStartObject();
            FsxJson.strings(writer, "Aggregates", layout.aggregates());
            FsxJson.field(writer, "TotalConstituents", layout.totalConstituents());
            writer.writeEndObject();
        });
        FsxJson.field(writer, "SizeInBytes", size);
        writer.writeEndObject();
    }

    private static void action(JsonWriter writer, VolumeUpdate update, Instant now) {
        String status = update.status(now);
        writer.writeStartObject();
        FsxJson.field(writer, "AdministrativeActionType", "VOLUME_UPDATE");
        writer.writeFieldName("RequestTime").writeValue(update.requestTime());
        FsxJson.field(writer, "Status", status);
        writer.writeFieldName("TargetVolumeValues").writeStartObject();
        writer.writeFieldName("OntapConfiguration").writeStartObject();
        VolumeSizes.megabytes(update.targetSizeInBytes()).ifPresent(megabytes -> FsxJson.field(writer, "SizeInMegabytes", megabytes));
        FsxJson.field(writer, "SizeInBytes", update.targetSizeInBytes());
        writer.writeEndObject();
        writer.writeEndObject();
        if (status.equals(FileSystemUpdate.FAILED)) {
            FsxJson.failureDetails(writer, update.failure().orElseThrow());
        }
        writer.writeEndObject();
    }
}
