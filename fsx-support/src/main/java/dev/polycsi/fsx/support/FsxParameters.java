package dev.polycsi.fsx.support;

import dev.polycsi.spi.param.Parameter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * StorageClass parameters read the way the official FSx drivers hand them to FSx, so that a
 * StorageClass means here what it means there: enum values are case-sensitive (the drivers pass
 * them on unchanged and FSx rejects {@code persistent_2}), booleans are Go's
 * {@code strconv.ParseBool}, numbers are decimal integers.
 */
public final class FsxParameters {

    /** FSx's limit of security groups per resource. */
    public static final int MAX_SECURITY_GROUPS = 50;

    /** Exactly the spellings Go's strconv.ParseBool accepts, which the official drivers use. */
    private static final List<String> TRUE = List.of("1", "t", "T", "TRUE", "true", "True");
    private static final List<String> FALSE = List.of("0", "f", "F", "FALSE", "false", "False");

    private FsxParameters() {
    }

    /** One of {@code choices}, spelled exactly as FSx spells it. */
    public static <E extends Enum<E>> Parameter<E> choice(String key, String description, E[] choices) {
        return choice(key, description, List.of(choices), Enum::name);
    }

    /** One of {@code choices} by its {@code wire} spelling, compared case-sensitively. */
    public static <T> Parameter<T> choice(String key, String description, List<T> choices, Function<T, String> wire) {
        return Parameter.custom(key, "enum", description, allowed(choices, wire), exact(choices, wire));
    }

    /** "one of A, B (case-sensitive)". */
    public static <T> String allowed(List<T> choices, Function<T, String> wire) {
        return "one of " + choices.stream().map(wire).collect(Collectors.joining(", ")) + " (case-sensitive)";
    }

    /** Decodes one of {@code choices} by its exact {@code wire} spelling; a wrong case is told apart from an unknown value. */
    public static <T> Function<String, T> exact(List<T> choices, Function<T, String> wire) {
        return value -> {
            for (T choice : choices) {
                if (wire.apply(choice).equals(value)) {
                    return choice;
                }
            }
            for (T choice : choices) {
                if (wire.apply(choice).equalsIgnoreCase(value.strip())) {
                    throw new IllegalArgumentException("values are case-sensitive and not trimmed, as in FSx: write " + wire.apply(choice));
                }
            }
            throw new IllegalArgumentException("not a known value");
        };
    }

    /** {@code true}/{@code false} in any spelling Go's strconv.ParseBool takes (1, t, T, TRUE, true, True, …). */
    public static Parameter<Boolean> bool(String key, String description) {
        return Parameter.custom(key, "boolean", description, "true or false (also 1, 0, t, f, True, FALSE, …, as Go's ParseBool)",
                value -> {
                    if (TRUE.contains(value)) {
                        return Boolean.TRUE;
                    }
                    if (FALSE.contains(value)) {
                        return Boolean.FALSE;
                    }
                    throw new IllegalArgumentException("not a boolean");
                });
    }

    /** Whether {@code value} is false as Go's strconv.ParseBool reads it; for values read back from tags. */
    public static boolean isFalse(String value) {
        return FALSE.contains(value);
    }

    /** A decimal integer that must be one of {@code allowed}; {@code allowedText} says which in words. */
    public static Parameter<Integer> oneOfNumbers(String key, String description, List<Integer> allowed, String allowedText) {
        return Parameter.custom(key, "integer", description, allowedText, value -> {
            int parsed = integer(value);
            if (!allowed.contains(parsed)) {
                throw new IllegalArgumentException("not a value FSx accepts");
            }
            return parsed;
        });
    }

    /** A decimal integer from {@code min} to {@code max}. */
    public static Parameter<Integer> range(String key, String description, int min, int max) {
        return Parameter.custom(key, "integer", description, "an integer from %d to %d".formatted(min, max), value -> {
            int parsed = integer(value);
            if (parsed < min || parsed > max) {
                throw new IllegalArgumentException("out of range");
            }
            return parsed;
        });
    }

    /** A string matching {@code pattern} in full; {@code allowed} says in words what matches. */
    public static Parameter<String> matching(String key, String description, Pattern pattern, String allowed) {
        return Parameter.custom(key, "string", description, allowed, value -> {
            if (!pattern.matcher(value).matches()) {
                throw new IllegalArgumentException(); // Parameter.decode says what is allowed
            }
            return value;
        });
    }

    /**
     * Security group ids separated by commas, each matching {@code id} once the spaces around it
     * are dropped, none twice, at most {@link #MAX_SECURITY_GROUPS}; {@code allowed} says in words
     * what matches.
     */
    public static Parameter<List<String>> securityGroupIds(String key, String description, Pattern id, String allowed) {
        return Parameter.custom(key, "list", description, allowed, value -> {
            Set<String> groups = new LinkedHashSet<>();
            for (String item : value.split(",", -1)) {
                String group = item.strip();
                if (!id.matcher(group).matches()) {
                    throw new IllegalArgumentException("'" + item + "' is not a security group ID");
                }
                if (!groups.add(group)) {
                    throw new IllegalArgumentException(group + " is given twice");
                }
            }
            if (groups.size() > MAX_SECURITY_GROUPS) {
                throw new IllegalArgumentException(groups.size() + " security groups, but FSx takes at most " + MAX_SECURITY_GROUPS);
            }
            return List.copyOf(groups);
        });
    }

    /** A decimal integer, for decoders of a backend's own; "not an integer" otherwise. */
    public static int integer(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an integer");
        }
    }

    /** The numbers separated by commas, for messages. */
    public static String list(List<Integer> choices) {
        return choices.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
