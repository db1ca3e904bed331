package dev.polycsi.fsx.lustre.params;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.controller.CapacityRange;
import java.util.List;
import java.util.Optional;

/**
 * The storage capacities FSx accepts for one kind of Lustre file system, and the rounding of a
 * CSI capacity range to them, at creation and at expansion.
 *
 * <p>Valid sizes are a few small ones ({@code leading}) and then every multiple of
 * {@code increment}; an expansion must land on a multiple of the increment above the current
 * size (FSx's CreateFileSystem and UpdateFileSystem StorageCapacity rules):
 * <ul>
 * <li>SCRATCH_1: 1200, 2400, then multiples of 3600 GiB; it cannot grow.
 * <li>SCRATCH_2, PERSISTENT_1 and PERSISTENT_2 on SSD: 1200, then multiples of 2400 GiB.
 * <li>PERSISTENT_1 on HDD: multiples of 6000 GiB at 12 MB/s/TiB, of 1800 GiB at 40 MB/s/TiB.
 * <li>PERSISTENT_2 with EFA: multiples of 38400, 19200, 9600 or 4800 GiB at 125, 250, 500 or
 *     1000 MB/s/TiB (the Lustre guide's storage-increase rules; the official driver rounds these
 *     as plain SSD, which FSx then refuses).
 * </ul>
 * A request without a size gets the smallest valid one, which is the official driver's default
 * of 1200 GiB where 1200 is valid.
 */
public final class StorageCapacity {

    public static final long GIB = 1L << 30;
    /** The official driver's size for a volume requested without one. */
    public static final long DEFAULT_GIB = 1200;

    private final List<Long> leading;
    private final long increment;
    private final boolean growable;
    private final String description;

    private StorageCapacity(List<Long> leading, long increment, boolean growable, String description) {
        this.leading = leading;
        this.increment = increment;
        this.growable = growable;
        this.description = description;
    }

    /**
     * The sizes of a file system of this deployment and storage type, throughput (MB/s/TiB;
     * required for PERSISTENT_1 HDD and EFA) and EFA setting.
     */
    public static StorageCapacity of(DeploymentType deployment, StorageType storage, Optional<Integer> throughput, boolean efa) {
        if (efa) {
            int perTiB = throughput.orElseThrow(() -> new IllegalArgumentException("an EFA file system needs its throughput"));
            long unit = switch (perTiB) {
                case 125 -> 38400;
                case 250 -> 19200;
                case 500 -> 9600;
                case 1000 -> 4800;
                default -> throw new IllegalArgumentException("EFA file systems have 125, 250, 500 or 1000 MB/s/TiB, not " + perTiB);
            };
            return new StorageCapacity(List.of(), unit, true, "EFA-enabled %s at %d MB/s/TiB: multiples of %d GiB".formatted(deployment, perTiB, unit));
        }
        if (storage == StorageType.HDD) {
            int perTiB = throughput.orElseThrow(() -> new IllegalArgumentException("an HDD file system needs its throughput"));
            long unit = switch (perTiB) {
                case 12 -> 6000;
                case 40 -> 1800;
                default -> throw new IllegalArgumentException("HDD file systems have 12 or 40 MB/s/TiB, not " + perTiB);
            };
            return new StorageCapacity(List.of(), unit, true, "%s HDD at %d MB/s/TiB: multiples of %d GiB".formatted(deployment, perTiB, unit));
        }
        if (deployment == DeploymentType.SCRATCH_1) {
            return new StorageCapacity(List.of(1200L, 2400L), 3600, false, "SCRATCH_1: 1200, 2400, then multiples of 3600 GiB");
        }
        return new StorageCapacity(List.of(1200L), 2400, true, "%s SSD: 1200, then multiples of 2400 GiB".formatted(deployment));
    }

    /** The sizes of the file system {@code settings} describe. */
    public static StorageCapacity of(LustreSettings settings) {
        return of(settings.effectiveDeploymentType(), settings.effectiveStorageType(), settings.perUnitStorageThroughput(),
                settings.efaEnabled());
    }

    /** The sizes of an existing file system. */
    public static StorageCapacity of(ExistingFileSystem fileSystem) {
        return of(fileSystem.deploymentType(), fileSystem.storageType(), fileSystem.perUnitStorageThroughput(), fileSystem.efaEnabled());
    }

    public static long bytes(long gib) {
        return gib * GIB;
    }

    /** Which sizes are valid, in words, for messages. */
    public String description() {
        return description;
    }

    public boolean isGrowable() {
        return growable;
    }

    public boolean isValid(long gib) {
        return leading.contains(gib) || gib > 0 && gib % increment == 0;
    }

    /**
     * The size in GiB to create for {@code range}: the smallest valid size of at least
     * required_bytes (the smallest valid size at all when none is required). OUT_OF_RANGE when
     * that exceeds limit_bytes or CreateFileSystem's 32-bit StorageCapacity.
     */
    public long forCreate(CapacityRange range) {
        long wanted = range.requiredBytes() > 0 ? Math.ceilDiv(range.requiredBytes(), GIB) : DEFAULT_GIB;
        long size = smallestValidAtLeast(wanted);
        checkFits(size, range, "required_bytes %d".formatted(range.requiredBytes()));
        return size;
    }

    /**
     * The size in GiB to expand a file system of {@code currentGiB} to for {@code range}: the
     * current size when it already holds required_bytes, else the next multiple of the
     * increment that does (UpdateFileSystem takes only those, and only above the current size).
     * OUT_OF_RANGE when the file system cannot grow (SCRATCH_1), when the target exceeds
     * limit_bytes, or when the current size already does.
     */
    public long forExpansion(long currentGiB, CapacityRange range) {
        long wanted = Math.ceilDiv(range.requiredBytes(), GIB);
        if (wanted <= currentGiB) {
            if (range.limitBytes() > 0 && bytes(currentGiB) > range.limitBytes()) {
                throw CsiException.outOfRange("capacity_range: the file system has %d GiB, above limit_bytes %d, and FSx cannot shrink it",
                        currentGiB, range.limitBytes());
            }
            return currentGiB;
        }
        if (!growable) {
            throw CsiException.outOfRange("capacity_range: a %s file system cannot grow beyond its %d GiB (%s)",
                    DeploymentType.SCRATCH_1, currentGiB, description);
        }
        long size = Math.ceilDiv(wanted, increment) * increment;
        checkFits(size, range, "required_bytes %d on a file system of %d GiB".formatted(range.requiredBytes(), currentGiB));
        return size;
    }

    private long smallestValidAtLeast(long gib) {
        for (long size : leading) {
            if (size >= gib) {
                return size;
            }
        }
        return Math.max(1, Math.ceilDiv(gib, increment)) * increment;
    }

    private void checkFits(long size, CapacityRange range, String what) {
        if (size > Integer.MAX_VALUE) {
            throw CsiException.outOfRange("capacity_range: %s rounds up to %d GiB, more than FSx's StorageCapacity can hold (%s)",
                    what, size, description);
        }
        if (range.limitBytes() > 0 && bytes(size) > range.limitBytes()) {
            throw CsiException.outOfRange("capacity_range: %s rounds up to %d GiB (%d bytes), the next size FSx allows (%s), "
                    + "above limit_bytes %d", what, size, bytes(size), description, range.limitBytes());
        }
    }
}
