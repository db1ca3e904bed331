package dev.polycsi.ebs.params;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What a VolumeAttributesClass asks to change on an existing volume; empty fields stay as they are. */
public record VolumeChange(
        Optional<String> type,
        Optional<Integer> iops,
        Optional<Integer> throughput,
        Map<String, String> addTags,
        Set<String> removeTags) {

    public VolumeChange {
        addTags = Map.copyOf(addTags);
        removeTags = Set.copyOf(removeTags);
    }

    public boolean changesDisk() {
        return type.isPresent() || iops.isPresent() || throughput.isPresent();
    }
}
