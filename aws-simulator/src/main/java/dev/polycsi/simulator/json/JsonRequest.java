package dev.polycsi.simulator.json;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * Typed reads of a JSON request object, for the JSON services (EFS, FSx); a missing member is
 * empty, a mistyped one is the service's own bad-request error, made from a message by
 * {@code badRequest}.
 */
public final class JsonRequest {

    private static final JsonNodeParser PARSER = JsonNodeParser.create();

    private final String context;
    private final Map<String, JsonNode> members;
    private final Function<String, RuntimeException> badRequest;

    private JsonRequest(String context, Map<String, JsonNode> members, Function<String, RuntimeException> badRequest) {
        this.context = context;
        this.members = members;
        this.badRequest = badRequest;
    }

    /** The request body; an empty body reads as {@code {}}. */
    public static JsonRequest parse(byte[] body, Function<String, RuntimeException> badRequest) {
        if (body.length == 0) {
            return new JsonRequest("request", Map.of(), badRequest);
        }
        JsonNode node;
        try {
            node = PARSER.parse(body);
        } catch (RuntimeException e) {
            throw badRequest.apply("The request body is not valid JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw badRequest.apply("The request body must be a JSON object.");
        }
        return new JsonRequest("request", node.asObject(), badRequest);
    }

    /** The bad-request error of this request's service. */
    public RuntimeException badRequest(String format, Object... args) {
        return badRequest.apply(format.formatted(args));
    }

    /** The names of the members present (null members count as absent). */
    public Set<String> names() {
        return members.entrySet().stream().filter(e -> !e.getValue().isNull()).map(Map.Entry::getKey)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    public boolean has(String name) {
        return member(name).isPresent();
    }

    /** The raw member, e.g. to compare two requests. */
    public Optional<JsonNode> node(String name) {
        return member(name);
    }

    /**
     * Each member but {@code except} as canonical JSON (object members sorted), by member name
     * sorted: two requests with equal maps asked for the same thing, whatever their member order.
     */
    public java.util.SortedMap<String, String> canonical(Set<String> except) {
        java.util.SortedMap<String, String> canonical = new java.util.TreeMap<>();
        members.forEach((name, node) -> {
            if (!node.isNull() && !except.contains(name)) {
                canonical.put(name, CanonicalJson.of(node));
            }
        });
        return canonical;
    }

    public Optional<String> string(String name) {
        return member(name).map(node -> {
            if (!node.isString()) {
                throw mistyped(name, "a string");
            }
            return node.asString();
        });
    }

    public String requiredString(String name) {
        return string(name).orElseThrow(() -> missing(name));
    }

    public Optional<Long> integer(String name) {
        return member(name).map(node -> {
            if (!node.isNumber()) {
                throw mistyped(name, "a number");
            }
            try {
                return Long.parseLong(node.asNumber());
            } catch (NumberFormatException e) {
                throw mistyped(name, "a whole number");
            }
        });
    }

    public long requiredInteger(String name) {
        return integer(name).orElseThrow(() -> missing(name));
    }

    public Optional<Double> decimal(String name) {
        return member(name).map(node -> {
            if (!node.isNumber()) {
                throw mistyped(name, "a number");
            }
            return Double.parseDouble(node.asNumber());
        });
    }

    public Optional<Boolean> bool(String name) {
        return member(name).map(node -> {
            if (!node.isBoolean()) {
                throw mistyped(name, "true or false");
            }
            return node.asBoolean();
        });
    }

    public Optional<JsonRequest> object(String name) {
        return member(name).map(node -> {
            if (!node.isObject()) {
                throw mistyped(name, "an object");
            }
            return new JsonRequest(name, node.asObject(), badRequest);
        });
    }

    public List<JsonRequest> objects(String name) {
        return array(name).stream().map(node -> {
            if (!node.isObject()) {
                throw mistyped(name, "a list of objects");
            }
            return new JsonRequest(name, node.asObject(), badRequest);
        }).toList();
    }

    public List<Long> integers(String name) {
        return array(name).stream().map(node -> {
            if (!node.isNumber()) {
                throw mistyped(name, "a list of numbers");
            }
            return Long.parseLong(node.asNumber());
        }).toList();
    }

    public List<String> strings(String name) {
        return array(name).stream().map(node -> {
            if (!node.isString()) {
                throw mistyped(name, "a list of strings");
            }
            return node.asString();
        }).toList();
    }

    private List<JsonNode> array(String name) {
        return member(name).map(node -> {
            if (!node.isArray()) {
                throw mistyped(name, "a list");
            }
            return node.asArray();
        }).orElse(List.of());
    }

    private Optional<JsonNode> member(String name) {
        return Optional.ofNullable(members.get(name)).filter(node -> !node.isNull());
    }

    private RuntimeException missing(String name) {
        return badRequest("%s is required in %s.", name, context);
    }

    private RuntimeException mistyped(String name, String expected) {
        return badRequest("%s in %s must be %s.", name, context, expected);
    }
}
