package dev.polycsi.examples.hostpath;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Properties;

/** Reading the entries of a metadata file; a missing or malformed one is {@link IllegalArgumentException}. */
final class Records {

    private Records() {
    }

    static String required(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("'" + key + "' is missing");
        }
        return value;
    }

    static long requiredLong(Properties properties, String key) {
        try {
            return Long.parseLong(required(properties, key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' is not a number");
        }
    }

    static Instant requiredInstant(Properties properties, String key) {
        try {
            return Instant.parse(required(properties, key));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + key + "' is not a time");
        }
    }

    /** The entry as one of {@code type}'s constants, or {@code absent} when there is none. */
    static <E extends Enum<E>> E optionalEnum(Properties properties, String key, Class<E> type, E absent) {
        String value = properties.getProperty(key);
        if (value == null) {
            return absent;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + key + "' is not one of " + Arrays.toString(type.getEnumConstants()));
        }
    }
}
