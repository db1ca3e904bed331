package dev.polycsi.simulator.ec2;

import dev.polycsi.simulator.storage.BlockStorage;
import java.util.Optional;

/**
 * The block data behind the API. Each call happens before the state changes, so that a failure
 * (a host tool failing, no root for loop devices) leaves the state as it was and reaches the
 * client as EC2's 500 InternalError naming the cause.
 */
final class StorageCalls {

    private final BlockStorage storage;

    StorageCalls(BlockStorage storage) {
        this.storage = storage;
    }

    void create(String volumeId, long sizeBytes, Optional<String> fromSnapshotId) {
        run("create " + volumeId, () -> storage.create(volumeId, sizeBytes, fromSnapshotId));
    }

    /** A copy of a volume through a transient snapshot: the storage knows only snapshot-to-volume copies. */
    void copy(String sourceVolumeId, String transientSnapshotId, String volumeId, long sizeBytes) {
        run("copy " + sourceVolumeId + " to " + volumeId, () -> {
            storage.snapshot(sourceVolumeId, transientSnapshotId);
            try {
                storage.create(volumeId, sizeBytes, Optional.of(transientSnapshotId));
            } finally {
                storage.deleteSnapshot(transientSnapshotId);
            }
        });
    }

    void delete(String volumeId) {
        run("delete " + volumeId, () -> storage.delete(volumeId));
    }

    void attach(String volumeId) {
        run("attach " + volumeId, () -> storage.attach(volumeId));
    }

    void detach(String volumeId) {
        run("detach " + volumeId, () -> storage.detach(volumeId));
    }

    void resize(String volumeId, long sizeBytes) {
        run("resize " + volumeId, () -> storage.resize(volumeId, sizeBytes));
    }

    void snapshot(String volumeId, String snapshotId) {
        run("snapshot " + volumeId, () -> storage.snapshot(volumeId, snapshotId));
    }

    void deleteSnapshot(String snapshotId) {
        run("delete " + snapshotId, () -> storage.deleteSnapshot(snapshotId));
    }

    private static void run(String what, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            throw Ec2Errors.internalError("The simulated block storage could not %s: %s", what, e.getMessage());
        }
    }
}
