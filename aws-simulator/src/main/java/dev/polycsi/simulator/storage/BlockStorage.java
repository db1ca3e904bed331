package dev.polycsi.simulator.storage;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The data behind simulated EBS volumes and snapshots. The EC2 service calls it as volumes
 * change state; the real implementation keeps a sparse file per volume and shows an attached
 * volume as a loop device under its NVMe by-id name. Every method is idempotent.
 */
public interface BlockStorage {

    /** A new, blank volume, or a copy of a snapshot's data. */
    void create(String volumeId, long sizeBytes, Optional<String> fromSnapshotId);

    /** Removes the volume's data; it must be detached. */
    void delete(String volumeId);

    /** Makes the volume appear on this machine as a block device. */
    void attach(String volumeId);

    /** Removes the block device; the data stays. */
    void detach(String volumeId);

    /** Grows the volume (and its device, if attached). */
    void resize(String volumeId, long sizeBytes);

    /** Copies the volume's data as it is now. */
    void snapshot(String volumeId, String snapshotId);

    void deleteSnapshot(String snapshotId);

    /** The by-id path of the attached volume's device. */
    Optional<Path> devicePath(String volumeId);

    /** For API-only simulation: keeps nothing and shows no device. */
    BlockStorage NONE = new BlockStorage() {
        @Override
        public void create(String volumeId, long sizeBytes, Optional<String> fromSnapshotId) {
        }

        @Override
        public void delete(String volumeId) {
        }

        @Override
        public void attach(String volumeId) {
        }

        @Override
        public void detach(String volumeId) {
        }

        @Override
        public void resize(String volumeId, long sizeBytes) {
        }

        @Override
        public void snapshot(String volumeId, String snapshotId) {
        }

        @Override
        public void deleteSnapshot(String snapshotId) {
        }

        @Override
        public Optional<Path> devicePath(String volumeId) {
            return Optional.empty();
        }
    };
}
