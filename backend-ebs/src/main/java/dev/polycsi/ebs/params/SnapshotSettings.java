package dev.polycsi.ebs.params;

import java.util.Map;
import java.util.Optional;

/** What a VolumeSnapshotClass asks of a new snapshot. */
public record SnapshotSettings(Map<String, String> tags, Optional<String> outpostArn) {

    public SnapshotSettings {
        tags = Map.copyOf(tags);
    }
}
