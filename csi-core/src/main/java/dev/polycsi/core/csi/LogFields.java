package dev.polycsi.core.csi;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.polycsi.core.telemetry.CallContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which volume or snapshot a CSI request is about, for the call's log fields: {@code volume_id}
 * in most requests, {@code source_volume_id} in CreateSnapshot, the names of creations; and the
 * id a creation's answer carries.
 */
final class LogFields {

    private LogFields() {
    }

    static Map<String, String> of(Message request) {
        Map<String, String> fields = new LinkedHashMap<>();
        String type = request.getDescriptorForType().getName();
        put(fields, CallContext.VOLUME_ID, request, "volume_id");
        put(fields, CallContext.VOLUME_ID, request, "source_volume_id");
        put(fields, CallContext.SNAPSHOT_ID, request, "snapshot_id");
        if (type.equals("CreateVolumeRequest")) {
            put(fields, CallContext.VOLUME_NAME, request, "name");
        } else if (type.equals("CreateSnapshotRequest")) {
            put(fields, CallContext.SNAPSHOT_NAME, request, "name");
        }
        return fields;
    }

    /** The ids a creation's answer names, added to the call's log fields for its last line. */
    static void learn(Message response) {
        String type = response.getDescriptorForType().getName();
        if (type.equals("CreateVolumeResponse")) {
            Message volume = (Message) response.getField(response.getDescriptorForType().findFieldByName("volume"));
            CallContext.learnt(CallContext.VOLUME_ID, string(volume, "volume_id"));
        } else if (type.equals("CreateSnapshotResponse")) {
            Message snapshot = (Message) response.getField(response.getDescriptorForType().findFieldByName("snapshot"));
            CallContext.learnt(CallContext.SNAPSHOT_ID, string(snapshot, "snapshot_id"));
        }
    }

    private static void put(Map<String, String> fields, String key, Message message, String fieldName) {
        String value = string(message, fieldName);
        if (value != null && !value.isEmpty()) {
            fields.putIfAbsent(key, value);
        }
    }

    private static String string(Message message, String fieldName) {
        FieldDescriptor field = message.getDescriptorForType().findFieldByName(fieldName);
        if (field == null || field.getJavaType() != FieldDescriptor.JavaType.STRING || field.isRepeated()) {
            return null;
        }
        return (String) message.getField(field);
    }
}
