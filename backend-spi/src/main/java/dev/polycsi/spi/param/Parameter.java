package dev.polycsi.spi.param;

import dev.polycsi.spi.CsiException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One typed, documented parameter. The decoder throws {@link IllegalArgumentException} with a
 * short reason; {@link ParameterSchema} turns it into INVALID_ARGUMENT naming the key and
 * what is allowed.
 *
 * @param <T> the decoded type
 */
public final class Parameter<T> {

    private final String key;
    private final String type;
    private final String description;
    private final String allowed;
    private final Function<String, T> decoder;
    private final T defaultValue;
    private final boolean required;

    private Parameter(String key, String type, String description, String allowed, Function<String, T> decoder,
            T defaultValue, boolean required) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a parameter needs a key");
        }
        this.key = key;
        this.type = type;
        this.description = Objects.requireNonNull(description, "description");
        this.allowed = allowed;
        this.decoder = decoder;
        this.defaultValue = defaultValue;
        this.required = required;
    }

    /** Any string. */
    public static Parameter<String> string(String key, String description) {
        return new Parameter<>(key, "string", description, "any string", value -> value, null, false);
    }

    /** A string matching {@code pattern}; {@code allowed} says in words what matches. */
    public static Parameter<String> matching(String key, String description, String pattern, String allowed) {
        Pattern compiled = Pattern.compile(pattern);
        return new Parameter<>(key, "string", description, allowed, value -> {
            if (!compiled.matcher(value).matches()) {
                throw new IllegalArgumentException(); // what matches is said once, by decode()'s "allowed"
            }
            return value;
        }, null, false);
    }

    /** {@code true} or {@code false}, case-insensitive; anything else is refused rather than read as false. */
    public static Parameter<Boolean> bool(String key, String description) {
        return new Parameter<>(key, "boolean", description, "true or false", value -> switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("not a boolean");
        }, null, false);
    }

    /** A decimal integer in {@code [min, max]}. */
    public static Parameter<Long> integer(String key, String description, long min, long max) {
        return new Parameter<>(key, "integer", description, "an integer from %d to %d".formatted(min, max), value -> {
            long parsed;
            try {
                parsed = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an integer");
            }
            if (parsed < min || parsed > max) {
                throw new IllegalArgumentException("out of range");
            }
            return parsed;
        }, null, false);
    }

    /** One of {@code values}, compared case-insensitively and returned as listed. */
    public static Parameter<String> oneOf(String key, String description, String... values) {
        List<String> choices = List.of(values);
        return new Parameter<>(key, "enum", description, "one of " + String.join(", ", choices), value -> {
            for (String choice : choices) {
                if (choice.equalsIgnoreCase(value.trim())) {
                    return choice;
                }
            }
            throw new IllegalArgumentException("not a known value");
        }, null, false);
    }

    /** A comma-separated list of strings (blanks dropped). */
    public static Parameter<List<String>> list(String key, String description) {
        return new Parameter<>(key, "list", description, "a comma-separated list", value -> {
            List<String> items = new ArrayList<>();
            Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(items::add);
            return List.copyOf(items);
        }, null, false);
    }

    /** A parameter of a type of the backend's own. */
    public static <T> Parameter<T> custom(String key, String type, String description, String allowed, Function<String, T> decoder) {
        return new Parameter<>(key, type, description, allowed, decoder, null, false);
    }

    /** The value used when the key is absent. */
    public Parameter<T> withDefault(T value) {
        return new Parameter<>(key, type, description, allowed, decoder, Objects.requireNonNull(value), false);
    }

    /** The key must be present. */
    public Parameter<T> required() {
        return new Parameter<>(key, type, description, allowed, decoder, null, true);
    }

    public String key() {
        return key;
    }

    public String type() {
        return type;
    }

    public String description() {
        return description;
    }

    public String allowed() {
        return allowed;
    }

    public boolean isRequired() {
        return required;
    }

    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /**
     * Decodes {@code raw}, or throws INVALID_ARGUMENT naming the key, the value, the decoder's
     * reason and what is allowed, each once: a reason that already says what is allowed is not
     * followed by it again.
     */
    public T decode(String raw) {
        try {
            return decoder.apply(raw);
        } catch (IllegalArgumentException e) {
            String reason = e.getMessage() == null ? "" : e.getMessage().strip();
            if (reason.isEmpty()) {
                throw CsiException.invalidArgument("parameter '%s': invalid value '%s'; allowed: %s", key, raw, allowed);
            }
            if (allowed != null && reason.contains(allowed)) {
                throw CsiException.invalidArgument("parameter '%s': invalid value '%s' (%s)", key, raw, reason);
            }
            throw CsiException.invalidArgument("parameter '%s': invalid value '%s' (%s); allowed: %s", key, raw, reason, allowed);
        }
    }

    @Override
    public String toString() {
        return key;
    }
}
