package dev.polycsi.fsx.ontap.cloud;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * An FSx backup of an ONTAP volume: a CSI snapshot.
 *
 * @param volumeId    the volume it was taken of
 * @param sizeBytes   the volume's size when it was taken: the least a restore needs
 * @param failure     FSx's FailureDetails when the backup FAILED
 */
public record VolumeBackup(
        String id,
        String volumeId,
        Lifecycle lifecycle,
        long sizeBytes,
        Instant creationTime,
        Map<String, String> tags,
        Optional<String> failure) {

    public VolumeBackup {
        tags = Map.copyOf(tags);
    }

    /** FSx's BackupLifecycle. */
    public enum Lifecycle { CREATING, PENDING, TRANSFERRING, COPYING, AVAILABLE, FAILED, DELETED, UNKNOWN }

    public boolean available() {
        return lifecycle == Lifecycle.AVAILABLE;
    }
}
