package dev.polycsi.simulator.efs;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/** Typed reads of a JSON request object; a missing member is empty, a mistyped one is BadRequest. */
final class JsonRequest {

    private static final JsonNodeParser PARSER = JsonNodeParser.create();

    private final String context;
    private final Map<String, JsonNode> members;

    private JsonRequest(String context, Map<String, JsonNode> members) {
        this.context = context;
        this.members = members;
    }

    /** The request body; an empty body reads as {@code {}}. */
    static JsonRequest parse(byte[] body) {
        if (body.length == 0) {
            return new JsonRequest("request", Map.of());
        }
        JsonNode node;
        try {
            node = PARSER.parse(body);
        } catch (RuntimeException e) {
            throw EfsError.badRequest("The request body is not valid JSON: %s", e.getMessage());
        }
        if (!node.isObject()) {
            throw EfsError.badRequest("The request body must be a JSON object.");
        }
        return new JsonRequest("request", node.asObject());
    }

    Optional<String> string(String name) {
        return member(name).map(node -> {
            if (!node.isString()) {
                throw mistyped(name, "a string");
            }
            return node.asString();
        });
    }

    String requiredString(String name) {
        return string(name).orElseThrow(() -> EfsError.badRequest("%s is required in %s.", name, context));
    }

    Optional<Long> integer(String name) {
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

    long requiredInteger(String name) {
        return integer(name).orElseThrow(() -> EfsError.badRequest("%s is required in %s.", name, context));
    }

    Optional<Double> decimal(String name) {
        return member(name).map(node -> {
            if (!node.isNumber()) {
                throw mistyped(name, "a number");
            }
            return Double.parseDouble(node.asNumber());
        });
    }

    Optional<Boolean> bool(String name) {
        return member(name).map(node -> {
            if (!node.isBoolean()) {
                throw mistyped(name, "true or false");
            }
            return node.asBoolean();
        });
    }

    Optional<JsonRequest> object(String name) {
        return member(name).map(node -> {
            if (!node.isObject()) {
                throw mistyped(name, "an object");
            }
            return new JsonRequest(name, node.asObject());
        });
    }

    List<JsonRequest> objects(String name) {
        return array(name).stream().map(node -> {
            if (!node.isObject()) {
                throw mistyped(name, "a list of objects");
            }
            return new JsonRequest(name, node.asObject());
        }).toList();
    }

    List<Long> integers(String name) {
        return array(name).stream().map(node -> {
            if (!node.isNumber()) {
                throw mistyped(name, "a list of numbers");
            }
            return Long.parseLong(node.asNumber());
        }).toList();
    }

    /** {@code Tags}: a list of {@code {"Key":…,"Value":…}}, each key once. */
    List<Tag> tags() {
        List<Tag> tags = objects("Tags").stream().map(tag -> new Tag(tag.requiredString("Key"), tag.requiredString("Value"))).toList();
        if (tags.stream().map(Tag::key).distinct().count() < tags.size()) {
            throw EfsError.badRequest("Each tag key may appear only once.");
        }
        if (tags.size() > Tag.MAX_TAGS) {
            throw EfsError.badRequest("A resource can have at most %d tags.", Tag.MAX_TAGS);
        }
        return tags;
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

    private EfsError mistyped(String name, String expected) {
        return EfsError.badRequest("%s in %s must be %s.", name, context, expected);
    }
}
