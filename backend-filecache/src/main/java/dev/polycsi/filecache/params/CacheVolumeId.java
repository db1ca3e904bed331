package dev.polycsi.filecache.params;

import dev.polycsi.spi.CsiException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A cache volume's id: the cache ID, as aws-file-cache-csi-driver uses it for dynamic volumes and
 * as static PersistentVolumes give it ({@code volumeHandle: fc-0123456789abcdef0}).
 */
public record CacheVolumeId(String fileCacheId) {

    /** FSx's FileCacheId: fc- and 17 hex digits, or 8 as FSx's model also allows (as subnet and security group IDs once had). */
    static final Pattern FILE_CACHE_ID = Pattern.compile("fc-([0-9a-f]{8}|[0-9a-f]{17})");

    public CacheVolumeId {
        if (!FILE_CACHE_ID.matcher(fileCacheId).matches()) {
            throw new IllegalArgumentException("not an Amazon File Cache ID: " + fileCacheId);
        }
    }

    /** The id, or INVALID_ARGUMENT naming what is wrong. */
    public static CacheVolumeId parse(String volumeId) {
        return find(volumeId).orElseThrow(() -> CsiException.invalidArgument(
                "volume ID '%s' is not an Amazon File Cache ID (fc- and 17 hex digits, e.g. fc-0123456789abcdef0)", volumeId));
    }

    /** The id, or empty for one this backend never made (DeleteVolume answers those with success). */
    public static Optional<CacheVolumeId> find(String volumeId) {
        return FILE_CACHE_ID.matcher(volumeId).matches() ? Optional.of(new CacheVolumeId(volumeId)) : Optional.empty();
    }

    /**
     * Whether a handle without the {@code filecache:} prefix is a cache volume: the official
     * driver's {@code fc-…}, as static PersistentVolumes written for it give it. No other backend
     * issues ids of this form.
     */
    public static boolean isForeignHandle(String handle) {
        return find(handle).isPresent();
    }

    @Override
    public String toString() {
        return fileCacheId;
    }
}
