package dev.polycsi.spi.param;

import dev.polycsi.spi.CsiException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parameters a backend accepts. Parsing is strict: an unknown key, a bad value or a missing
 * required key is INVALID_ARGUMENT naming the key. The same schema prints the reference
 * documentation, so the docs cannot drift from what the code accepts.
 */
public final class ParameterSchema {

    private static final ParameterSchema EMPTY = builder().build();

    private final Map<String, Parameter<?>> byKey;
    private final Map<String, String> prefixes;
    private final boolean caseInsensitive;

    private ParameterSchema(Map<String, Parameter<?>> byKey, Map<String, String> prefixes, boolean caseInsensitive) {
        this.byKey = byKey;
        this.prefixes = prefixes;
        this.caseInsensitive = caseInsensitive;
    }

    public static ParameterSchema empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Parameter<?>> parameters() {
        return List.copyOf(byKey.values());
    }

    /** Key prefixes accepted with any suffix (e.g. {@code tagSpecification_}), with their descriptions. */
    public Map<String, String> prefixes() {
        return prefixes;
    }

    public boolean isEmpty() {
        return byKey.isEmpty() && prefixes.isEmpty();
    }

    /** Parses raw values into typed ones. */
    public Parameters parse(Map<String, String> raw) {
        Map<String, Object> values = new HashMap<>();
        Map<String, String> prefixed = new TreeMap<>();
        for (Map.Entry<String, String> entry : new TreeMap<>(raw).entrySet()) {
            String key = entry.getKey();
            Parameter<?> parameter = byKey.get(normalise(key));
            if (parameter != null) {
                if (values.containsKey(parameter.key())) {
                    throw CsiException.invalidArgument("parameter '%s' is given twice (keys are not case-sensitive)", parameter.key());
                }
                values.put(parameter.key(), parameter.decode(entry.getValue()));
            } else if (prefixes.keySet().stream().anyMatch(key::startsWith)) {
                prefixed.put(key, entry.getValue());
            } else {
                throw CsiException.invalidArgument("unknown parameter '%s'; allowed: %s", key, allowedKeys());
            }
        }
        for (Parameter<?> parameter : byKey.values()) {
            if (parameter.isRequired() && !values.containsKey(parameter.key())) {
                throw CsiException.invalidArgument("parameter '%s' is required (%s)", parameter.key(), parameter.allowed());
            }
        }
        return new Parameters(values, prefixed, Map.copyOf(raw));
    }

    private String allowedKeys() {
        List<String> keys = new ArrayList<>(byKey.values().stream().map(Parameter::key).toList());
        prefixes.keySet().forEach(prefix -> keys.add(prefix + "*"));
        return keys.isEmpty() ? "(none)" : String.join(", ", keys);
    }

    private String normalise(String key) {
        return caseInsensitive ? key.toLowerCase(Locale.ROOT) : key;
    }

    /** The parameters as a Markdown table. */
    public String toMarkdown() {
        if (isEmpty()) {
            return "_No parameters._\n";
        }
        StringBuilder out = new StringBuilder("| Parameter | Type | Default | Allowed | Description |\n|---|---|---|---|---|\n");
        for (Parameter<?> p : byKey.values()) {
            String fallback = p.isRequired() ? "**required**" : p.defaultValue().map(v -> "`" + v + "`").orElse("");
            out.append("| `").append(p.key()).append("` | ").append(p.type()).append(" | ").append(fallback)
                    .append(" | ").append(cell(p.allowed())).append(" | ").append(cell(p.description())).append(" |\n");
        }
        prefixes.forEach((prefix, description) -> out.append("| `").append(prefix).append("*` | string |  | any | ")
                .append(cell(description)).append(" |\n"));
        if (caseInsensitive) {
            out.append("\nKeys are matched without regard to case.\n");
        }
        return out.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    public static final class Builder {
        private final Map<String, Parameter<?>> byKey = new LinkedHashMap<>();
        private final Map<String, String> prefixes = new LinkedHashMap<>();
        private boolean caseInsensitive;

        /** Match keys without regard to case (as aws-ebs-csi-driver does). */
        public Builder caseInsensitiveKeys() {
            caseInsensitive = true;
            return this;
        }

        public Builder add(Parameter<?> parameter) {
            String key = parameter.key();
            if (byKey.values().stream().anyMatch(p -> p.key().equalsIgnoreCase(key))) {
                throw new IllegalArgumentException("parameter '" + key + "' is declared twice");
            }
            byKey.put(key, parameter);
            return this;
        }

        public Builder addPrefix(String prefix, String description) {
            prefixes.put(prefix, description);
            return this;
        }

        public ParameterSchema build() {
            Map<String, Parameter<?>> keyed = new LinkedHashMap<>();
            byKey.values().forEach(p -> keyed.put(caseInsensitive ? p.key().toLowerCase(Locale.ROOT) : p.key(), p));
            return new ParameterSchema(java.util.Collections.unmodifiableMap(keyed), java.util.Collections.unmodifiableMap(new LinkedHashMap<>(prefixes)), caseInsensitive);
        }
    }
}
