package dev.polycsi.fsx.lustre.params;

import dev.polycsi.spi.CsiException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Lustre volume's id: the file system ID, as aws-fsx-csi-driver uses it for dynamic volumes
 * and as static PersistentVolumes give it ({@code volumeHandle: fs-0199e5a63bd90f796}).
 */
public record LustreVolumeId(String fileSystemId) {

    /** FSx's FileSystemId: fs- and 8 (older) or 17 hex digits. */
    static final Pattern FILE_SYSTEM_ID = Pattern.compile("fs-[0-9a-f]{8,17}");

    public LustreVolumeId {
        if (!FILE_SYSTEM_ID.matcher(fileSystemId).matches()) {
            throw new IllegalArgumentException("not an FSx file system ID: " + fileSystemId);
        }
    }

    /** The id, or INVALID_ARGUMENT naming what is wrong. */
    public static LustreVolumeId parse(String volumeId) {
        return find(volumeId).orElseThrow(() -> CsiException.invalidArgument(
                "volume ID '%s' is not an FSx for Lustre file system ID (fs- and 8 or 17 hex digits, e.g. fs-0199e5a63bd90f796)",
                volumeId));
    }

    /** The id, or empty for one this backend never made (DeleteVolume answers those with success). */
    public static Optional<LustreVolumeId> find(String volumeId) {
        return FILE_SYSTEM_ID.matcher(volumeId).matches() ? Optional.of(new LustreVolumeId(volumeId)) : Optional.empty();
    }

    /**
     * Whether a handle without the {@code fsx-lustre:} prefix is a Lustre volume: the official
     * driver's {@code fs-…}, as static PersistentVolumes written for it give it. An EFS handle may
     * look the same ({@code fs-} and 17 hex digits); which backend takes a bare {@code fs-…} is the
     * driver's choice when both are enabled.
     */
    public static boolean isForeignHandle(String handle) {
        return find(handle).isPresent();
    }

    @Override
    public String toString() {
        return fileSystemId;
    }
}
