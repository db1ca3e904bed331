package dev.polycsi.fsx.lustre.cloud;

/** A file system's FileSystemLifecycle, with {@link #UNKNOWN} for a value newer than this code. */
public enum Lifecycle {
    AVAILABLE,
    CREATING,
    /** Creation failed, or an unrecoverable failure since; FailureDetails says why. */
    FAILED,
    DELETING,
    /** Failed but recoverable (e.g. FSx cannot reach the KMS key or the linked bucket); FailureDetails says why. */
    MISCONFIGURED,
    /** A customer update runs, e.g. the first phase of a storage capacity increase. */
    UPDATING,
    /** Windows file systems only; kept so that no FSx answer is mistaken for an unknown one. */
    MISCONFIGURED_UNAVAILABLE,
    UNKNOWN;

    /** The lifecycle FSx names so; {@link #UNKNOWN} for one it added after this code was written. */
    public static Lifecycle of(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        for (Lifecycle lifecycle : values()) {
            if (lifecycle.name().equals(value)) {
                return lifecycle;
            }
        }
        return UNKNOWN;
    }

    /** Whether the file system is, or may become, usable: the one a volume name stands for. */
    public boolean isLive() {
        return this == AVAILABLE || this == CREATING || this == UPDATING || this == MISCONFIGURED;
    }
}
