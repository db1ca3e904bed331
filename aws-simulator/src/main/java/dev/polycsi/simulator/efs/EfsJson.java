package dev.polycsi.simulator.efs;

import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.http.SimResponse;
import dev.polycsi.simulator.json.JsonRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/** EFS's JSON shapes (FileSystemDescription, AccessPointDescription, …) and its error body. */
final class EfsJson {

    /** EFS reports the metered size of an empty file system as 6 KiB. */
    private static final long EMPTY_FILE_SYSTEM_BYTES = 6144;

    private final SimulatorConfig config;

    EfsJson(SimulatorConfig config) {
        this.config = config;
    }

    /** A request body, whose malformed members are EFS's BadRequest. */
    static JsonRequest request(byte[] body) {
        return JsonRequest.parse(body, message -> EfsError.badRequest("%s", message));
    }

    static SimResponse response(int status, Consumer<JsonWriter> body) {
        JsonWriter writer = JsonWriter.create();
        writer.writeStartObject();
        body.accept(writer);
        writer.writeEndObject();
        return new SimResponse(status, "application/json", Map.of(), writer.getBytes());
    }

    static SimResponse noContent() {
        return new SimResponse(204, "application/json", Map.of(), new byte[0]);
    }

    /** {@code {"ErrorCode":…,"Message":…}} plus extra members, and the code in {@code x-amzn-ErrorType} as the SDK reads it. */
    static SimResponse error(EfsError error) {
        return response(error.status(), writer -> {
            field(writer, "ErrorCode", error.code());
            field(writer, "Message", error.getMessage());
            error.members().forEach((name, value) -> field(writer, name, value));
        }).withHeader("x-amzn-ErrorType", error.code());
    }

    void fileSystem(JsonWriter writer, FileSystem fileSystem, int mountTargets, Instant now) {
        writer.writeStartObject();
        fileSystemMembers(writer, fileSystem, mountTargets, now);
        writer.writeEndObject();
    }

    /** The members of a FileSystemDescription, without the braces (CreateFileSystem answers it as the whole body). */
    void fileSystemMembers(JsonWriter writer, FileSystem fileSystem, int mountTargets, Instant now) {
        FileSystemOptions options = fileSystem.options();
        field(writer, "OwnerId", fileSystem.ownerId());
        field(writer, "CreationToken", fileSystem.creationToken());
        field(writer, "FileSystemId", fileSystem.id());
        field(writer, "FileSystemArn", EfsIds.fileSystemArn(config.region(), fileSystem.ownerId(), fileSystem.id()));
        writer.writeFieldName("CreationTime").writeValue(fileSystem.lifecycle().createdAt());
        field(writer, "LifeCycleState", fileSystem.lifecycle().state(now));
        optionalField(writer, "Name", Tag.name(fileSystem.tags()));
        writer.writeFieldName("NumberOfMountTargets").writeValue(mountTargets);
        writer.writeFieldName("SizeInBytes").writeStartObject()
                .writeFieldName("Value").writeValue(EMPTY_FILE_SYSTEM_BYTES)
                .writeFieldName("ValueInStandard").writeValue(EMPTY_FILE_SYSTEM_BYTES)
                .writeFieldName("ValueInIA").writeValue(0L)
                .writeFieldName("ValueInArchive").writeValue(0L)
                .writeEndObject();
        field(writer, "PerformanceMode", options.performanceMode());
        writer.writeFieldName("Encrypted").writeValue(options.encrypted());
        optionalField(writer, "KmsKeyId", options.kmsKeyId());
        field(writer, "ThroughputMode", options.throughputMode());
        options.provisionedThroughputInMibps().ifPresent(mibps -> writer.writeFieldName("ProvisionedThroughputInMibps").writeValue(mibps.doubleValue()));
        options.availabilityZone().ifPresent(zone -> {
            field(writer, "AvailabilityZoneName", zone);
            field(writer, "AvailabilityZoneId", config.zoneId(zone));
        });
        tags(writer, fileSystem.tags());
        writer.writeFieldName("FileSystemProtection").writeStartObject();
        field(writer, "ReplicationOverwriteProtection", "ENABLED");
        writer.writeEndObject();
    }

    void accessPoint(JsonWriter writer, AccessPoint accessPoint, String owner, Instant now) {
        writer.writeStartObject();
        accessPointMembers(writer, accessPoint, owner, now);
        writer.writeEndObject();
    }

    /** The members of an AccessPointDescription, without the braces (CreateAccessPoint answers it as the whole body). */
    void accessPointMembers(JsonWriter writer, AccessPoint accessPoint, String owner, Instant now) {
        field(writer, "ClientToken", accessPoint.clientToken());
        optionalField(writer, "Name", Tag.name(accessPoint.tags()));
        tags(writer, accessPoint.tags());
        field(writer, "AccessPointId", accessPoint.id());
        field(writer, "AccessPointArn", EfsIds.accessPointArn(config.region(), owner, accessPoint.id()));
        field(writer, "FileSystemId", accessPoint.fileSystemId());
        accessPoint.posixUser().ifPresent(user -> {
            writer.writeFieldName("PosixUser").writeStartObject();
            writer.writeFieldName("Uid").writeValue(user.uid());
            writer.writeFieldName("Gid").writeValue(user.gid());
            if (!user.secondaryGids().isEmpty()) {
                writer.writeFieldName("SecondaryGids").writeStartArray();
                user.secondaryGids().forEach(gid -> writer.writeValue(gid.longValue()));
                writer.writeEndArray();
            }
            writer.writeEndObject();
        });
        RootDirectory root = accessPoint.rootDirectory();
        writer.writeFieldName("RootDirectory").writeStartObject();
        field(writer, "Path", root.path());
        root.creationInfo().ifPresent(info -> {
            writer.writeFieldName("CreationInfo").writeStartObject();
            writer.writeFieldName("OwnerUid").writeValue(info.ownerUid());
            writer.writeFieldName("OwnerGid").writeValue(info.ownerGid());
            field(writer, "Permissions", info.permissions());
            writer.writeEndObject();
        });
        writer.writeEndObject();
        field(writer, "OwnerId", owner);
        field(writer, "LifeCycleState", accessPoint.lifecycle().state(now));
    }

    void mountTarget(JsonWriter writer, MountTarget mountTarget, String owner, Instant now) {
        writer.writeStartObject();
        field(writer, "OwnerId", owner);
        field(writer, "MountTargetId", mountTarget.id());
        field(writer, "FileSystemId", mountTarget.fileSystemId());
        field(writer, "SubnetId", mountTarget.subnetId());
        field(writer, "LifeCycleState", mountTarget.lifecycle().state(now));
        field(writer, "IpAddress", mountTarget.ipAddress());
        field(writer, "NetworkInterfaceId", mountTarget.networkInterfaceId());
        field(writer, "AvailabilityZoneId", mountTarget.zoneId());
        field(writer, "AvailabilityZoneName", mountTarget.zone());
        field(writer, "VpcId", mountTarget.vpcId());
        writer.writeEndObject();
    }

    static void tags(JsonWriter writer, List<Tag> tags) {
        writer.writeFieldName("Tags").writeStartArray();
        for (Tag tag : tags) {
            writer.writeStartObject();
            field(writer, "Key", tag.key());
            field(writer, "Value", tag.value());
            writer.writeEndObject();
        }
        writer.writeEndArray();
    }

    static void field(JsonWriter writer, String name, String value) {
        writer.writeFieldName(name).writeValue(value);
    }

    static void optionalField(JsonWriter writer, String name, Optional<String> value) {
        value.ifPresent(present -> field(writer, name, present));
    }
}
