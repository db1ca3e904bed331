package dev.polycsi.fsx.lustre.params;

import java.util.List;

/** FSx for Lustre's LustreDeploymentType; the names are the API's values. */
public enum DeploymentType {
    SCRATCH_1,
    SCRATCH_2,
    PERSISTENT_1,
    PERSISTENT_2;

    /** What FSx creates when CreateFileSystem names no deployment type. */
    public static final DeploymentType FSX_DEFAULT = SCRATCH_1;

    public boolean isPersistent() {
        return this == PERSISTENT_1 || this == PERSISTENT_2;
    }

    /**
     * The PerUnitStorageThroughput values (MB/s per TiB) FSx accepts for this deployment type on
     * {@code storage}; empty where it takes none (scratch) or where the pair does not exist.
     */
    public List<Integer> throughputs(StorageType storage) {
        return switch (this) {
            case SCRATCH_1, SCRATCH_2 -> List.of();
            case PERSISTENT_1 -> storage == StorageType.HDD ? List.of(12, 40) : List.of(50, 100, 200);
            case PERSISTENT_2 -> storage == StorageType.SSD ? List.of(125, 250, 500, 1000) : List.of();
        };
    }
}
