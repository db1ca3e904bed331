package dev.polycsi.fsx.ontap.params;

import dev.polycsi.fsx.ontap.params.OntapSettings.VolumeStyle;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.controller.CapacityRange;

/**
 * The sizes an FSx for ONTAP volume may have, and the rounding of a CSI capacity range to them.
 * Sizes are whole MiB, FSx's unit; send them as SizeInBytes (SizeInMegabytes is a 32-bit field
 * that cannot hold a FlexGroup above 2 PiB).
 *
 * <ul>
 * <li>FlexVol: 20 MiB to 300 TiB (FSx's guide).
 * <li>FlexGroup: at least 100 GiB per constituent (ONTAP's smallest constituent), at most 300 TiB
 *     per constituent (a constituent is a FlexVol) and FSx's largest SizeInBytes, just under 20 PiB.
 * </ul>
 * A volume requested without a size gets 1 GiB as a FlexVol and its smallest size as a
 * FlexGroup. Volumes never shrink here: FSx could, but CSI expansion only grows.
 */
public final class VolumeSizes {

    public static final long MIB = 1L << 20;
    public static final long GIB = 1L << 30;
    public static final long TIB = 1L << 40;
    public static final long PIB = 1L << 50;

    public static final long MIN_FLEXVOL_BYTES = 20 * MIB;
    public static final long MAX_FLEXVOL_BYTES = 314_572_800L * MIB;
    /** A FlexVol asked for without a size. */
    public static final long DEFAULT_FLEXVOL_BYTES = GIB;
    public static final long MIN_FLEXGROUP_BYTES_PER_CONSTITUENT = 100 * GIB;
    /** FSx's largest SizeInBytes (CreateVolume and UpdateVolume), which is 136 MB short of 20 PiB. */
    public static final long MAX_SIZE_IN_BYTES = 22_517_998_000_000_000L;
    /** The largest whole-MiB FlexGroup FSx takes. */
    public static final long MAX_FLEXGROUP_BYTES = MAX_SIZE_IN_BYTES / MIB * MIB;
    /** FSx's ConstituentsPerAggregate when a FlexGroup is created without one. */
    public static final int DEFAULT_CONSTITUENTS_PER_AGGREGATE = 8;
    /** ONTAP's most constituents in one FlexGroup (FSx's TotalConstituents range). */
    public static final int MAX_CONSTITUENTS = 200;

    private static final long[] UNITS = {PIB, TIB, GIB, MIB};
    private static final String[] UNIT_NAMES = {"PiB", "TiB", "GiB", "MiB"};

    private VolumeSizes() {
    }

    /** The smallest volume of this style and number of constituents (ignored for FlexVol). */
    public static long minimumBytes(VolumeStyle style, int constituents) {
        return style == VolumeStyle.FLEXVOL ? MIN_FLEXVOL_BYTES : checked(constituents) * MIN_FLEXGROUP_BYTES_PER_CONSTITUENT;
    }

    /** The largest volume of this style and number of constituents (ignored for FlexVol). */
    public static long maximumBytes(VolumeStyle style, int constituents) {
        return style == VolumeStyle.FLEXVOL ? MAX_FLEXVOL_BYTES : Math.min(MAX_FLEXGROUP_BYTES, checked(constituents) * MAX_FLEXVOL_BYTES);
    }

    /** The size of a volume asked for without one. */
    public static long defaultBytes(VolumeStyle style, int constituents) {
        return style == VolumeStyle.FLEXVOL ? DEFAULT_FLEXVOL_BYTES : minimumBytes(style, constituents);
    }

    /**
     * The size in bytes to create the volume {@code settings} describe with: required_bytes rounded
     * up to a whole MiB and raised to the smallest size the volume may have; without
     * required_bytes the default size, lowered to limit_bytes if that is smaller but not below
     * the smallest size. OUT_OF_RANGE when the size is above the largest the volume may have or
     * above limit_bytes.
     */
    public static long forCreate(CapacityRange range, OntapSettings settings) {
        VolumeStyle style = settings.volumeStyle();
        int constituents = settings.constituents();
        long wanted = range.requiredBytes() > 0 ? roundUp(range.requiredBytes()) : defaultBytes(style, constituents);
        if (range.requiredBytes() <= 0 && range.limitBytes() > 0) {
            wanted = Math.min(wanted, range.limitBytes() / MIB * MIB);
        }
        long size = Math.max(wanted, minimumBytes(style, constituents));
        checkFits(size, range, style, constituents);
        return size;
    }

    /**
     * The size in bytes to grow a volume of {@code currentBytes} to: required_bytes rounded up to
     * a whole MiB, or the current size when that already holds it (a volume never shrinks).
     * OUT_OF_RANGE when the size is above the largest the volume may have or above limit_bytes.
     *
     * @param constituents the FlexGroup's total constituents (FSx's TotalConstituents); ignored for a FlexVol
     */
    public static long forExpansion(CapacityRange range, VolumeStyle style, long currentBytes, int constituents) {
        if (style == VolumeStyle.FLEXGROUP) {
            checked(constituents); // a caller's mistake shows on every call, not only on growth
        }
        long wanted = roundUp(range.requiredBytes());
        if (wanted <= currentBytes) {
            if (range.limitBytes() > 0 && currentBytes > range.limitBytes()) {
                throw CsiException.outOfRange("capacity_range %s: the volume already has %s (%d bytes), above limit_bytes, and "
                        + "volumes do not shrink", describe(range), describe(currentBytes), currentBytes);
            }
            return currentBytes;
        }
        checkFits(wanted, range, style, constituents);
        return wanted;
    }

    /** {@code bytes} in the largest binary unit that holds it exactly: "20 MiB", "300 TiB", else in bytes. */
    public static String describe(long bytes) {
        for (int i = 0; i < UNITS.length; i++) {
            if (bytes != 0 && bytes % UNITS[i] == 0) {
                return bytes / UNITS[i] + " " + UNIT_NAMES[i];
            }
        }
        return bytes + " bytes";
    }

    private static long roundUp(long bytes) {
        return Math.ceilDiv(bytes, MIB) * MIB;
    }

    private static void checkFits(long size, CapacityRange range, VolumeStyle style, int constituents) {
        long minimum = minimumBytes(style, constituents);
        long maximum = maximumBytes(style, constituents);
        String bounds = style == VolumeStyle.FLEXVOL
                ? "a FlexVol volume has %s to %s".formatted(describe(minimum), describe(maximum))
                : "a FlexGroup volume of %d constituents has %s to %s".formatted(constituents, describe(minimum), describe(maximum));
        if (size > maximum) {
            throw CsiException.outOfRange("capacity_range %s asks for %s (%d bytes), but %s", describe(range), describe(size), size,
                    bounds);
        }
        if (range.limitBytes() > 0 && size > range.limitBytes()) {
            throw CsiException.outOfRange("capacity_range %s: the smallest size that meets it is %s (%d bytes), above limit_bytes; "
                    + "%s, in whole MiB", describe(range), describe(size), size, bounds);
        }
    }

    private static String describe(CapacityRange range) {
        return "(required_bytes %d, limit_bytes %d)".formatted(range.requiredBytes(), range.limitBytes());
    }

    private static long checked(int constituents) {
        if (constituents < 1 || constituents > MAX_CONSTITUENTS) {
            throw new IllegalArgumentException("a FlexGroup has 1 to " + MAX_CONSTITUENTS + " constituents, not " + constituents);
        }
        return constituents;
    }
}
