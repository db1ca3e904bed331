package dev.polycsi.examples.hostpath;

import java.time.Instant;
import java.time.format.DateTimeParseException;
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
}
