package dev.polycsi.spi.param;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Values parsed by a {@link ParameterSchema}. */
public final class Parameters {

    private static final Parameters NONE = new Parameters(Map.of(), Map.of(), Map.of());

    private final Map<String, Object> values;
    private final Map<String, String> prefixed;
    private final Map<String, String> raw;

    Parameters(Map<String, Object> values, Map<String, String> prefixed, Map<String, String> raw) {
        this.values = Map.copyOf(values);
        this.prefixed = prefixed;
        this.raw = raw;
    }

    public static Parameters none() {
        return NONE;
    }

    /** The value given, else the parameter's default, else empty. */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> find(Parameter<T> parameter) {
        Object value = values.get(parameter.key());
        return value != null ? Optional.of((T) value) : parameter.defaultValue();
    }

    /** The value given or the default; for parameters that are required or have a default. */
    public <T> T get(Parameter<T> parameter) {
        return find(parameter).orElseThrow(() -> new IllegalStateException(
                "parameter '" + parameter.key() + "' has neither a value nor a default"));
    }

    public boolean isSet(Parameter<?> parameter) {
        return values.containsKey(parameter.key());
    }

    /** Keys accepted through a prefix, with their raw values, sorted by key. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> matching = new TreeMap<>();
        prefixed.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                matching.put(key, value);
            }
        });
        return matching;
    }

    /** The values exactly as given, e.g. to compare two requests for the same volume. */
    public Map<String, String> raw() {
        return raw;
    }

    @Override
    public String toString() {
        return new TreeMap<>(raw).toString();
    }
}
