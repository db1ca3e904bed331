package dev.polycsi.fsx.lustre.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.function.Executable;

/** Parameters as the core hands them over: raw maps parsed by the backend's schemas. */
final class Requests {

    static final String SUBNET = "subnet-0123456789abcdef0";

    private Requests() {
    }

    /** subnetId plus {@code pairs} (key, value, key, value, …). */
    static Map<String, String> storageClass(String... pairs) {
        Map<String, String> raw = new HashMap<>(Map.of("subnetId", SUBNET));
        raw.putAll(map(pairs));
        return raw;
    }

    /** {@code pairs} as a map; a pair whose value is null is left out, so that a test can make a key optional. */
    static Map<String, String> map(String... pairs) {
        Map<String, String> raw = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                raw.put(pairs[i], pairs[i + 1]);
            }
        }
        return raw;
    }

    /** The settings of a StorageClass with subnetId and {@code pairs}, without a VolumeAttributesClass. */
    static LustreSettings resolve(String... pairs) {
        return resolve(storageClass(pairs), Map.of());
    }

    static LustreSettings resolve(Map<String, String> storageClass, Map<String, String> vac) {
        return VolumeParameters.resolve(VolumeParameters.SCHEMA.parse(storageClass), MutableParameters.SCHEMA.parse(vac));
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
}
