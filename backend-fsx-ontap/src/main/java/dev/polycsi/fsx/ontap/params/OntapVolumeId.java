package dev.polycsi.fsx.ontap.params;

import dev.polycsi.spi.CsiException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Volume handles of {@code backend: fsx-ontap}: the FSx volume ID, {@code fsvol-} and 17 hex
 * digits, the same for dynamic volumes and for static PersistentVolumes
 * ({@code volumeHandle: fsx-ontap:fsvol-0123456789abcdef0}).
 */
public final class OntapVolumeId {

    /** FSx's VolumeId: exactly 23 characters. */
    static final Pattern VOLUME_ID = Pattern.compile("fsvol-[0-9a-f]{17}");

    private OntapVolumeId() {
    }

    /** The FSx volume ID, or empty for a handle this backend never issued (DeleteVolume answers those with success). */
    public static Optional<String> find(String handle) {
        return VOLUME_ID.matcher(handle).matches() ? Optional.of(handle) : Optional.empty();
    }

    /** The FSx volume ID, or INVALID_ARGUMENT saying what a handle looks like. */
    public static String parse(String handle) {
        return find(handle).orElseThrow(() -> CsiException.invalidArgument(
                "volume ID '%s' is not an FSx for ONTAP volume ID (fsvol- and 17 lower-case hex digits, e.g. "
                        + "fsvol-0123456789abcdef0)", handle));
    }

    /**
     * Whether a handle without the {@code fsx-ontap:} prefix is an FSx for ONTAP volume: a bare
     * {@code fsvol-…}, as a static PersistentVolume written by hand or for another driver gives
     * it. aws-fsx-openzfs-csi-driver's volume handles look the same; no backend here serves
     * OpenZFS, so a bare FSx volume ID is taken to be ONTAP's.
     */
    public static boolean isForeignHandle(String handle) {
        return find(handle).isPresent();
    }
}
