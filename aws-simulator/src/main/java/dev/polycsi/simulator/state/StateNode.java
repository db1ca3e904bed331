package dev.polycsi.simulator.state;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Typed reads of one JSON object in a state file, the counterpart of {@link StateWriter}. A
 * missing or mistyped member is a {@link StateFileException} naming the file and where in it,
 * e.g. {@code volumes[2].spec.sizeGiB}.
 */
public final class StateNode {

    private final Path file;
    private final String where;
    private final Map<String, JsonNode> members;

    private StateNode(Path file, String where, Map<String, JsonNode> members) {
        this.file = file;
        this.where = where;
        this.members = members;
    }

    static StateNode root(Path file, JsonNode object) {
        return new StateNode(file, "", object.asObject());
    }

    public String string(String name) {
        return optionalString(name).orElseThrow(() -> missing(name));
    }

    public Optional<String> optionalString(String name) {
        return member(name).map(node -> {
            if (!node.isString()) {
                throw mistyped(name, "a string");
            }
            return node.asString();
        });
    }

    public long longValue(String name) {
        return optionalLong(name).orElseThrow(() -> missing(name));
    }

    public int intValue(String name) {
        long value = longValue(name);
        if (value != (int) value) {
            throw mistyped(name, "a 32-bit integer");
        }
        return (int) value;
    }

    public Optional<Integer> optionalInt(String name) {
        return member(name).map(node -> intValue(name));
    }

    public Optional<Double> optionalDouble(String name) {
        return member(name).map(node -> {
            try {
                return Double.parseDouble(number(name, node));
            } catch (NumberFormatException e) {
                throw mistyped(name, "a number");
            }
        });
    }

    public boolean bool(String name) {
        JsonNode node = member(name).orElseThrow(() -> missing(name));
        if (!node.isBoolean()) {
            throw mistyped(name, "true or false");
        }
        return node.asBoolean();
    }

    public Optional<Boolean> optionalBool(String name) {
        return member(name).map(node -> bool(name));
    }

    /** An instant saved as epoch milliseconds. */
    public Instant instant(String name) {
        return Instant.ofEpochMilli(longValue(name));
    }

    public <E extends Enum<E>> E enumValue(String name, Class<E> type) {
        String value = string(name);
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw corrupt(path(name) + " is '" + value + "', not a " + type.getSimpleName());
        }
    }

    /** Whether the member is there (and not null). */
    public boolean has(String name) {
        return member(name).isPresent();
    }

    public StateNode object(String name) {
        return optionalObject(name).orElseThrow(() -> missing(name));
    }

    public Optional<StateNode> optionalObject(String name) {
        return member(name).map(node -> object(path(name), node));
    }

    /** An array of objects. */
    public List<StateNode> objects(String name) {
        List<JsonNode> items = array(name);
        List<StateNode> objects = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            objects.add(object(path(name) + "[" + i + "]", items.get(i)));
        }
        return objects;
    }

    public List<Long> numbers(String name) {
        List<Long> values = new ArrayList<>();
        for (JsonNode item : array(name)) {
            values.add(parseLong(name, item));
        }
        return values;
    }

    /** An array of strings. */
    public List<String> stringList(String name) {
        List<String> values = new ArrayList<>();
        for (JsonNode item : array(name)) {
            if (!item.isString()) {
                throw mistyped(name, "an array of strings");
            }
            values.add(item.asString());
        }
        return values;
    }

    /** An object of string members, in the file's order. */
    public Map<String, String> strings(String name) {
        Map<String, String> values = new LinkedHashMap<>();
        object(name).members.forEach((key, node) -> {
            if (!node.isString()) {
                throw mistyped(name + "." + key, "a string");
            }
            values.put(key, node.asString());
        });
        return values;
    }

    /** For a decoder that finds members at odds with each other. */
    public StateFileException corrupt(String problem) {
        return new StateFileException(file, "is corrupt: " + problem);
    }

    private Optional<JsonNode> member(String name) {
        return Optional.ofNullable(members.get(name)).filter(node -> !node.isNull());
    }

    private long parseLong(String name, JsonNode node) {
        try {
            return Long.parseLong(number(name, node));
        } catch (NumberFormatException e) {
            throw mistyped(name, "a whole number");
        }
    }

    private Optional<Long> optionalLong(String name) {
        return member(name).map(node -> parseLong(name, node));
    }

    private String number(String name, JsonNode node) {
        if (!node.isNumber()) {
            throw mistyped(name, "a number");
        }
        return node.asNumber();
    }

    private List<JsonNode> array(String name) {
        JsonNode node = member(name).orElseThrow(() -> missing(name));
        if (!node.isArray()) {
            throw mistyped(name, "an array");
        }
        return node.asArray();
    }

    private StateNode object(String path, JsonNode node) {
        if (!node.isObject()) {
            throw corrupt(path + " is not an object");
        }
        return new StateNode(file, path, node.asObject());
    }

    private String path(String name) {
        return where.isEmpty() ? name : where + "." + name;
    }

    private StateFileException missing(String name) {
        return corrupt(path(name) + " is missing");
    }

    private StateFileException mistyped(String name, String expected) {
        return corrupt(path(name) + " is not " + expected);
    }
}
