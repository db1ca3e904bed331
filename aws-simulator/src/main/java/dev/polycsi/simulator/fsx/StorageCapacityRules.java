package dev.polycsi.simulator.fsx;

import java.util.Optional;

/**
 * Which storage capacities (GiB) a Lustre file system may have, at creation and when grown, by
 * deployment type, storage type and, for HDD, throughput tier (the FSx API reference's
 * StorageCapacity rules), and which a cache may have. The creation message is the one FSx answers, e.g. "Invalid Lustre FS
 * storage capacity: 3600. Must be 1200 or a multiple of 2400."
 */
final class StorageCapacityRules {

    private StorageCapacityRules() {
    }

    static void requireValidAtCreation(int capacity, DeploymentType deployment, StorageType storage, Optional<Integer> throughput) {
        if (storage == StorageType.HDD) {
            int increment = hddIncrement(throughput);
            if (capacity < increment || capacity % increment != 0) {
                throw invalid(capacity, "a multiple of " + increment);
            }
            return;
        }
        if (deployment == DeploymentType.SCRATCH_1) {
            if (capacity != 1200 && capacity != 2400 && (capacity <= 0 || capacity % 3600 != 0)) {
                throw invalid(capacity, "1200, 2400 or a multiple of 3600");
            }
            return;
        }
        if (capacity != 1200 && (capacity <= 0 || capacity % 2400 != 0)) {
            throw invalid(capacity, "1200 or a multiple of 2400");
        }
    }

    /** A cache (CreateFileCache): 1200 GiB, 2400 GiB or a multiple of 2400 GiB. */
    static void requireValidForCache(int capacity) {
        if (capacity != 1200 && (capacity <= 0 || capacity % 2400 != 0)) {
            throw FsxError.badRequest("Invalid File Cache storage capacity: %d. Must be 1200 or a multiple of 2400.", capacity);
        }
    }

    /** UpdateFileSystem: upward only, by the type's increment; SCRATCH_1 cannot grow at all. */
    static void requireValidIncrease(int current, int target, DeploymentType deployment, StorageType storage, Optional<Integer> throughput) {
        if (deployment == DeploymentType.SCRATCH_1) {
            throw FsxError.badRequest("Storage capacity increases are not supported for file systems with deployment type SCRATCH_1.");
        }
        if (target <= current) {
            throw FsxError.badRequest("The new storage capacity %d GiB must be greater than the current storage capacity %d GiB.", target, current);
        }
        int increment = storage == StorageType.HDD ? hddIncrement(throughput) : 2400;
        if (target % increment != 0) {
            throw FsxError.badRequest("Invalid Lustre FS storage capacity: %d. The new storage capacity must be a multiple of %d.", target,
                    increment);
        }
    }

    /** HDD grows in units of 6000 GiB at 12 MB/s/TiB and of 1800 GiB at 40 MB/s/TiB. */
    private static int hddIncrement(Optional<Integer> throughput) {
        return throughput.orElseThrow() == 12 ? 6000 : 1800;
    }

    private static FsxError invalid(int capacity, String allowed) {
        return FsxError.badRequest("Invalid Lustre FS storage capacity: %d. Must be %s.", capacity, allowed);
    }
}
