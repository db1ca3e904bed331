package dev.polycsi.ebs.params;

import dev.polycsi.ebs.cloud.SnapshotLock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a VolumeSnapshotClass asks of a new snapshot.
 *
 * @param fastRestoreZones zones to enable fast snapshot restore in, not yet checked against the region's
 */
public record SnapshotSettings(Map<String, String> tags, Optional<String> outpostArn, List<String> fastRestoreZones,
        Optional<SnapshotLock> lock) {

    public SnapshotSettings {
        tags = Map.copyOf(tags);
        fastRestoreZones = List.copyOf(fastRestoreZones);
    }
}
