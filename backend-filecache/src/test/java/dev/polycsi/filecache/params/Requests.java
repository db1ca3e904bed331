package dev.polycsi.filecache.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.controller.CapacityRange;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.function.Executable;

/** Parameters as the core hands them over: raw maps parsed by the backend's schema. */
final class Requests {

    static final String SUBNET = "subnet-0123456789abcdef0";
    static final String S3_ASSOCIATION = "FileCachePath=/ns1/,DataRepositoryPath=s3://training-data/set1/";

    private Requests() {
    }

    /** subnetId, one S3 association, plus {@code pairs} (key, value, …; a null value removes the key). */
    static Map<String, String> storageClass(String... pairs) {
        Map<String, String> raw = new HashMap<>(Map.of("subnetId", SUBNET, "dataRepositoryAssociations", S3_ASSOCIATION));
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                raw.remove(pairs[i]);
            } else {
                raw.put(pairs[i], pairs[i + 1]);
            }
        }
        return raw;
    }

    /** The settings of {@link #storageClass} with {@code pairs}, for a volume without a size. */
    static CacheSettings resolve(String... pairs) {
        return resolve(storageClass(pairs), CapacityRange.ANY);
    }

    static CacheSettings resolve(Map<String, String> storageClass, CapacityRange capacity) {
        return VolumeParameters.resolve(VolumeParameters.SCHEMA.parse(storageClass), capacity);
    }

    /** Runs {@code call}, which must fail with {@code code} and a message naming every one of {@code names}. */
    static String fails(CsiException.Code code, Executable call, String... names) {
        CsiException e = assertThrows(CsiException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        for (String name : names) {
            assertTrue(e.getMessage().contains(name), () -> "message should name '" + name + "': " + e.getMessage());
        }
        return e.getMessage();
    }

    static String invalid(Executable call, String... names) {
        return fails(CsiException.Code.INVALID_ARGUMENT, call, names);
    }

    /**
     * Runs {@code call}, which must fail with INVALID_ARGUMENT for {@code parameter} at
     * {@code character} (1-based), with a message naming every one of {@code names}.
     */
    static String faultAt(Executable call, String parameter, int character, String... names) {
        String message = invalid(call, names);
        String prefix = "parameter '" + parameter + "', character " + character + " (";
        assertTrue(message.startsWith(prefix), () -> "expected a fault at character " + character + ": " + message);
        return message;
    }
}
