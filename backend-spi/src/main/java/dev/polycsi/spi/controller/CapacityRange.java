package dev.polycsi.spi.controller;

import dev.polycsi.spi.CsiException;

/**
 * The size a volume may have. Zero means "not given", as in CSI.
 *
 * @param requiredBytes the volume must be at least this large
 * @param limitBytes    the volume must not be larger than this
 */
public record CapacityRange(long requiredBytes, long limitBytes) {

    public static final CapacityRange ANY = new CapacityRange(0, 0);

    public boolean isSet() {
        return requiredBytes > 0 || limitBytes > 0;
    }

    /**
     * The size to provision: {@code requiredBytes} (or {@code defaultBytes} when nothing is
     * given) rounded up to a multiple of {@code unitBytes}, checked against {@code limitBytes}.
     */
    public long resolve(long defaultBytes, long unitBytes) {
        long wanted = requiredBytes > 0 ? requiredBytes : defaultBytes;
        if (requiredBytes == 0 && limitBytes > 0) {
            wanted = Math.min(wanted, limitBytes);
        }
        long rounded;
        try {
            rounded = Math.multiplyExact(Math.ceilDiv(wanted, unitBytes), unitBytes);
        } catch (ArithmeticException overflow) {
            throw CsiException.outOfRange("capacity_range: %d bytes rounded up to whole %d-byte units is past the largest size there is",
                    wanted, unitBytes);
        }
        if (limitBytes > 0 && rounded > limitBytes) {
            throw CsiException.outOfRange(
                    "capacity_range: %d bytes rounded up to whole %d-byte units is %d, above limit_bytes %d",
                    wanted, unitBytes, rounded, limitBytes);
        }
        return rounded;
    }

    /** Whether an existing volume of this size satisfies the range. */
    public boolean accepts(long bytes) {
        return bytes >= requiredBytes && (limitBytes == 0 || bytes <= limitBytes);
    }
}
