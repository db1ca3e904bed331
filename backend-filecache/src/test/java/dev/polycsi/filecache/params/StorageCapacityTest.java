package dev.polycsi.filecache.params;

import static dev.polycsi.filecache.params.Requests.fails;
import static dev.polycsi.filecache.params.StorageCapacity.GIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.controller.CapacityRange;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StorageCapacityTest {

    private static final CsiException.Code OUT_OF_RANGE = CsiException.Code.OUT_OF_RANGE;
    /** CreateFileCache's StorageCapacity rule, written independently of the class under test. */
    private static final LongPredicate VALID = g -> g == 1200 || g > 0 && g % 2400 == 0;

    private static CapacityRange gib(long required) {
        return new CapacityRange(required * GIB, 0);
    }

    @ParameterizedTest(name = "{0} GiB -> {1} GiB")
    @CsvSource({"1, 1200", "1000, 1200", "1200, 1200", "1201, 2400", "2000, 2400", "2400, 2400", "2401, 4800", "3600, 4800",
            "4800, 4800", "4801, 7200", "100000, 100800"})
    void requestsRoundUpAsTheOfficialDriverRoundsThem(long requiredGiB, int expected) {
        assertEquals(expected, StorageCapacity.forCreate(gib(requiredGiB)));
    }

    @Test
    void bytesAreRoundedUpToWholeGibibytesFirst() {
        assertEquals(1200, StorageCapacity.forCreate(new CapacityRange(1, 0)));
        assertEquals(2400, StorageCapacity.forCreate(new CapacityRange(1200 * GIB + 1, 0)));
        assertEquals(4800, StorageCapacity.forCreate(new CapacityRange(2400 * GIB + 1, 0)));
    }

    @Test
    void aVolumeWithoutASizeGets1200Gib() {
        assertEquals(1200, StorageCapacity.forCreate(CapacityRange.ANY));
        assertEquals(1200, StorageCapacity.forCreate(new CapacityRange(0, 1200 * GIB)));
        assertEquals(1200, Requests.resolve().storageCapacityGiB());
    }

    /** Every request from 1 to 50000 GiB gets the smallest valid size at least as large. */
    @Test
    void everyRequestGetsTheSmallestValidSize() {
        long expected = 0;
        for (long requested = 52_800; requested >= 1; requested--) {
            if (VALID.test(requested)) {
                expected = requested;
            }
            if (requested <= 50_000) {
                assertEquals(expected, StorageCapacity.forCreate(gib(requested)), requested + " GiB");
            }
        }
    }

    @Test
    void isValidAgreesWithFsxsRule() {
        for (long size = -2400; size <= 50_000; size += 100) {
            assertEquals(VALID.test(size), StorageCapacity.isValid(size), size + " GiB");
        }
    }

    @Test
    void limitBytesIsHonoured() {
        fails(OUT_OF_RANGE, () -> StorageCapacity.forCreate(new CapacityRange(1300 * GIB, 2000 * GIB)), "2400 GiB", "limit_bytes",
                "1200 GiB, then multiples of 2400 GiB");
        fails(OUT_OF_RANGE, () -> StorageCapacity.forCreate(new CapacityRange(0, 1000 * GIB)), "without required_bytes", "1200 GiB");
        assertEquals(2400, StorageCapacity.forCreate(new CapacityRange(1300 * GIB, 2400 * GIB)));
        fails(OUT_OF_RANGE, () -> Requests.resolve(Requests.storageClass(), new CapacityRange(3000 * GIB, 4000 * GIB)),
                "4800 GiB", "limit_bytes");
    }

    @Test
    void sizesBeyondCreateFileCachesIntegerAreOutOfRange() {
        fails(OUT_OF_RANGE, () -> StorageCapacity.forCreate(new CapacityRange(Long.MAX_VALUE / 2, 0)), "StorageCapacity");
        long largest = (Integer.MAX_VALUE / 2400) * 2400L;
        assertEquals(largest, StorageCapacity.forCreate(gib(largest)));
        fails(OUT_OF_RANGE, () -> StorageCapacity.forCreate(gib(largest + 1)), "StorageCapacity");
    }

    @Test
    void settingsRefuseASizeFileCacheDoesNotOffer() {
        assertTrue(StorageCapacity.isValid(1200));
        assertFalse(StorageCapacity.isValid(3600));
        assertFalse(StorageCapacity.isValid(0));
    }
}
