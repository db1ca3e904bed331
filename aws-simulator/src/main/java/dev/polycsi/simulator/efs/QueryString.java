package dev.polycsi.simulator.efs;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Query parameters, some repeated (UntagResource sends {@code tagKeys} once per key). */
final class QueryString {

    private final Map<String, List<String>> parameters;

    private QueryString(Map<String, List<String>> parameters) {
        this.parameters = parameters;
    }

    static QueryString parse(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                String key = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                parameters.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        }
        return new QueryString(parameters);
    }

    /** Decodes one percent-encoded URI component; the SDK encodes a space as %20, so '+' is literal. */
    static String decode(String component) {
        return URLDecoder.decode(component.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    Optional<String> first(String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    List<String> all(String name) {
        return parameters.getOrDefault(name, List.of());
    }

    /** A positive page size, or the default when absent. */
    int pageSize(String name, int defaultSize) {
        Optional<String> value = first(name);
        if (value.isEmpty()) {
            return defaultSize;
        }
        try {
            int size = Integer.parseInt(value.get());
            if (size >= 1) {
                return size;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw EfsError.badRequest("%s must be a whole number of at least 1, not '%s'.", name, value.get());
    }
}
