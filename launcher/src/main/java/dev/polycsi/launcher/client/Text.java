package dev.polycsi.launcher.client;

import com.google.protobuf.Timestamp;
import csi.v1.Csi;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CSI messages as text for people: an id first (so {@code awk '{print $1}'} finds it), then
 * the parts that are set, two spaces apart.
 */
final class Text {

    private Text() {
    }

    /** Joins the parts that are not empty with two spaces. */
    static String line(String... parts) {
        List<String> present = new ArrayList<>();
        for (String part : parts) {
            if (part != null && !part.isEmpty()) {
                present.add(part);
            }
        }
        return String.join("  ", present);
    }

    /** "label: {k=v, …}", or nothing for an empty map. */
    static String labelled(String label, Map<String, String> map) {
        return map.isEmpty() ? "" : label + ": " + map;
    }

    /** A size CSI reports; 0 means unknown there. */
    static String bytes(long bytes) {
        return bytes == 0 ? "size unknown" : bytes + " bytes";
    }

    static String volume(Csi.Volume volume) {
        return line(volume.getVolumeId(), bytes(volume.getCapacityBytes()),
                topologies(volume.getAccessibleTopologyList()),
                labelled("context", volume.getVolumeContextMap()),
                volume.hasContentSource() ? "source: " + source(volume.getContentSource()) : "");
    }

    static String topologies(List<Csi.Topology> topologies) {
        return topologies.isEmpty() ? "" : "topology: " + topologies.stream()
                .map(topology -> topology.getSegmentsMap().toString())
                .collect(Collectors.joining(" "));
    }

    static String source(Csi.VolumeContentSource source) {
        return switch (source.getTypeCase()) {
            case SNAPSHOT -> "snapshot " + source.getSnapshot().getSnapshotId();
            case VOLUME -> "volume " + source.getVolume().getVolumeId();
            case TYPE_NOT_SET -> "(not set)";
        };
    }

    static String condition(Csi.VolumeCondition condition) {
        return condition.getAbnormal() ? "condition: abnormal: " + condition.getMessage() : "condition: normal";
    }

    static String snapshot(Csi.Snapshot snapshot) {
        return line(snapshot.getSnapshotId(), "source: " + snapshot.getSourceVolumeId(), bytes(snapshot.getSizeBytes()),
                snapshot.getReadyToUse() ? "ready" : "not ready",
                snapshot.hasCreationTime() ? "created " + instant(snapshot.getCreationTime()) : "",
                snapshot.getGroupSnapshotId().isEmpty() ? "" : "group: " + snapshot.getGroupSnapshotId());
    }

    static String instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos()).toString();
    }

    /** An enum value by name, or by number when this client is older than the plugin. */
    static String name(Enum<?> value, int number) {
        return value.name().equals("UNRECOGNIZED") ? "UNRECOGNIZED(" + number + ")" : value.name();
    }

    /** A page of a list, one line per entry, and the token of the next page when there is one. */
    static String page(List<String> entries, String nextToken) {
        List<String> lines = new ArrayList<>(entries);
        if (!nextToken.isEmpty()) {
            lines.add("next token: " + nextToken);
        }
        return String.join("\n", lines);
    }

    /** Where a volume is published and its condition, as ListVolumes and ControllerGetVolume report them. */
    static String status(List<String> publishedNodeIds, boolean hasCondition, Csi.VolumeCondition condition) {
        return line(publishedNodeIds.isEmpty() ? "" : "published on: " + String.join(", ", publishedNodeIds),
                hasCondition ? condition(condition) : "");
    }
}
