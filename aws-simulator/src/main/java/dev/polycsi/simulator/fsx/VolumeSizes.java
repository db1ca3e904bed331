package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.json.JsonRequest;
import java.util.Optional;

/**
 * An ONTAP volume's size: SizeInMegabytes (int, MiB; the model says "use SizeInBytes instead") or
 * SizeInBytes, one of them, and FSx's bounds: a FlexVol volume 20 MiB to 314,572,800 MiB (300
 * TiB), a FlexGroup volume at least 100 GiB per constituent and at most 20 PiB; both on creation
 * and on a resize.
 */
final class VolumeSizes {

    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;
    static final long FLEXVOL_MIN = 20 * MIB;
    static final long FLEXVOL_MAX = 314_572_800L * MIB;
    static final long FLEXGROUP_MIN_PER_CONSTITUENT = 100 * GIB;
    static final long FLEXGROUP_MAX = 20L << 50;
    /** The model's bound on SizeInBytes, a little under 20 PiB. */
    static final long MAX_SIZE_IN_BYTES = 22_517_998_000_000_000L;

    private VolumeSizes() {
    }

    /** The size the request gives, in bytes; BadRequest for both members or, if {@code required}, neither. */
    static Optional<Long> read(JsonRequest ontap, boolean required) {
        Optional<Long> megabytes = ontap.integer("SizeInMegabytes");
        Optional<Long> bytes = ontap.integer("SizeInBytes");
        if (megabytes.isPresent() && bytes.isPresent()) {
            throw FsxError.badRequest("Give either SizeInMegabytes or SizeInBytes, not both.");
        }
        if (required && megabytes.isEmpty() && bytes.isEmpty()) {
            throw FsxError.badRequest("SizeInMegabytes or SizeInBytes is required.");
        }
        megabytes.filter(value -> value < 0 || value > Integer.MAX_VALUE).ifPresent(value -> {
            throw FsxError.badRequest("SizeInMegabytes must be between 0 and %d, not %d.", Integer.MAX_VALUE, value);
        });
        bytes.filter(value -> value < 0 || value > MAX_SIZE_IN_BYTES).ifPresent(value -> {
            throw FsxError.badRequest("SizeInBytes must be between 0 and %d, not %d.", MAX_SIZE_IN_BYTES, value);
        });
        return megabytes.map(value -> value * MIB).or(() -> bytes);
    }

    /** Within the bounds of its style: {@code flexGroup}'s constituents set a FlexGroup volume's minimum. */
    static void requireValid(long sizeInBytes, Optional<FlexGroupLayout> flexGroup) {
        if (flexGroup.isEmpty()) {
            if (sizeInBytes < FLEXVOL_MIN || sizeInBytes > FLEXVOL_MAX) {
                throw FsxError.badRequest("A FLEXVOL volume must be 20 MiB to 314572800 MiB (300 TiB), not %d bytes.", sizeInBytes);
            }
            return;
        }
        int constituents = flexGroup.get().totalConstituents();
        long min = constituents * FLEXGROUP_MIN_PER_CONSTITUENT;
        if (sizeInBytes < min || sizeInBytes > FLEXGROUP_MAX) {
            throw FsxError.badRequest("A FLEXGROUP volume of %d constituents must be %d GiB (100 GiB per constituent) to 20 PiB, not %d bytes.",
                    constituents, min / GIB, sizeInBytes);
        }
    }

    /** SizeInMegabytes as FSx shows it: whole MiB, rounded up; none past the int it is (FlexGroup volumes above 2 PiB). */
    static Optional<Integer> megabytes(long sizeInBytes) {
        long megabytes = (sizeInBytes + MIB - 1) / MIB;
        return megabytes > Integer.MAX_VALUE ? Optional.empty() : Optional.of((int) megabytes);
    }
}
