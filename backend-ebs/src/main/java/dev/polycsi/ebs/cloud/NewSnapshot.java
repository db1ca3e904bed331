package dev.polycsi.ebs.cloud;

import java.util.Map;
import java.util.Optional;

/**
 * A snapshot to create.
 *
 * @param name the CSI snapshot name, kept in the {@code CSIVolumeSnapshotName} tag
 * @param tags every tag to set, the name tag included
 */
public record NewSnapshot(String name, String volumeId, Map<String, String> tags, Optional<String> outpostArn) {

    public NewSnapshot {
        tags = Map.copyOf(tags);
    }
}
