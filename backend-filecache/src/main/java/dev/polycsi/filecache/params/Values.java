package dev.polycsi.filecache.params;

import dev.polycsi.spi.param.Parameter;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Decoders that read values the way aws-file-cache-csi-driver hands them to FSx: enum values are
 * case-sensitive (the official driver passes them on unchanged), booleans are Go's
 * {@code strconv.ParseBool}.
 */
final class Values {

    /** Exactly the spellings Go's strconv.ParseBool accepts, which the official driver uses. */
    private static final List<String> TRUE = List.of("1", "t", "T", "TRUE", "true", "True");
    private static final List<String> FALSE = List.of("0", "f", "F", "FALSE", "false", "False");

    private Values() {
    }

    /** One of {@code choices} by its {@code wire} spelling, compared case-sensitively. */
    static <T> Parameter<T> choice(String key, String description, List<T> choices, Function<T, String> wire) {
        String allowed = "one of " + choices.stream().map(wire).collect(Collectors.joining(", ")) + " (case-sensitive)";
        return Parameter.custom(key, "enum", description, allowed, value -> {
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
            throw new IllegalArgumentException("not a value File Cache offers");
        });
    }

    /** {@code true}/{@code false} in any spelling Go's strconv.ParseBool takes (1, t, T, TRUE, true, True, …). */
    static Parameter<Boolean> bool(String key, String description) {
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

    /** A string matching {@code pattern} in full; {@code allowed} says in words what matches. */
    static Parameter<String> matching(String key, String description, Pattern pattern, String allowed) {
        return Parameter.custom(key, "string", description, allowed, value -> {
            if (!pattern.matcher(value).matches()) {
                throw new IllegalArgumentException(); // Parameter.decode says what is allowed
            }
            return value;
        });
    }
}
