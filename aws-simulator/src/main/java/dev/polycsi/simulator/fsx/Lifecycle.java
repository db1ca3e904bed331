package dev.polycsi.simulator.fsx;

/** The FileSystemLifecycle values a simulated Lustre file system passes through, and the FileCacheLifecycle values of a cache (never UPDATING). */
enum Lifecycle {
    CREATING, AVAILABLE, UPDATING, DELETING, FAILED
}
