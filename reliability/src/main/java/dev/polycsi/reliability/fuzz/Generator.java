package dev.polycsi.reliability.fuzz;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import csi.v1.Csi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Requests for every RPC, reproducible from one seed: valid ones built from the volumes the
 * campaign made, those mutated field by field (hostile strings, ids, paths, numbers, every enum
 * value and unknown ones, cleared fields, switched oneofs, maps with hostile or thousands of
 * keys), random messages, and byte-level forms that no builder makes (invalid UTF-8 in a string
 * field at any depth, wrong wire types, truncation, flipped bits, unknown and deeply nested
 * fields, messages of megabytes and one past the server's limit).
 */
final class Generator {

    /** The server's default inbound limit (gRPC's 4 MiB): a request past it must come back RESOURCE_EXHAUSTED. */
    static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    /** One generated request: what it is made of, for the figures and for replaying a finding. */
    record Request(RawCsi.Rpc rpc, byte[] bytes, String kind, List<String> paths, String summary) {}

    /** What the campaign made before fuzzing, for requests that reach past the first checks. */
    record Known(Map<String, Csi.Volume> volumes, Map<String, String> storageClasses, Map<String, String> publishContext,
            String snapshotId, String stagedEbs, List<String> publishedPaths, Map<String, List<String>> parameterKeys) {}

    private final SplittableRandom random;
    private final Hostile hostile;
    private final Known known;
    private final Map<String, Map<String, String>> parameters;

    Generator(long seed, Sandbox sandbox, Known known, Map<String, Map<String, String>> parameters) {
        this.random = new SplittableRandom(seed);
        List<String> ids = new ArrayList<>();
        known.volumes().values().forEach(v -> ids.add(v.getVolumeId()));
        if (known.snapshotId() != null) {
            ids.add(known.snapshotId());
        }
        this.hostile = new Hostile(random.split(), sandbox, ids);
        this.known = known;
        this.parameters = parameters;
    }

    Hostile hostile() {
        return hostile;
    }

    /** The next request for {@code rpc}; its named paths are confined to the campaign's directories. */
    Request next(RawCsi.Rpc rpc) {
        for (int attempt = 0; ; attempt++) {
            Request request = attempt < 20 ? draw(rpc) : build(rpc, "template", template(rpc));
            List<String> paths = pathsOf(rpc, request.bytes());
            // The volumes and the snapshot made for the campaign are deleted rarely, or most requests would find nothing.
            boolean deletesKnown = attempt < 20 && deletes(rpc, request.bytes()) && random.nextInt(50) != 0;
            if (paths.stream().allMatch(hostile::confined) && !deletesKnown) {
                return new Request(rpc, request.bytes(), request.kind(), paths, request.summary());
            }
        }
    }

    private Request draw(RawCsi.Rpc rpc) {
        int roll = random.nextInt(100);
        Message template = template(rpc);
        if (roll < 10) {
            return build(rpc, "valid", template);
        }
        if (roll < 50) {
            Message mutated = template;
            int mutations = 1 + random.nextInt(4);
            for (int i = 0; i < mutations; i++) {
                mutated = mutate(mutated, 0);
            }
            return build(rpc, "mutated", mutated);
        }
        if (roll < 60) {
            return build(rpc, "random", randomMessage(rpc.prototype().newBuilderForType(), 0).build());
        }
        if (roll < 68) {
            return build(rpc, "enums", everyEnum(template));
        }
        if (roll < 78) {
            byte[] invalid = concat(template.toByteArray(), invalidUtf8(rpc.prototype().getDescriptorForType(), 0));
            return new Request(rpc, invalid, "invalid-utf8", List.of(), "valid request + a string field of invalid UTF-8");
        }
        if (roll < 93) {
            return bytes(rpc, template);
        }
        return huge(rpc, template);
    }

    private Request build(RawCsi.Rpc rpc, String kind, Message message) {
        String text = message.toString();
        return new Request(rpc, message.toByteArray(), kind, List.of(), text.length() > 300 ? text.substring(0, 300) + "…" : text);
    }

    private boolean deletes(RawCsi.Rpc rpc, byte[] bytes) {
        if (!rpc.method().equals("DeleteVolume") && !rpc.method().equals("DeleteSnapshot")) {
            return false;
        }
        try {
            Message parsed = rpc.prototype().getParserForType().parseFrom(bytes);
            FieldDescriptor id = parsed.getDescriptorForType().getFields().getFirst();
            Object value = parsed.getField(id);
            return known.volumes().values().stream().anyMatch(v -> v.getVolumeId().equals(value)) || value.equals(known.snapshotId());
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }

    /** The path fields of the request as the server will parse it; none if it will not parse. */
    private static List<String> pathsOf(RawCsi.Rpc rpc, byte[] bytes) {
        Message parsed;
        try {
            parsed = rpc.prototype().getParserForType().parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            return List.of();
        }
        List<String> paths = new ArrayList<>();
        for (String field : List.of("target_path", "staging_target_path", "volume_path")) {
            FieldDescriptor descriptor = parsed.getDescriptorForType().findFieldByName(field);
            if (descriptor != null) {
                String value = (String) parsed.getField(descriptor);
                if (!value.isEmpty()) {
                    paths.add(value);
                }
            }
        }
        return paths;
    }

    // ---- valid requests -------------------------------------------------------------------

    private String backend() {
        List<String> names = new ArrayList<>(known.storageClasses().keySet());
        names.sort(null);
        return hostile.pick(names);
    }

    private Csi.Volume volume(String backend) {
        Csi.Volume volume = known.volumes().get(backend);
        return volume != null ? volume : Csi.Volume.newBuilder().setVolumeId(backend + ":absent").build();
    }

    private Csi.Volume anyVolume() {
        return volume(backend());
    }

    private static String backendOf(String volumeId) {
        int colon = volumeId.indexOf(':');
        return colon < 0 ? "" : volumeId.substring(0, colon);
    }

    static Csi.VolumeCapability capability(String backend) {
        boolean block = backend.equals("ebs");
        return Csi.VolumeCapability.newBuilder()
                .setMount(Csi.VolumeCapability.MountVolume.newBuilder().setFsType(block ? "ext4" : ""))
                .setAccessMode(Csi.VolumeCapability.AccessMode.newBuilder().setMode(block
                        ? Csi.VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER
                        : Csi.VolumeCapability.AccessMode.Mode.MULTI_NODE_MULTI_WRITER))
                .build();
    }

    static long capacity(String backend) {
        return switch (backend) {
            case "fsx-lustre", "filecache" -> 1200L << 30;
            default -> 1L << 30;
        };
    }

    private Map<String, String> storageClass(String backend) {
        return parameters.getOrDefault(backend, Map.of("backend", backend));
    }

    private Message template(RawCsi.Rpc rpc) {
        String backend = backend();
        Csi.Volume volume = volume(backend);
        String id = volume.getVolumeId();
        Csi.VolumeCapability capability = capability(backend);
        return switch (rpc.method()) {
            case "CreateVolume" -> Csi.CreateVolumeRequest.newBuilder().setName("fuzz-" + backend + "-" + random.nextInt(3))
                    .putAllParameters(storageClass(backend)).addVolumeCapabilities(capability)
                    .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(capacity(backend))).build();
            case "DeleteVolume" -> Csi.DeleteVolumeRequest.newBuilder().setVolumeId(random.nextInt(4) == 0 ? id : hostile.id()).build();
            case "ControllerPublishVolume" -> Csi.ControllerPublishVolumeRequest.newBuilder().setVolumeId(id)
                    .setNodeId(hostile.nodeId()).setVolumeCapability(capability).putAllVolumeContext(volume.getVolumeContextMap()).build();
            case "ControllerUnpublishVolume" -> Csi.ControllerUnpublishVolumeRequest.newBuilder().setVolumeId(id)
                    .setNodeId("i-0fedcba9876543210").build();
            case "ValidateVolumeCapabilities" -> Csi.ValidateVolumeCapabilitiesRequest.newBuilder().setVolumeId(id)
                    .addVolumeCapabilities(capability).putAllParameters(storageClass(backend))
                    .putAllVolumeContext(volume.getVolumeContextMap()).build();
            case "ListVolumes" -> Csi.ListVolumesRequest.newBuilder().setMaxEntries(random.nextInt(5)).build();
            case "GetCapacity" -> Csi.GetCapacityRequest.newBuilder().putAllParameters(storageClass(backend))
                    .addVolumeCapabilities(capability).build();
            case "CreateSnapshot" -> Csi.CreateSnapshotRequest.newBuilder().setName("fuzz-snap-" + random.nextInt(3))
                    .setSourceVolumeId(volume("ebs").getVolumeId()).build();
            case "DeleteSnapshot" -> Csi.DeleteSnapshotRequest.newBuilder().setSnapshotId(hostile.id()).build();
            case "ListSnapshots" -> Csi.ListSnapshotsRequest.newBuilder().setMaxEntries(random.nextInt(5))
                    .setSourceVolumeId(random.nextBoolean() ? id : "").build();
            case "GetSnapshot" -> Csi.GetSnapshotRequest.newBuilder().setSnapshotId(known.snapshotId() == null ? "ebs:snap-x" : known.snapshotId()).build();
            case "ControllerExpandVolume" -> Csi.ControllerExpandVolumeRequest.newBuilder().setVolumeId(id)
                    .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(capacity(backend) * 2)).setVolumeCapability(capability).build();
            case "ControllerGetVolume" -> Csi.ControllerGetVolumeRequest.newBuilder().setVolumeId(id).build();
            case "ControllerModifyVolume" -> {
                var request = Csi.ControllerModifyVolumeRequest.newBuilder().setVolumeId(id);
                List<String> keys = known.parameterKeys().getOrDefault(backend + "/mutable", List.of());
                if (!keys.isEmpty()) {
                    request.putMutableParameters(hostile.pick(keys), hostile.pick(List.of("3000", "125", "gp3", "true", "1")));
                }
                yield request.build();
            }
            case "NodeStageVolume" -> Csi.NodeStageVolumeRequest.newBuilder().setVolumeId(id).setStagingTargetPath(hostile.path(true))
                    .setVolumeCapability(capability).putAllPublishContext(backend.equals("ebs") ? known.publishContext() : Map.of())
                    .putAllVolumeContext(volume.getVolumeContextMap()).build();
            case "NodeUnstageVolume" -> Csi.NodeUnstageVolumeRequest.newBuilder().setVolumeId(id).setStagingTargetPath(hostile.path(true)).build();
            case "NodePublishVolume" -> Csi.NodePublishVolumeRequest.newBuilder().setVolumeId(id).setTargetPath(hostile.path(false))
                    .setStagingTargetPath(backend.equals("ebs") && known.stagedEbs() != null ? known.stagedEbs() : "")
                    .setVolumeCapability(capability).setReadonly(random.nextBoolean())
                    .putAllPublishContext(backend.equals("ebs") ? known.publishContext() : Map.of())
                    .putAllVolumeContext(volume.getVolumeContextMap()).build();
            case "NodeUnpublishVolume" -> Csi.NodeUnpublishVolumeRequest.newBuilder().setVolumeId(random.nextBoolean() ? id : hostile.id())
                    .setTargetPath(hostile.path(false)).build();
            case "NodeGetVolumeStats" -> Csi.NodeGetVolumeStatsRequest.newBuilder().setVolumeId(id)
                    .setVolumePath(known.publishedPaths().isEmpty() || random.nextInt(3) == 0 ? hostile.path(false) : hostile.pick(known.publishedPaths()))
                    .build();
            case "NodeExpandVolume" -> Csi.NodeExpandVolumeRequest.newBuilder().setVolumeId(id)
                    .setVolumePath(known.publishedPaths().isEmpty() || random.nextInt(3) == 0 ? hostile.path(false) : hostile.pick(known.publishedPaths()))
                    .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(capacity(backend))).build();
            case "CreateVolumeGroupSnapshot" -> Csi.CreateVolumeGroupSnapshotRequest.newBuilder().setName("fuzz-group")
                    .addSourceVolumeIds(id).build();
            case "DeleteVolumeGroupSnapshot" -> Csi.DeleteVolumeGroupSnapshotRequest.newBuilder().setGroupSnapshotId("ebs:group").build();
            case "GetVolumeGroupSnapshot" -> Csi.GetVolumeGroupSnapshotRequest.newBuilder().setGroupSnapshotId("ebs:group").build();
            default -> rpc.prototype();
        };
    }

    // ---- mutations ------------------------------------------------------------------------

    private Message mutate(Message message, int depth) {
        Message.Builder builder = message.toBuilder();
        List<FieldDescriptor> fields = builder.getDescriptorForType().getFields();
        if (fields.isEmpty()) {
            return message;
        }
        mutateField(builder, hostile.pick(fields), depth);
        return builder.build();
    }

    private void mutateField(Message.Builder builder, FieldDescriptor field, int depth) {
        if (random.nextInt(8) == 0) {
            builder.clearField(field);
            return;
        }
        if (field.isMapField()) {
            mutateMap(builder, field);
        } else if (field.isRepeated()) {
            switch (random.nextInt(4)) {
                case 0 -> builder.clearField(field);
                case 1 -> {
                    int count = hostile.pick(List.of(2, 5, 100, 2000));
                    for (int i = 0; i < count; i++) {
                        builder.addRepeatedField(field, value(builder, field, depth));
                    }
                }
                default -> builder.addRepeatedField(field, value(builder, field, depth));
            }
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && builder.getRepeatedFieldCount(field) > 0 && random.nextBoolean()) {
                int index = random.nextInt(builder.getRepeatedFieldCount(field));
                builder.setRepeatedField(field, index, mutate((Message) builder.getRepeatedField(field, index), depth + 1));
            }
        } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
            Message current = (Message) builder.getField(field);
            builder.setField(field, random.nextInt(3) == 0 || depth > 4
                    ? randomMessage(builder.newBuilderForField(field), depth + 1).build()
                    : mutate(current, depth + 1));
        } else {
            builder.setField(field, value(builder, field, depth));
        }
    }

    private void mutateMap(Message.Builder builder, FieldDescriptor field) {
        List<Message> entries = new ArrayList<>();
        for (int i = 0; i < builder.getRepeatedFieldCount(field); i++) {
            entries.add((Message) builder.getRepeatedField(field, i));
        }
        builder.clearField(field);
        switch (random.nextInt(6)) {
            case 0 -> {
                if (!entries.isEmpty()) {
                    entries.remove(random.nextInt(entries.size())); // a key left out
                }
            }
            case 1 -> entries.clear();
            case 2 -> {
                int count = hostile.pick(List.of(50, 1000, 5000));
                for (int i = 0; i < count; i++) {
                    entries.add(entry(builder, field, "k" + i + "-" + random.nextInt(1000), "v" + i));
                }
            }
            case 3 -> entries.add(entry(builder, field, mapKey(field), hostile.string()));
            default -> {
                // a known key with a hostile value, or a hostile key with a plain one
                String key = entries.isEmpty() || random.nextBoolean() ? mapKey(field)
                        : (String) entries.get(random.nextInt(entries.size())).getField(entries.getFirst().getDescriptorForType().findFieldByNumber(1));
                entries.removeIf(e -> key.equals(e.getField(e.getDescriptorForType().findFieldByNumber(1))));
                entries.add(entry(builder, field, key, hostile.string()));
            }
        }
        entries.forEach(e -> builder.addRepeatedField(field, e));
    }

    private String mapKey(FieldDescriptor field) {
        if (field.getName().contains("parameters") || field.getName().equals("mutable_params")) {
            List<String> keys = new ArrayList<>(List.of("backend", "csi.storage.k8s.io/fstype", "csi.storage.k8s.io/pvc/name", "BACKEND",
                    "type", "Type", "iops", "encrypted", "kmsKeyId", "nonsense", " type", "type ", ""));
            known.parameterKeys().values().forEach(keys::addAll);
            return random.nextInt(4) == 0 ? hostile.string() : hostile.pick(keys);
        }
        return random.nextBoolean() ? hostile.string() : hostile.pick(List.of("password", "awsRoleArn", "devicePath", "fileSystemId",
                "path", "subPath", "mountOptions", "storage.kubernetes.io/csiProvisionerIdentity", "dnsname", "mountname"));
    }

    private static Message entry(Message.Builder builder, FieldDescriptor field, String key, String value) {
        Message.Builder entry = builder.newBuilderForField(field);
        entry.setField(entry.getDescriptorForType().findFieldByNumber(1), key);
        entry.setField(entry.getDescriptorForType().findFieldByNumber(2), value);
        return entry.build();
    }

    private Object value(Message.Builder parent, FieldDescriptor field, int depth) {
        return switch (field.getJavaType()) {
            case STRING -> string(field);
            case LONG -> field.getType() == FieldDescriptor.Type.UINT64 ? Math.abs(hostile.number()) : hostile.number();
            case INT -> hostile.smallNumber();
            case BOOLEAN -> random.nextBoolean();
            case FLOAT -> (float) hostile.number();
            case DOUBLE -> (double) hostile.number();
            case BYTE_STRING -> ByteString.copyFromUtf8(hostile.string());
            case ENUM -> enumValue(field.getEnumType());
            case MESSAGE -> randomMessage(parent.newBuilderForField(field), depth + 1).build();
        };
    }

    private String string(FieldDescriptor field) {
        String name = field.getName();
        if (name.endsWith("_path")) {
            return hostile.path(name.startsWith("staging"));
        }
        if (name.equals("node_id")) {
            return hostile.nodeId();
        }
        if (name.endsWith("_id") || name.endsWith("_ids")) {
            return hostile.id();
        }
        if (name.equals("name")) {
            return hostile.name();
        }
        if (name.equals("fs_type")) {
            return hostile.fsType();
        }
        if (name.equals("mount_flags")) {
            return hostile.mountFlag();
        }
        if (name.equals("starting_token")) {
            return hostile.token();
        }
        return hostile.string();
    }

    private EnumValueDescriptor enumValue(EnumDescriptor type) {
        if (random.nextInt(4) == 0) {
            return type.findValueByNumberCreatingIfUnknown(hostile.pick(List.of(-1, 99, 1 << 20, Integer.MAX_VALUE, Integer.MIN_VALUE,
                    type.getValues().size())));
        }
        return hostile.pick(type.getValues());
    }

    /** The template with every enum field (at any depth) set to one value, known or not. */
    private Message everyEnum(Message template) {
        Message.Builder builder = template.toBuilder();
        setEnums(builder, 0);
        return builder.build();
    }

    private void setEnums(Message.Builder builder, int depth) {
        for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
            if (field.getJavaType() == FieldDescriptor.JavaType.ENUM && !field.isRepeated()) {
                builder.setField(field, enumValue(field.getEnumType()));
            } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isRepeated() && depth < 4
                    && (builder.hasField(field) || random.nextInt(3) == 0) && field.getContainingOneof() == null) {
                Message.Builder child = ((Message) builder.getField(field)).toBuilder();
                setEnums(child, depth + 1);
                builder.setField(field, child.build());
            } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && field.isRepeated() && !field.isMapField()) {
                for (int i = 0; i < builder.getRepeatedFieldCount(field); i++) {
                    Message.Builder child = ((Message) builder.getRepeatedField(field, i)).toBuilder();
                    setEnums(child, depth + 1);
                    builder.setRepeatedField(field, i, child.build());
                }
            } else if (field.getContainingOneof() != null && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && depth < 4
                    && builder.hasField(field)) {
                Message.Builder child = ((Message) builder.getField(field)).toBuilder();
                setEnums(child, depth + 1);
                builder.setField(field, child.build());
            }
        }
    }

    private Message.Builder randomMessage(Message.Builder builder, int depth) {
        for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
            if (random.nextInt(3) != 0 || depth > 4 && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            if (field.isMapField()) {
                int count = random.nextInt(4);
                for (int i = 0; i < count; i++) {
                    builder.addRepeatedField(field, entry(builder, field, mapKey(field), hostile.string()));
                }
            } else if (field.isRepeated()) {
                int count = 1 + random.nextInt(3);
                for (int i = 0; i < count; i++) {
                    builder.addRepeatedField(field, value(builder, field, depth));
                }
            } else {
                builder.setField(field, value(builder, field, depth));
            }
        }
        return builder;
    }

    // ---- bytes no builder makes -----------------------------------------------------------

    private static final List<byte[]> INVALID_UTF8 = List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF},
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xC0, (byte) 0xAF},
            new byte[] {'a', (byte) 0x80, 'b'}, new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            new byte[] {'/', 't', 'm', 'p', '/', (byte) 0xFE}, new byte[] {(byte) 0xE2, (byte) 0x82});

    /** A field (at any depth, map keys and values included) whose string is not UTF-8, appended so that the parser merges it in. */
    private byte[] invalidUtf8(Descriptor descriptor, int depth) {
        List<FieldDescriptor> candidates = descriptor.getFields().stream()
                .filter(f -> f.getJavaType() == FieldDescriptor.JavaType.STRING
                        || f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && depth < 4 && hasStringBelow(f.getMessageType(), depth + 1))
                .toList();
        if (candidates.isEmpty()) {
            return new byte[0];
        }
        FieldDescriptor field = hostile.pick(candidates);
        byte[] payload = field.getJavaType() == FieldDescriptor.JavaType.STRING
                ? hostile.pick(INVALID_UTF8)
                : invalidUtf8(field.getMessageType(), depth + 1);
        return lengthDelimited(field.getNumber(), payload);
    }

    private static boolean hasStringBelow(Descriptor descriptor, int depth) {
        if (depth > 4) {
            return false;
        }
        return descriptor.getFields().stream().anyMatch(f -> f.getJavaType() == FieldDescriptor.JavaType.STRING
                || f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && hasStringBelow(f.getMessageType(), depth + 1));
    }

    private static byte[] lengthDelimited(int number, byte[] payload) {
        return encode(out -> out.writeByteArray(number, payload));
    }

    private interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] encode(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            writer.write(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private Request bytes(RawCsi.Rpc rpc, Message template) {
        byte[] valid = template.toByteArray();
        return switch (random.nextInt(8)) {
            case 0 -> {
                byte[] flipped = valid.clone();
                int flips = 1 + random.nextInt(8);
                for (int i = 0; i < flips && flipped.length > 0; i++) {
                    flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
                }
                yield new Request(rpc, flipped, "bit-flips", List.of(), flips + " bits flipped in a valid request");
            }
            case 1 -> {
                int length = valid.length == 0 ? 0 : random.nextInt(valid.length);
                yield new Request(rpc, Arrays.copyOf(valid, length), "truncated", List.of(), "valid request cut at " + length + " of " + valid.length);
            }
            case 2 -> {
                byte[] garbage = new byte[random.nextInt(2048)];
                random.nextBytes(garbage);
                yield new Request(rpc, garbage, "garbage", List.of(), garbage.length + " random bytes");
            }
            case 3 -> {
                // a known field number with the wrong wire type: varint, fixed32, fixed64, a group, or the reserved types 6 and 7
                List<FieldDescriptor> fields = template.getDescriptorForType().getFields();
                int number = fields.isEmpty() ? 1 : hostile.pick(fields).getNumber();
                int wire = hostile.pick(List.of(0, 1, 2, 3, 5, 6, 7));
                byte[] tail = encode(out -> {
                    out.writeUInt32NoTag(number << 3 | wire);
                    out.writeUInt64NoTag(random.nextLong(1 << 20));
                });
                yield new Request(rpc, concat(valid, tail), "wire-type", List.of(), "field " + number + " with wire type " + wire);
            }
            case 4 -> {
                byte[] unknown = encode(out -> {
                    int count = 1 + random.nextInt(20);
                    for (int i = 0; i < count; i++) {
                        int number = 1000 + random.nextInt(536_870_000);
                        switch (random.nextInt(3)) {
                            case 0 -> out.writeUInt64(number, random.nextLong());
                            case 1 -> out.writeString(number, hostile.string());
                            default -> out.writeFixed32(number, random.nextInt());
                        }
                    }
                });
                yield new Request(rpc, concat(valid, unknown), "unknown-fields", List.of(), "valid request + unknown fields");
            }
            case 5 -> {
                // groups nested far past the parser's recursion limit of 100
                int depth = hostile.pick(List.of(99, 101, 1000, 20_000));
                byte[] nested = encode(out -> {
                    for (int i = 0; i < depth; i++) {
                        out.writeTag(999, 3);
                    }
                    for (int i = 0; i < depth; i++) {
                        out.writeTag(999, 4);
                    }
                });
                yield new Request(rpc, concat(valid, nested), "deep-nesting", List.of(), depth + " nested groups");
            }
            case 6 -> {
                // a length prefix past the end of the message
                List<FieldDescriptor> fields = template.getDescriptorForType().getFields();
                int number = fields.isEmpty() ? 1 : hostile.pick(fields).getNumber();
                byte[] tail = encode(out -> {
                    out.writeTag(number, 2);
                    out.writeUInt32NoTag(hostile.pick(List.of(100, Integer.MAX_VALUE, -1)));
                    out.writeRawBytes(new byte[] {'a', 'b'});
                });
                yield new Request(rpc, concat(valid, tail), "bad-length", List.of(), "field " + number + " longer than the message");
            }
            default -> {
                // overlong varints
                byte[] tail = new byte[12];
                tail[0] = 8; // field 1, varint
                Arrays.fill(tail, 1, tail.length, (byte) 0xFF);
                yield new Request(rpc, concat(valid, tail), "bad-varint", List.of(), "a varint of 11 bytes");
            }
        };
    }

    private Request huge(RawCsi.Rpc rpc, Message template) {
        Message.Builder builder = template.toBuilder();
        List<FieldDescriptor> fields = builder.getDescriptorForType().getFields();
        List<FieldDescriptor> maps = fields.stream().filter(FieldDescriptor::isMapField).toList();
        List<FieldDescriptor> strings = fields.stream().filter(f -> f.getJavaType() == FieldDescriptor.JavaType.STRING && !f.isRepeated()).toList();
        int roll = random.nextInt(10);
        if (roll == 0 || maps.isEmpty() && strings.isEmpty()) {
            // one past the server's limit, as an unknown field when the message has no string
            int size = MAX_MESSAGE_BYTES + 1 + random.nextInt(1 << 20);
            byte[] over = concat(template.toByteArray(), lengthDelimited(5000, new byte[size]));
            return new Request(rpc, over, "over-limit", List.of(), over.length + " bytes, past the server's " + MAX_MESSAGE_BYTES);
        }
        if (roll < 5 && !maps.isEmpty()) {
            FieldDescriptor map = hostile.pick(maps);
            int keys = hostile.pick(List.of(1000, 10_000, 50_000));
            for (int i = 0; i < keys; i++) {
                builder.addRepeatedField(map, entry(builder, map, "key-" + i + "-" + Long.toHexString(random.nextLong()), "value-" + i));
            }
            Message message = builder.build();
            return new Request(rpc, message.toByteArray(), "huge-map", List.of(), map.getName() + " with " + keys + " keys ("
                    + message.getSerializedSize() + " bytes)");
        }
        if (strings.isEmpty()) {
            return huge(rpc, template);
        }
        FieldDescriptor field = hostile.pick(strings);
        int size = hostile.pick(List.of(1 << 16, 1 << 20, 3 << 20, MAX_MESSAGE_BYTES - 4096));
        String value = field.getName().endsWith("_path") ? hostile.path(false) + "/" + "x".repeat(size)
                : hostile.pick(List.of("x", "é", "/", ",")).repeat(size / 2);
        builder.setField(field, value);
        Message message = builder.build();
        return new Request(rpc, message.toByteArray(), "huge-string", List.of(), field.getName() + " of "
                + value.length() + " characters (" + message.getSerializedSize() + " bytes)");
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] out = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, out, first.length, second.length);
        return out;
    }
}
