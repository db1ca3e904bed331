package dev.polycsi.ebs.params;

import dev.polycsi.spi.CsiException;

/**
 * The IOPS a volume type may provision: at least {@code min}, at most {@code max}, and at most
 * {@code perGiB} per GiB of size. The fallback values are aws-ebs-csi-driver's; EC2 raises its
 * maxima from time to time, so a controller that learns the real ones may pass its own.
 */
public record IopsLimits(int min, int max, int perGiB) {

    public IopsLimits {
        if (min < 1 || max < min || perGiB < 1) {
            throw new IllegalArgumentException("IOPS limits need 1 <= min <= max and perGiB >= 1, got " + min + "/" + max + "/" + perGiB);
        }
    }

    /**
     * The IOPS to provision for {@code requested} on a volume of {@code sizeGiB}, as the official
     * driver's capIOPS computes it: capped at {@code max} and at {@code perGiB × size}, but never
     * below {@code min}, since EC2 lets every volume have its minimum; below
     * {@code min} it is raised to {@code min} if {@code allowIncrease}, else INVALID_ARGUMENT naming
     * {@code key}.
     */
    public int provisioned(long requested, long sizeGiB, boolean allowIncrease, String key, VolumeType type) {
        long iops = requested;
        if (iops < min) {
            if (!allowIncrease) {
                throw CsiException.invalidArgument(
                        "parameter '%s': %d IOPS for a %d GiB %s volume is below the minimum of %d; raise it, or set allowAutoIOPSPerGBIncrease=\"true\" to get %d",
                        key, iops, sizeGiB, type, min, min);
            }
            iops = min;
        }
        // EC2 grants every volume the type's minimum whatever its size (gp3's 3000 baseline even on 1 GiB),
        // so the per-GiB cap never goes below it. The official driver skips the cap in that case and
        // passes on a value EC2 refuses (16000 IOPS on a 4 GiB gp3); capping at the minimum is what EC2 allows.
        long byCapacity = Math.max(min, perGiB * sizeGiB);
        return (int) Math.min(iops, Math.min(max, byCapacity));
    }
}
