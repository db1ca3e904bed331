package dev.polycsi.filecache.cloud;

/** A cache's FileCacheLifecycle, with {@link #UNKNOWN} for a value newer than this code. File Cache has no MISCONFIGURED. */
public enum CacheLifecycle {
    AVAILABLE,
    CREATING,
    /** Creation failed; FailureDetails says why. */
    FAILED,
    DELETING,
    /** UpdateFileCache changes the maintenance window; the cache serves meanwhile. */
    UPDATING,
    UNKNOWN;

    /** The lifecycle FSx names so; {@link #UNKNOWN} for one it added after this code was written. */
    public static CacheLifecycle of(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        for (CacheLifecycle lifecycle : values()) {
            if (lifecycle.name().equals(value)) {
                return lifecycle;
            }
        }
        return UNKNOWN;
    }

    /** Whether the cache is, or may become, usable: the one a volume name stands for. */
    public boolean isLive() {
        return this == AVAILABLE || this == CREATING || this == UPDATING;
    }
}
