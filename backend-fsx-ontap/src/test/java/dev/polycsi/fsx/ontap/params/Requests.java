package dev.polycsi.fsx.ontap.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.function.Executable;

/** Parameters as the core hands them over: raw maps parsed by the backend's schemas. */
final class Requests {

    static final String FILE_SYSTEM = "fs-0123456789abcdef0";
    static final String SVM = "svm-0123456789abcdef0";

    private Requests() {
    }

    /** fileSystemId and storageVirtualMachineId plus {@code pairs} (key, value, key, value, …); a null value removes the key. */
    static Map<String, String> storageClass(String... pairs) {
        Map<String, String> raw = new HashMap<>(Map.of("fileSystemId", FILE_SYSTEM, "storageVirtualMachineId", SVM));
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                raw.remove(pairs[i]);
            } else {
                raw.put(pairs[i], pairs[i + 1]);
            }
        }
        return raw;
    }

    /** The settings of a StorageClass with both IDs and {@code pairs}, parsed as the core parses it. */
    static OntapSettings resolve(String... pairs) {
        return VolumeParameters.resolve(VolumeParameters.SCHEMA.parse(storageClass(pairs)));
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
