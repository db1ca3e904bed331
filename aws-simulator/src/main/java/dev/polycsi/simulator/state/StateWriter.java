package dev.polycsi.simulator.state;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * Members of a state file's JSON object, written through the SDK's {@link JsonWriter}. Instants
 * are epoch milliseconds; optional members are left out when absent.
 */
public final class StateWriter {

    private final JsonWriter json;

    StateWriter(JsonWriter json) {
        this.json = json;
    }

    public StateWriter string(String name, String value) {
        json.writeFieldName(name).writeValue(value);
        return this;
    }

    public StateWriter optionalString(String name, String valueOrNull) {
        return valueOrNull == null ? this : string(name, valueOrNull);
    }

    public StateWriter number(String name, long value) {
        json.writeFieldName(name).writeValue(value);
        return this;
    }

    public StateWriter number(String name, double value) {
        json.writeFieldName(name).writeValue(value);
        return this;
    }

    public StateWriter optionalNumber(String name, Integer valueOrNull) {
        return valueOrNull == null ? this : number(name, valueOrNull.longValue());
    }

    public StateWriter bool(String name, boolean value) {
        json.writeFieldName(name).writeValue(value);
        return this;
    }

    public StateWriter optionalBool(String name, Boolean valueOrNull) {
        return valueOrNull == null ? this : bool(name, valueOrNull);
    }

    public StateWriter instant(String name, Instant value) {
        return number(name, value.toEpochMilli());
    }

    public <E extends Enum<E>> StateWriter enumValue(String name, E value) {
        return string(name, value.name());
    }

    public StateWriter object(String name, Consumer<StateWriter> members) {
        json.writeFieldName(name).writeStartObject();
        members.accept(this);
        json.writeEndObject();
        return this;
    }

    public <T> StateWriter optionalObject(String name, T valueOrNull, BiConsumer<StateWriter, T> members) {
        return valueOrNull == null ? this : object(name, writer -> members.accept(writer, valueOrNull));
    }

    /** An array with one object per item. */
    public <T> StateWriter objects(String name, Collection<T> items, BiConsumer<StateWriter, T> members) {
        json.writeFieldName(name).writeStartArray();
        for (T item : items) {
            json.writeStartObject();
            members.accept(this, item);
            json.writeEndObject();
        }
        json.writeEndArray();
        return this;
    }

    public StateWriter numbers(String name, Collection<Long> values) {
        json.writeFieldName(name).writeStartArray();
        values.forEach(value -> json.writeValue(value.longValue()));
        json.writeEndArray();
        return this;
    }

    /** An array of strings, in order. */
    public StateWriter stringList(String name, Collection<String> values) {
        json.writeFieldName(name).writeStartArray();
        values.forEach(json::writeValue);
        json.writeEndArray();
        return this;
    }

    /** An object of string members, in the map's order. */
    public StateWriter strings(String name, Map<String, String> values) {
        json.writeFieldName(name).writeStartObject();
        values.forEach((key, value) -> json.writeFieldName(key).writeValue(value));
        json.writeEndObject();
        return this;
    }
}
