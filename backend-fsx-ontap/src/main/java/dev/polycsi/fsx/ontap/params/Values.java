package dev.polycsi.fsx.ontap.params;

import dev.polycsi.spi.param.Parameter;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Decoders that read values as the other FSx backends read theirs, so that one StorageClass
 * habit works for all of them: enum values are case-sensitive and spelled as FSx spells them,
 * booleans are Go's {@code strconv.ParseBool} (the official FSx drivers' reading), numbers are
 * plain decimal integers.
 */
final class Values {

    /** Exactly the spellings Go's strconv.ParseBool accepts. */
    static final List<String> TRUE = List.of("1", "t", "T", "TRUE", "true", "True");
    static final List<String> FALSE = List.of("0", "f", "F", "FALSE", "false", "False");

    private Values() {
    }

    /** One of {@code choices}, spelled exactly as FSx spells it; a wrong case is told apart from an unknown value. */
    static <E extends Enum<E>> Parameter<E> choice(String key, String description, E[] choices) {
        List<E> all = List.of(choices);
        String allowed = "one of " + all.stream().map(Enum::name).collect(Collectors.joining(", ")) + " (case-sensitive)";
        return Parameter.custom(key, "enum", description, allowed, value -> {
            for (E choice : all) {
                if (choice.name().equals(value)) {
                    return choice;
                }
            }
            for (E choice : all) {
                if (choice.name().equalsIgnoreCase(value.strip())) {
                    throw new IllegalArgumentException("values are case-sensitive and not trimmed, as in FSx: write " + choice.name());
                }
            }
            throw new IllegalArgumentException("not a value FSx offers");
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

    /** A decimal integer from {@code min} to {@code max}, nothing around it. */
    static Parameter<Integer> range(String key, String description, int min, int max) {
        return Parameter.custom(key, "integer", description, "an integer from %d to %d".formatted(min, max), value -> {
            int parsed;
            try {
                parsed = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an integer");
            }
            if (parsed < min || parsed > max) {
                throw new IllegalArgumentException("out of range");
            }
            return parsed;
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

    /** An absent value as an empty OptionalInt, for the settings record. */
    static OptionalInt optionalInt(Optional<Integer> value) {
        return value.map(OptionalInt::of).orElseGet(OptionalInt::empty);
    }
}
