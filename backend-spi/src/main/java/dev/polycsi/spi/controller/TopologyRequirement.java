package dev.polycsi.spi.controller;

import dev.polycsi.spi.Topology;
import java.util.List;

/** CSI accessibility_requirements: a volume must be reachable from one of {@code requisite}, preferably the first {@code preferred}. */
public record TopologyRequirement(List<Topology> requisite, List<Topology> preferred) {

    public static final TopologyRequirement NONE = new TopologyRequirement(List.of(), List.of());

    public TopologyRequirement {
        requisite = List.copyOf(requisite);
        preferred = List.copyOf(preferred);
    }

    public boolean isEmpty() {
        return requisite.isEmpty() && preferred.isEmpty();
    }
}
