package dev.polycsi.spi.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException;
import org.junit.jupiter.api.Test;

class CapacityRangeTest {

    static final long GIB = 1L << 30;

    @Test
    void noRangeGivesTheDefault() {
        assertEquals(100 * GIB, CapacityRange.ANY.resolve(100 * GIB, GIB));
    }

    @Test
    void requiredBytesRoundUpToWholeUnits() {
        assertEquals(2 * GIB, new CapacityRange(GIB + 1, 0).resolve(100 * GIB, GIB));
        assertEquals(GIB, new CapacityRange(GIB, 0).resolve(100 * GIB, GIB));
    }

    @Test
    void onlyALimitCapsTheDefault() {
        assertEquals(10 * GIB, new CapacityRange(0, 10 * GIB).resolve(100 * GIB, GIB));
    }

    @Test
    void roundingAboveTheLimitIsOutOfRange() {
        CsiException e = assertThrows(CsiException.class, () -> new CapacityRange(GIB + 1, GIB + 2).resolve(100 * GIB, GIB));
        assertEquals(CsiException.Code.OUT_OF_RANGE, e.code());
    }

    /** Found by the hostile-input campaign: Long.MAX_VALUE rounded up to whole GiB came back negative. */
    @Test
    void roundingPastTheLargestLongIsOutOfRangeNotNegative() {
        CsiException e = assertThrows(CsiException.class, () -> new CapacityRange(Long.MAX_VALUE, 0).resolve(100 * GIB, GIB));
        assertEquals(CsiException.Code.OUT_OF_RANGE, e.code());
        assertEquals(Long.MAX_VALUE - (GIB - 1), new CapacityRange(Long.MAX_VALUE - (GIB - 1), 0).resolve(100 * GIB, GIB));
    }

    @Test
    void acceptsSizesInsideTheRange() {
        CapacityRange range = new CapacityRange(GIB, 2 * GIB);
        assertTrue(range.accepts(GIB));
        assertTrue(range.accepts(2 * GIB));
        assertFalse(range.accepts(3 * GIB));
        assertFalse(range.accepts(GIB - 1));
    }
}
