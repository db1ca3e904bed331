package dev.polycsi.fsx.lustre.params;

import static dev.polycsi.fsx.lustre.params.Requests.fails;
import static dev.polycsi.fsx.lustre.params.StorageCapacity.GIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.controller.CapacityRange;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class StorageCapacityTest {

    private static final CsiException.Code OUT_OF_RANGE = CsiException.Code.OUT_OF_RANGE;

    /**
     * The layouts by name, each with FSx's valid sizes written independently of the class under
     * test (from the CreateFileSystem StorageCapacity documentation and the Lustre guide).
     */
    private record Layout(String name, StorageCapacity capacity, LongPredicate valid, long expansionUnit) {}

    private static final Map<String, Layout> LAYOUTS = Map.of(
            "SCRATCH_1", new Layout("SCRATCH_1", of(DeploymentType.SCRATCH_1, StorageType.SSD, null, false),
                    g -> g == 1200 || g == 2400 || g > 0 && g % 3600 == 0, 0),
            "SCRATCH_2", new Layout("SCRATCH_2", of(DeploymentType.SCRATCH_2, StorageType.SSD, null, false),
                    g -> g == 1200 || g > 0 && g % 2400 == 0, 2400),
            "P1_SSD", new Layout("P1_SSD", of(DeploymentType.PERSISTENT_1, StorageType.SSD, 200, false),
                    g -> g == 1200 || g > 0 && g % 2400 == 0, 2400),
            "P2_SSD", new Layout("P2_SSD", of(DeploymentType.PERSISTENT_2, StorageType.SSD, 125, false),
                    g -> g == 1200 || g > 0 && g % 2400 == 0, 2400),
            "P1_HDD_12", new Layout("P1_HDD_12", of(DeploymentType.PERSISTENT_1, StorageType.HDD, 12, false),
                    g -> g > 0 && g % 6000 == 0, 6000),
            "P1_HDD_40", new Layout("P1_HDD_40", of(DeploymentType.PERSISTENT_1, StorageType.HDD, 40, false),
                    g -> g > 0 && g % 1800 == 0, 1800),
            "P2_EFA_125", new Layout("P2_EFA_125", of(DeploymentType.PERSISTENT_2, StorageType.SSD, 125, true),
                    g -> g > 0 && g % 38400 == 0, 38400),
            "P2_EFA_250", new Layout("P2_EFA_250", of(DeploymentType.PERSISTENT_2, StorageType.SSD, 250, true),
                    g -> g > 0 && g % 19200 == 0, 19200),
            "P2_EFA_500", new Layout("P2_EFA_500", of(DeploymentType.PERSISTENT_2, StorageType.SSD, 500, true),
                    g -> g > 0 && g % 9600 == 0, 9600),
            "P2_EFA_1000", new Layout("P2_EFA_1000", of(DeploymentType.PERSISTENT_2, StorageType.SSD, 1000, true),
                    g -> g > 0 && g % 4800 == 0, 4800));

    private static StorageCapacity of(DeploymentType deployment, StorageType storage, Integer throughput, boolean efa) {
        return StorageCapacity.of(deployment, storage, Optional.ofNullable(throughput), efa);
    }

    private static StorageCapacity capacity(String layout) {
        return LAYOUTS.get(layout).capacity();
    }

    private static CapacityRange gib(long required) {
        return new CapacityRange(required * GIB, 0);
    }

    static Stream<Arguments> layouts() {
        return LAYOUTS.keySet().stream().sorted().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}: {1} GiB -> {2} GiB")
    @CsvSource({
            "SCRATCH_1, 0, 1200", "SCRATCH_1, 1, 1200", "SCRATCH_1, 1200, 1200", "SCRATCH_1, 1201, 2400",
            "SCRATCH_1, 2400, 2400", "SCRATCH_1, 2401, 3600", "SCRATCH_1, 3600, 3600", "SCRATCH_1, 3601, 7200",
            "SCRATCH_1, 10000, 10800",
            "SCRATCH_2, 0, 1200", "SCRATCH_2, 1200, 1200", "SCRATCH_2, 1201, 2400", "SCRATCH_2, 2401, 4800",
            "SCRATCH_2, 3600, 4800", "SCRATCH_2, 4801, 7200",
            "P1_SSD, 0, 1200", "P1_SSD, 1000, 1200", "P1_SSD, 2400, 2400", "P1_SSD, 100000, 100800",
            "P2_SSD, 0, 1200", "P2_SSD, 1300, 2400", "P2_SSD, 4800, 4800",
            "P1_HDD_12, 0, 6000", "P1_HDD_12, 1, 6000", "P1_HDD_12, 6000, 6000", "P1_HDD_12, 6001, 12000",
            "P1_HDD_40, 0, 1800", "P1_HDD_40, 1200, 1800", "P1_HDD_40, 1801, 3600", "P1_HDD_40, 5400, 5400",
            "P2_EFA_125, 0, 38400", "P2_EFA_125, 38401, 76800",
            "P2_EFA_250, 0, 19200", "P2_EFA_250, 20000, 38400",
            "P2_EFA_500, 1200, 9600", "P2_EFA_500, 9601, 19200",
            "P2_EFA_1000, 0, 4800", "P2_EFA_1000, 1200, 4800", "P2_EFA_1000, 4801, 9600",
    })
    void createRoundsUpToTheNextSizeFsxAccepts(String layout, long requiredGiB, long expected) {
        assertEquals(expected, capacity(layout).forCreate(gib(requiredGiB)));
    }

    @Test
    void bytesAreRoundedUpToWholeGibibytesFirst() {
        assertEquals(1200, capacity("P1_SSD").forCreate(new CapacityRange(1, 0)));
        assertEquals(2400, capacity("P1_SSD").forCreate(new CapacityRange(1200 * GIB + 1, 0)));
        assertEquals(1200, capacity("P1_SSD").forCreate(new CapacityRange(1200 * GIB, 0)));
    }

    /** Every request from 1 to 80000 GiB gets the smallest valid size at least as large. */
    @ParameterizedTest
    @MethodSource("layouts")
    void createGivesTheSmallestValidSizeForEveryRequest(String name) {
        Layout layout = LAYOUTS.get(name);
        long expected = 0;
        for (long requested = 80_000; requested >= 1; requested--) {
            if (layout.valid().test(requested)) {
                expected = requested;
            }
            if (expected == 0) {
                continue; // above the largest valid size under 80000; checked by the table
            }
            assertEquals(expected, layout.capacity().forCreate(gib(requested)), name + " at " + requested + " GiB");
        }
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void isValidAgreesWithFsxsRules(String name) {
        Layout layout = LAYOUTS.get(name);
        for (long size = 0; size <= 80_000; size += 100) {
            assertEquals(layout.valid().test(size), layout.capacity().isValid(size), name + " " + size);
        }
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void aVolumeWithoutASizeGetsTheSmallestValidSize(String name) {
        Layout layout = LAYOUTS.get(name);
        long size = layout.capacity().forCreate(CapacityRange.ANY);
        assertTrue(layout.valid().test(size));
        for (long smaller = 1; smaller < size; smaller++) {
            assertFalse(layout.valid().test(smaller), name + ": " + smaller + " would be smaller");
        }
    }

    @Test
    void theDefaultIsTheOfficialDrivers1200GibWhereThatIsValid() {
        assertEquals(StorageCapacity.DEFAULT_GIB, capacity("SCRATCH_1").forCreate(CapacityRange.ANY));
        assertEquals(StorageCapacity.DEFAULT_GIB, capacity("P2_SSD").forCreate(CapacityRange.ANY));
        // the official driver asks for 1200 here too, which FSx refuses
        assertEquals(6000, capacity("P1_HDD_12").forCreate(CapacityRange.ANY));
    }

    @Test
    void limitBytesIsHonoured() {
        assertEquals(2400, capacity("P1_SSD").forCreate(new CapacityRange(1300 * GIB, 2400 * GIB)));
        assertEquals(1200, capacity("P1_SSD").forCreate(new CapacityRange(0, 1500 * GIB)));
        fails(OUT_OF_RANGE, () -> capacity("P1_SSD").forCreate(new CapacityRange(1300 * GIB, 2000 * GIB)),
                "2400 GiB", "limit_bytes " + 2000 * GIB, "multiples of 2400");
        fails(OUT_OF_RANGE, () -> capacity("SCRATCH_1").forCreate(new CapacityRange(0, 1000 * GIB)), "1200 GiB", "limit_bytes");
        fails(OUT_OF_RANGE, () -> capacity("P1_HDD_12").forCreate(new CapacityRange(0, 5999 * GIB)), "6000 GiB", "limit_bytes");
        fails(OUT_OF_RANGE, () -> capacity("SCRATCH_1").forCreate(new CapacityRange(2500 * GIB, 3599 * GIB)), "3600 GiB");
    }

    @Test
    void sizesBeyondCreateFileSystemsIntegerAreOutOfRange() {
        fails(OUT_OF_RANGE, () -> capacity("P1_SSD").forCreate(new CapacityRange(Long.MAX_VALUE / 2, 0)), "StorageCapacity");
        long largest = (Integer.MAX_VALUE / 2400) * 2400L;
        assertEquals(largest, capacity("P1_SSD").forCreate(gib(largest)));
    }

    // ---- expansion ----------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}: {1} GiB asked {2} GiB -> {3} GiB")
    @CsvSource({
            "SCRATCH_2, 1200, 1201, 2400", "P1_SSD, 1200, 1300, 2400", "P1_SSD, 2400, 2401, 4800", "P2_SSD, 4800, 9000, 9600",
            "P1_SSD, 4800, 3000, 4800", "P1_SSD, 4800, 4800, 4800",
            "P1_HDD_12, 6000, 6001, 12000", "P1_HDD_40, 1800, 2000, 3600", "P1_HDD_40, 3600, 3600, 3600",
            "P2_EFA_1000, 4800, 5000, 9600", "P2_EFA_125, 38400, 40000, 76800",
            "SCRATCH_1, 2400, 1000, 2400", "SCRATCH_1, 3600, 3600, 3600",
    })
    void expansionGoesToTheNextMultipleUpdateFileSystemTakes(String layout, long currentGiB, long requiredGiB, long expected) {
        assertEquals(expected, capacity(layout).forExpansion(currentGiB, gib(requiredGiB)));
    }

    @Test
    void scratch1CannotGrow() {
        assertFalse(capacity("SCRATCH_1").isGrowable());
        fails(OUT_OF_RANGE, () -> capacity("SCRATCH_1").forExpansion(1200, gib(1300)), "SCRATCH_1", "cannot grow", "1200 GiB");
    }

    @Test
    void expansionHonoursLimitBytesAndNeverShrinks() {
        fails(OUT_OF_RANGE, () -> capacity("P1_SSD").forExpansion(2400, new CapacityRange(2500 * GIB, 4000 * GIB)),
                "4800 GiB", "limit_bytes");
        fails(OUT_OF_RANGE, () -> capacity("P1_SSD").forExpansion(4800, new CapacityRange(2400 * GIB, 2400 * GIB)),
                "4800 GiB", "cannot shrink");
        assertEquals(4800, capacity("P1_SSD").forExpansion(2400, new CapacityRange(2500 * GIB, 4800 * GIB)));
    }

    /** From every valid size up to 40000 GiB, every request up to 20000 GiB more lands on the next multiple above. */
    @ParameterizedTest
    @MethodSource("layouts")
    void expansionTargetsAreTheSmallestMultipleOfTheUnitAboveBoth(String name) {
        Layout layout = LAYOUTS.get(name);
        if (layout.expansionUnit() == 0) {
            return; // SCRATCH_1: scratch1CannotGrow
        }
        long unit = layout.expansionUnit();
        for (long current = 1; current <= 40_000; current++) {
            if (!layout.valid().test(current)) {
                continue;
            }
            for (long requested = current + 1; requested <= current + 20_000; requested += 97) {
                long target = layout.capacity().forExpansion(current, gib(requested));
                assertTrue(target % unit == 0 && target >= requested && target > current, name + " " + current + "->" + target);
                assertTrue(target - unit < requested, name + ": " + (target - unit) + " would do for " + requested);
            }
        }
    }

    // ---- which rule applies -------------------------------------------------------------------

    @Test
    void theRuleFollowsTheSettings() {
        LustreSettings hdd = Requests.resolve("deploymentType", "PERSISTENT_1", "storageType", "HDD", "driveCacheType", "NONE",
                "perUnitStorageThroughput", "12");
        assertEquals(6000, StorageCapacity.of(hdd).forCreate(CapacityRange.ANY));
        LustreSettings scratch1 = Requests.resolve("deploymentType", "SCRATCH_1");
        assertEquals(3600, scratch1.capacity().forCreate(gib(2401)));
        assertEquals(1200, Requests.resolve().capacity().forCreate(CapacityRange.ANY));
    }

    @Test
    void theRuleFollowsAnExistingFileSystem() {
        ExistingFileSystem efa = new ExistingFileSystem(DeploymentType.PERSISTENT_2, StorageType.SSD, Optional.of(500), true,
                Optional.of(MetadataMode.AUTOMATIC), Optional.of(12000), 9600);
        assertEquals(19200, StorageCapacity.of(efa).forExpansion(efa.storageCapacityGiB(), gib(9601)));
        ExistingFileSystem scratch = new ExistingFileSystem(DeploymentType.SCRATCH_1, StorageType.SSD, Optional.empty(), false,
                Optional.empty(), Optional.empty(), 1200);
        assertFalse(StorageCapacity.of(scratch).isGrowable());
    }

    @Test
    void hddAndEfaRulesNeedTheThroughput() {
        assertThrows(IllegalArgumentException.class, () -> of(DeploymentType.PERSISTENT_1, StorageType.HDD, null, false));
        assertThrows(IllegalArgumentException.class, () -> of(DeploymentType.PERSISTENT_1, StorageType.HDD, 50, false));
        assertThrows(IllegalArgumentException.class, () -> of(DeploymentType.PERSISTENT_2, StorageType.SSD, 200, true));
    }

    @Test
    void descriptionsSayWhichSizesAreValid() {
        for (String layout : List.of("SCRATCH_1", "P1_SSD", "P1_HDD_12", "P2_EFA_250")) {
            String description = capacity(layout).description();
            assertTrue(description.contains("GiB"), description);
        }
        assertEquals("SCRATCH_1: 1200, 2400, then multiples of 3600 GiB", capacity("SCRATCH_1").description());
        assertEquals("PERSISTENT_1 HDD at 12 MB/s/TiB: multiples of 6000 GiB", capacity("P1_HDD_12").description());
    }
}
