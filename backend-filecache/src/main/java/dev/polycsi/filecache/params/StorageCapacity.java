package dev.polycsi.filecache.params;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.controller.CapacityRange;

/**
 * The storage capacities CreateFileCache accepts, 1200 GiB and then every multiple of 2400 GiB,
 * and the rounding of a CSI capacity range to them. A cache cannot grow (UpdateFileCache changes
 * only the maintenance window), so there is no expansion rule.
 */
public final class StorageCapacity {

    public static final long GIB = 1L << 30;
    /** The smallest cache, and the official driver's size for a volume requested without one. */
    public static final int DEFAULT_GIB = 1200;
    /** Above the smallest size, caches come in steps of this many GiB. */
    public static final int INCREMENT_GIB = 2400;
    static final String DESCRIPTION = "1200 GiB, then multiples of 2400 GiB";

    private StorageCapacity() {
    }

    public static boolean isValid(long gib) {
        return gib == DEFAULT_GIB || gib > 0 && gib % INCREMENT_GIB == 0;
    }

    public static long bytes(long gib) {
        return gib * GIB;
    }

    /**
     * The size in GiB to create for {@code range}: the smallest valid size of at least
     * required_bytes (1200 GiB when none is required). OUT_OF_RANGE when that exceeds
     * limit_bytes or CreateFileCache's 32-bit StorageCapacity.
     */
    public static int forCreate(CapacityRange range) {
        long wanted = range.requiredBytes() > 0 ? Math.ceilDiv(range.requiredBytes(), GIB) : DEFAULT_GIB;
        long size = wanted <= DEFAULT_GIB ? DEFAULT_GIB : Math.ceilDiv(wanted, INCREMENT_GIB) * INCREMENT_GIB;
        String what = range.requiredBytes() > 0 ? "required_bytes %d".formatted(range.requiredBytes()) : "a volume without required_bytes";
        if (size > Integer.MAX_VALUE) {
            throw CsiException.outOfRange("capacity_range: %s rounds up to %d GiB, more than CreateFileCache's StorageCapacity can hold (%s)",
                    what, size, DESCRIPTION);
        }
        if (range.limitBytes() > 0 && bytes(size) > range.limitBytes()) {
            throw CsiException.outOfRange("capacity_range: %s rounds up to %d GiB (%d bytes), the next size File Cache allows (%s), "
                    + "above limit_bytes %d", what, size, bytes(size), DESCRIPTION, range.limitBytes());
        }
        return (int) size;
    }
}
