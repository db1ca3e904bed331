package dev.polycsi.fsx.ontap.params;

import static dev.polycsi.fsx.ontap.params.Requests.fails;
import static dev.polycsi.fsx.ontap.params.Requests.resolve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.fsx.ontap.params.OntapSettings.VolumeStyle;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.controller.CapacityRange;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VolumeSizesTest {

    // Written out rather than taken from the class under test.
    private static final long MIB = 1024L * 1024;
    private static final long GIB = 1024 * MIB;
    private static final long TIB = 1024 * GIB;
    private static final long PIB = 1024 * TIB;
    private static final CsiException.Code OUT_OF_RANGE = CsiException.Code.OUT_OF_RANGE;

    private static final OntapSettings FLEXVOL = resolve();
    /** FSx chooses the aggregates: one counted, at FSx's 8 constituents each. */
    private static final OntapSettings FLEXGROUP = resolve("volumeStyle", "FLEXGROUP");

    private static CapacityRange range(long required, long limit) {
        return new CapacityRange(required, limit);
    }

    // ---- FlexVol -----------------------------------------------------------------------------

    @Test
    void theBoundsOfAFlexVolAreFsxs() {
        assertEquals(20 * MIB, VolumeSizes.MIN_FLEXVOL_BYTES);
        assertEquals(314_572_800L * MIB, VolumeSizes.MAX_FLEXVOL_BYTES);
        assertEquals(300 * TIB, VolumeSizes.MAX_FLEXVOL_BYTES);
    }

    @ParameterizedTest(name = "required {0} bytes -> {1} bytes")
    @CsvSource({
            "0, 1073741824",                    // no size: 1 GiB
            "1, 20971520",                      // the smallest FlexVol
            "20971519, 20971520",
            "20971520, 20971520",
            "20971521, 22020096",               // the next whole MiB
            "1073741824, 1073741824",
            "1073741825, 1074790400",
            "5000000000, 5000658944",           // decimal sizes round up to MiB
            "329853488332800, 329853488332800", // 300 TiB
    })
    void aFlexVolGetsTheRequestRoundedUpToAWholeMiB(long required, long expected) {
        assertEquals(expected, VolumeSizes.forCreate(range(required, 0), FLEXVOL));
    }

    @Test
    void aFlexVolAboveThreeHundredTiBIsOutOfRange() {
        String message = fails(OUT_OF_RANGE, () -> VolumeSizes.forCreate(range(300 * TIB + 1, 0), FLEXVOL),
                "required_bytes " + (300 * TIB + 1), "20 MiB to 300 TiB");
        assertTrue(message.contains("FlexVol"), message);
    }

    @ParameterizedTest(name = "required {0}, limit {1} -> {2}")
    @CsvSource({
            "0, 524288000, 524288000",           // no size, limit 500 MiB: the limit
            "0, 1073741823, 1072693248",         // a limit just under 1 GiB: the whole MiB below it
            "0, 20971525, 20971520",             // a limit just above the smallest FlexVol
            "0, 2199023255552, 1073741824",      // a limit above the default: the default
            "1, 20971520, 20971520",             // raised to the minimum, which the limit allows
            "20971520, 20971520, 20971520",
            "1048576000, 1048576000, 1048576000",
    })
    void aLimitIsMetWhereAnAllowedSizeMeetsIt(long required, long limit, long expected) {
        assertEquals(expected, VolumeSizes.forCreate(range(required, limit), FLEXVOL));
    }

    @ParameterizedTest(name = "required {0}, limit {1}")
    @CsvSource({
            "0, 10485760",                       // below the smallest FlexVol
            "0, 20971519",
            "1, 1048576",
            "20971521, 21000000",                // rounded up to a whole MiB, past the limit
            "2147483648, 1073741824",            // required above limit
    })
    void aLimitNoAllowedSizeMeetsIsOutOfRange(long required, long limit) {
        fails(OUT_OF_RANGE, () -> VolumeSizes.forCreate(range(required, limit), FLEXVOL),
                "required_bytes " + required, "limit_bytes " + limit, "20 MiB to 300 TiB");
    }

    // ---- FlexGroup ---------------------------------------------------------------------------

    @Test
    void aFlexGroupNeedsOneHundredGiBPerConstituent() {
        assertEquals(800 * GIB, VolumeSizes.forCreate(CapacityRange.ANY, FLEXGROUP), "no size: the smallest, 8 × 100 GiB");
        assertEquals(800 * GIB, VolumeSizes.forCreate(range(GIB, 0), FLEXGROUP), "raised to the smallest");
        assertEquals(800 * GIB, VolumeSizes.forCreate(range(800 * GIB, 0), FLEXGROUP));
        assertEquals(800 * GIB + MIB, VolumeSizes.forCreate(range(800 * GIB + 1, 0), FLEXGROUP));
        assertEquals(800 * GIB, VolumeSizes.forCreate(range(GIB, 800 * GIB), FLEXGROUP), "the limit allows the smallest");
        fails(OUT_OF_RANGE, () -> VolumeSizes.forCreate(range(GIB, 800 * GIB - 1), FLEXGROUP),
                "limit_bytes " + (800 * GIB - 1), "8 constituents", "800 GiB");
        fails(OUT_OF_RANGE, () -> VolumeSizes.forCreate(range(0, 500 * GIB), FLEXGROUP), "800 GiB");
    }

    @ParameterizedTest(name = "{0} × {1} constituents -> at least {2} GiB")
    @CsvSource({
            "'', 1, 100",
            "'', 200, 20000",
            "aggr1, 8, 800",
            "'aggr1,aggr2', '', 1600",
            "'aggr1,aggr2', 4, 800",
            "'aggr1,aggr2,aggr3,aggr4,aggr5,aggr6', 33, 19800",
    })
    void theSmallestFlexGroupGrowsWithItsConstituents(String aggregates, String perAggregate, long minimumGiB) {
        OntapSettings settings = resolve("volumeStyle", "FLEXGROUP", "aggregates", aggregates.isEmpty() ? null : aggregates,
                "constituentsPerAggregate", perAggregate.isEmpty() ? null : perAggregate);
        assertEquals(minimumGiB * GIB, VolumeSizes.forCreate(range(1, 0), settings));
        assertEquals(minimumGiB * GIB, VolumeSizes.minimumBytes(VolumeStyle.FLEXGROUP, settings.constituents()));
    }

    @Test
    void aFlexGroupHoldsAtMost300TiBPerConstituentAndJustUnderTwentyPiB() {
        assertEquals(2400 * TIB, VolumeSizes.forCreate(range(2400 * TIB, 0), FLEXGROUP));
        fails(OUT_OF_RANGE, () -> VolumeSizes.forCreate(range(2400 * TIB + 1, 0), FLEXGROUP), "8 constituents", "2400 TiB");

        OntapSettings widest = resolve("volumeStyle", "FLEXGROUP", "constituentsPerAggregate", "200");
        long largest = VolumeSizes.MAX_FLEXGROUP_BYTES;
        assertEquals(largest, VolumeSizes.forCreate(range(largest, 0), widest));
        assertEquals(largest, VolumeSizes.forCreate(range(largest - MIB + 1, 0), widest));
        fails(OUT_OF_RANGE, () -> VolumeSizes.forCreate(range(20 * PIB, 0), widest), "required_bytes " + 20 * PIB);
        fails(OUT_OF_RANGE, () -> VolumeSizes.forCreate(range(largest + 1, 0), widest));
    }

    @Test
    void theLargestFlexGroupIsFsxsLargestSizeInBytesInWholeMiB() {
        long largest = VolumeSizes.MAX_FLEXGROUP_BYTES;
        assertEquals(0, largest % MIB);
        assertTrue(largest <= 22_517_998_000_000_000L, "FSx's SizeInBytes maximum");
        assertTrue(largest + MIB > 22_517_998_000_000_000L, "no whole MiB fits above it");
        assertTrue(largest < 20 * PIB && largest > 20 * PIB - GIB, "just under 20 PiB");
    }

    // ---- every answer is whole MiB within the range ----------------------------------------

    @Test
    void everySizeIsWholeMiBWithinTheRangeAndTheBounds() {
        Random random = new Random(7);
        OntapSettings[] kinds = {FLEXVOL, FLEXGROUP, resolve("volumeStyle", "FLEXGROUP", "constituentsPerAggregate", "1")};
        for (int i = 0; i < 5_000; i++) {
            OntapSettings settings = kinds[random.nextInt(kinds.length)];
            long required = random.nextBoolean() ? 0 : (long) Math.pow(2, random.nextDouble() * 52);
            long limit = random.nextBoolean() ? 0 : required + (long) Math.pow(2, random.nextDouble() * 52);
            CapacityRange range = range(required, limit);
            long size;
            try {
                size = VolumeSizes.forCreate(range, settings);
            } catch (CsiException e) {
                assertEquals(OUT_OF_RANGE, e.code(), e.getMessage());
                continue;
            }
            assertEquals(0, size % MIB, range + " gave " + size);
            assertTrue(size >= required && (limit == 0 || size <= limit), range + " gave " + size);
            assertTrue(size >= VolumeSizes.minimumBytes(settings.volumeStyle(), settings.constituents()), range + " gave " + size);
            assertTrue(size <= VolumeSizes.maximumBytes(settings.volumeStyle(), settings.constituents()), range + " gave " + size);
            assertTrue(size - MIB < Math.max(required, VolumeSizes.minimumBytes(settings.volumeStyle(), settings.constituents()))
                    || required == 0, range + " gave more than the next whole MiB: " + size);
        }
    }

    // ---- expansion ---------------------------------------------------------------------------

    @ParameterizedTest(name = "current {0}, required {1} -> {2}")
    @CsvSource({
            "10737418240, 5368709120, 10737418240",   // below the current size: no shrink
            "10737418240, 0, 10737418240",
            "10737418240, 10737418240, 10737418240",  // the current size
            "10737418240, 10737418241, 10738466816",  // a byte more: the next whole MiB
            "10737418240, 21474836480, 21474836480",
            "10737418240, 329853488332800, 329853488332800",
    })
    void aFlexVolGrowsToTheRequestAndNeverShrinks(long current, long required, long expected) {
        assertEquals(expected, VolumeSizes.forExpansion(range(required, 0), VolumeStyle.FLEXVOL, current, 1));
    }

    @Test
    void aVolumeOfAnOddSizeStaysAsItIsWhenLargeEnough() {
        long current = 10 * GIB + 12345;
        assertEquals(current, VolumeSizes.forExpansion(range(10 * GIB, 0), VolumeStyle.FLEXVOL, current, 1));
        assertEquals(11 * GIB, VolumeSizes.forExpansion(range(11 * GIB, 0), VolumeStyle.FLEXVOL, current, 1));
    }

    @Test
    void growingPastTheLargestVolumeOrTheLimitIsOutOfRange() {
        fails(OUT_OF_RANGE, () -> VolumeSizes.forExpansion(range(300 * TIB + 1, 0), VolumeStyle.FLEXVOL, GIB, 1),
                "required_bytes " + (300 * TIB + 1), "300 TiB");
        fails(OUT_OF_RANGE, () -> VolumeSizes.forExpansion(range(2 * GIB + 1, 2 * GIB + 1000), VolumeStyle.FLEXVOL, GIB, 1),
                "limit_bytes " + (2 * GIB + 1000));
        fails(OUT_OF_RANGE, () -> VolumeSizes.forExpansion(range(GIB, GIB), VolumeStyle.FLEXVOL, 2 * GIB, 1),
                "already has 2 GiB", "do not shrink");
    }

    @Test
    void aFlexGroupGrowsAsFarAsItsConstituentsHold() {
        assertEquals(2400 * TIB, VolumeSizes.forExpansion(range(2400 * TIB, 0), VolumeStyle.FLEXGROUP, 800 * GIB, 8));
        fails(OUT_OF_RANGE, () -> VolumeSizes.forExpansion(range(2400 * TIB + 1, 0), VolumeStyle.FLEXGROUP, 800 * GIB, 8),
                "8 constituents", "2400 TiB");
        assertEquals(10 * PIB, VolumeSizes.forExpansion(range(10 * PIB, 0), VolumeStyle.FLEXGROUP, 800 * GIB, 200));
        assertThrows(IllegalArgumentException.class,
                () -> VolumeSizes.forExpansion(range(GIB, 0), VolumeStyle.FLEXGROUP, 800 * GIB, 0));
    }

    @Test
    void sizesAreDescribedInTheirLargestExactUnit() {
        assertEquals("20 MiB", VolumeSizes.describe(20 * MIB));
        assertEquals("300 TiB", VolumeSizes.describe(300 * TIB));
        assertEquals("1 PiB", VolumeSizes.describe(PIB));
        assertEquals("1025 MiB", VolumeSizes.describe(GIB + MIB));
        assertEquals("12345 bytes", VolumeSizes.describe(12345));
        assertEquals("0 bytes", VolumeSizes.describe(0));
    }
}
