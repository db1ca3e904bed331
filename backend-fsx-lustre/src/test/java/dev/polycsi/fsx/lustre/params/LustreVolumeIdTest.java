package dev.polycsi.fsx.lustre.params;

import static dev.polycsi.fsx.lustre.params.Requests.invalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LustreVolumeIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"fs-0199e5a63bd90f796", "fs-0123abcd"})
    void fileSystemIdsAreVolumeIds(String id) {
        assertEquals(id, LustreVolumeId.parse(id).fileSystemId());
        assertEquals(Optional.of(new LustreVolumeId(id)), LustreVolumeId.find(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fs-", "fs-0123abc", "fs-0199E5A63BD90F796", "fs-0199e5a63bd90f7961", "fsvol-0123456789abcdef0",
            "fc-0123456789abcdef0", "efs:fs-0123abcd", "fs-0123abcd/sub"})
    void otherVolumeIdsAreRefused(String id) {
        String message = invalid(() -> LustreVolumeId.parse(id), "volume ID", "fs-");
        assertTrue(message.contains("'" + id + "'"), message);
        assertEquals(Optional.empty(), LustreVolumeId.find(id));
        assertThrows(IllegalArgumentException.class, () -> new LustreVolumeId(id));
    }
}
