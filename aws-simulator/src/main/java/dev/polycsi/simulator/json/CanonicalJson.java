package dev.polycsi.simulator.json;

import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** JSON text with object members sorted by name, so that equal values give equal text. */
final class CanonicalJson {

    private CanonicalJson() {
    }

    static String of(JsonNode node) {
        StringBuilder out = new StringBuilder();
        append(out, node);
        return out.toString();
    }

    private static void append(StringBuilder out, JsonNode node) {
        if (node.isObject()) {
            out.append('{');
            Map<String, JsonNode> sorted = new TreeMap<>(node.asObject());
            boolean first = true;
            for (Map.Entry<String, JsonNode> member : sorted.entrySet()) {
                if (member.getValue().isNull()) {
                    continue;
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, member.getKey());
                out.append(':');
                append(out, member.getValue());
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.asArray().size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                append(out, node.asArray().get(i));
            }
            out.append(']');
        } else if (node.isString()) {
            string(out, node.asString());
        } else if (node.isNumber()) {
            out.append(node.asNumber());
        } else if (node.isBoolean()) {
            out.append(node.asBoolean());
        } else {
            out.append("null");
        }
    }

    private static void string(StringBuilder out, String value) {
        out.append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u%04x".formatted((int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
