package dev.polycsi.core.csi;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import csi.v1.Csi;
import java.util.List;
import java.util.Map;

/**
 * Text of a CSI message for a log line, with every field the spec marks {@code csi_secret}
 * replaced, however deep it sits. Driven by the descriptors, so a field added to the spec later
 * is covered by its option alone.
 */
public final class Redactor {

    static final String HIDDEN = "***stripped***";

    private Redactor() {
    }

    public static String toLogString(Message message) {
        return TextFormat.printer().emittingSingleLine(true).printToString(redact(message));
    }

    static Message redact(Message message) {
        Message.Builder builder = null;
        for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
            FieldDescriptor descriptor = field.getKey();
            if (descriptor.getOptions().getExtension(Csi.csiSecret)) {
                builder = builder == null ? message.toBuilder() : builder;
                builder.clearField(descriptor);
                builder.setField(descriptor, secretPlaceholder(descriptor, field.getValue()));
            } else if (descriptor.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !descriptor.isMapField()) {
                Object redacted = redactNested(descriptor, field.getValue());
                if (redacted != field.getValue()) {
                    builder = builder == null ? message.toBuilder() : builder;
                    builder.setField(descriptor, redacted);
                }
            }
        }
        return builder == null ? message : builder.build();
    }

    private static Object redactNested(FieldDescriptor descriptor, Object value) {
        if (descriptor.isRepeated()) {
            List<?> items = (List<?>) value;
            List<Message> redacted = items.stream().map(item -> redact((Message) item)).toList();
            for (int i = 0; i < items.size(); i++) {
                if (redacted.get(i) != items.get(i)) {
                    return redacted;
                }
            }
            return value;
        }
        return redact((Message) value);
    }

    /** Keeps map keys (which secret, not its value) so that a log still helps debugging. */
    private static Object secretPlaceholder(FieldDescriptor descriptor, Object value) {
        if (descriptor.isMapField()) {
            return ((List<?>) value).stream().map(entry -> {
                Message pair = (Message) entry;
                FieldDescriptor valueField = pair.getDescriptorForType().findFieldByName("value");
                return pair.toBuilder().setField(valueField, HIDDEN).build();
            }).toList();
        }
        if (descriptor.isRepeated()) {
            return ((List<?>) value).stream().map(v -> HIDDEN).toList();
        }
        return descriptor.getJavaType() == FieldDescriptor.JavaType.STRING ? HIDDEN : descriptor.getDefaultValue();
    }
}
