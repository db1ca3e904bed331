package dev.polycsi.simulator.fsx;

/** The FileSystemLifecycle values a simulated Lustre file system passes through. */
enum Lifecycle {
    CREATING, AVAILABLE, UPDATING, DELETING, FAILED
}
