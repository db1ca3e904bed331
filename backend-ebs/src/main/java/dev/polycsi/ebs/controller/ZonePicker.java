package dev.polycsi.ebs.controller;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Topology;
import dev.polycsi.spi.controller.TopologyRequirement;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Where a new volume goes: the first preferred zone, else the first requisite one, else the region's first zone. */
final class ZonePicker {

    /** The zone key the node reports and volumes carry. */
    /** aws-ebs-csi-driver's own key, still found in its users' requirements. */
    static final String LEGACY_ZONE_KEY = "topology.ebs.csi.aws.com/zone";

    private ZonePicker() {
    }

    static String pick(TopologyRequirement requirement, Supplier<List<String>> regionZones) {
        Optional<String> chosen = first(requirement.preferred()).or(() -> first(requirement.requisite()));
        if (chosen.isPresent()) {
            if (!allows(requirement, chosen.get())) {
                throw CsiException.invalidArgument("accessibility_requirements: preferred zone %s is not among the requisite ones",
                        chosen.get());
            }
            return chosen.get();
        }
        if (!requirement.requisite().isEmpty()) {
            throw CsiException.invalidArgument("accessibility_requirements: no segment names a zone (%s)", Topology.ZONE_KEY);
        }
        List<String> zones = regionZones.get();
        if (zones.isEmpty()) {
            throw CsiException.unavailable("EC2 reports no available zone in this region");
        }
        return zones.getFirst();
    }

    /** Whether a volume in {@code zone} satisfies the requisite topologies (any zone when there are none). */
    static boolean allows(TopologyRequirement requirement, String zone) {
        List<String> requisite = requirement.requisite().stream().map(ZonePicker::zoneOf).flatMap(Optional::stream).toList();
        return requisite.isEmpty() || requisite.contains(zone);
    }

    private static Optional<String> first(List<Topology> topologies) {
        return topologies.stream().map(ZonePicker::zoneOf).flatMap(Optional::stream).findFirst();
    }

    private static Optional<String> zoneOf(Topology topology) {
        return Optional.ofNullable(topology.get(Topology.ZONE_KEY)).or(() -> Optional.ofNullable(topology.get(LEGACY_ZONE_KEY)));
    }
}
