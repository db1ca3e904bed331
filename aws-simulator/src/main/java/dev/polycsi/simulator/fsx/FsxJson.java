package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.http.SimResponse;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/** AWS JSON 1.1 bodies: responses, and errors as {@code {"__type":…,"Message":…}} with the code in {@code x-amzn-ErrorType}. */
final class FsxJson {

    static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private FsxJson() {
    }

    static SimResponse response(Consumer<JsonWriter> body) {
        JsonWriter writer = JsonWriter.create();
        writer.writeStartObject();
        body.accept(writer);
        writer.writeEndObject();
        return new SimResponse(200, CONTENT_TYPE, Map.of(), writer.getBytes());
    }

    static SimResponse error(FsxError error) {
        JsonWriter writer = JsonWriter.create();
        writer.writeStartObject();
        field(writer, "__type", error.code());
        field(writer, "Message", error.getMessage());
        error.members().forEach((name, value) -> field(writer, name, value));
        writer.writeEndObject();
        return new SimResponse(error.status(), CONTENT_TYPE, Map.of(), writer.getBytes()).withHeader("x-amzn-ErrorType", error.code());
    }

    static void tags(JsonWriter writer, List<Tag> tags) {
        tags(writer, "Tags", tags);
    }

    static void tags(JsonWriter writer, String name, List<Tag> tags) {
        writer.writeFieldName(name).writeStartArray();
        for (Tag tag : tags) {
            writer.writeStartObject();
            field(writer, "Key", tag.key());
            field(writer, "Value", tag.value());
            writer.writeEndObject();
        }
        writer.writeEndArray();
    }

    /** {@code FailureDetails{Message}}, the shape every FSx resource reports a failure in. */
    static void failureDetails(JsonWriter writer, String message) {
        writer.writeFieldName("FailureDetails").writeStartObject();
        field(writer, "Message", message);
        writer.writeEndObject();
    }

    static void strings(JsonWriter writer, String name, List<String> values) {
        writer.writeFieldName(name).writeStartArray();
        values.forEach(writer::writeValue);
        writer.writeEndArray();
    }

    static void field(JsonWriter writer, String name, String value) {
        writer.writeFieldName(name).writeValue(value);
    }

    static void field(JsonWriter writer, String name, long value) {
        writer.writeFieldName(name).writeValue(value);
    }

    static void field(JsonWriter writer, String name, boolean value) {
        writer.writeFieldName(name).writeValue(value);
    }
}
