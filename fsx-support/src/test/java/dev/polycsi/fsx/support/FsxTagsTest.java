package dev.polycsi.fsx.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FsxTagsTest {

    private static final Set<String> DRIVER = Set.of(FsxTags.VOLUME_NAME_TAG);

    @Test
    void readsPairsInOrderWithoutTrimming() {
        Map<String, String> tags = FsxTags.parseExtraTags("team=storage,cost center=42, x=", DRIVER, "volume");
        assertEquals(List.of("team", "cost center", " x"), List.copyOf(tags.keySet()));
        assertEquals("", tags.get(" x"));
        assertEquals(Map.of(), FsxTags.parseExtraTags("", DRIVER, "volume"));
    }

    @Test
    void refusesWhatFsxRefusesOrTheDriverOwns() {
        for (String bad : List.of("a", "a=b=c", "=v", "k=v,k=w", "CSIVolumeName=x", "aws:foo=x", "k=v;", "k#=v", "k=" + "v".repeat(257),
                "k".repeat(129) + "=v")) {
            assertThrows(IllegalArgumentException.class, () -> FsxTags.parseExtraTags(bad, DRIVER, "volume"), bad);
        }
    }

    @Test
    void aReservedKeySaysWhoseItIs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FsxTags.parseExtraTags("CSIVolumeName=x", DRIVER, "volume"));
        assertEquals("tag key 'CSIVolumeName' is reserved (CSIVolumeName is the driver's, aws:* is AWS's)", e.getMessage());
    }

    @Test
    void theDriversOwnTagsCountAgainstTheLimit() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 49; i++) {
            text.append(i == 0 ? "" : ",").append("k").append(i).append("=v");
        }
        assertEquals(49, FsxTags.parseExtraTags(text.toString(), DRIVER, "volume").size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FsxTags.parseExtraTags(text.toString(), Set.of(FsxTags.VOLUME_NAME_TAG, "other"), "volume"));
        assertTrue(e.getMessage().contains("50 per volume"), e.getMessage());
    }

    @Test
    void checksTheFinalSet() {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < 51; i++) {
            tags.put("k" + i, "v");
        }
        CsiException e = assertThrows(CsiException.class, () -> FsxTags.checkLimits(tags, "volume"));
        assertEquals(CsiException.Code.INVALID_ARGUMENT, e.code());
        assertThrows(CsiException.class, () -> FsxTags.checkLimits(Map.of("k", "v".repeat(257)), "volume"));
        FsxTags.checkLimits(Map.of("k", "v"), "volume");
    }
}
