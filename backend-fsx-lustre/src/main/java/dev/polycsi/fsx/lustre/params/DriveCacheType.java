package dev.polycsi.fsx.lustre.params;

/** The read cache of a PERSISTENT_1 HDD file system: none, or SSD for up to 20% of the capacity. */
public enum DriveCacheType {
    NONE,
    READ
}
