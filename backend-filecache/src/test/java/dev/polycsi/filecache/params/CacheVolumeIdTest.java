package dev.polycsi.filecache.params;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CacheVolumeIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"fc-0123456789abcdef0", "fc-01234567"})
    void fsxsCacheIdsAreTheBackendsOwn(String id) {
        assertEquals(id, CacheVolumeId.parse(id).fileCacheId());
        assertTrue(CacheVolumeId.isForeignHandle(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fc-", "fc-0123456789ABCDEF0", "fc-0123456789abcdef", "fc-0123456789abcdef01", "fs-0123456789abcdef0",
            "filecache:fc-0123456789abcdef0", "fc-0123456789abcdef0 ", "fc-0123456789abcdef0/ns1"})
    void anythingElseIsNot(String id) {
        assertEquals(Optional.empty(), CacheVolumeId.find(id));
        assertFalse(CacheVolumeId.isForeignHandle(id));
        Requests.fails(CsiException.Code.INVALID_ARGUMENT, () -> CacheVolumeId.parse(id), "Amazon File Cache ID");
    }
}
