package dev.polycsi.ebs.cloud;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot to create.
 *
 * @param name the CSI snapshot name, kept in the {@code CSIVolumeSnapshotName} tag
 * @param tags every tag to set, the name tag included
 * @param fastRestoreZones zones to enable fast snapshot restore in, once the snapshot exists
 * @param lock a lock to put on the snapshot, last
 */
public record NewSnapshot(String name, String volumeId, Map<String, String> tags, Optional<String> outpostArn,
        List<String> fastRestoreZones, Optional<SnapshotLock> lock) {

    public NewSnapshot {
        tags = Map.copyOf(tags);
        fastRestoreZones = List.copyOf(fastRestoreZones);
    }

    /** A plain snapshot: no fast snapshot restore, no lock. */
    public NewSnapshot(String name, String volumeId, Map<String, String> tags, Optional<String> outpostArn) {
        this(name, volumeId, tags, outpostArn, List.of(), Optional.empty());
    }
}
