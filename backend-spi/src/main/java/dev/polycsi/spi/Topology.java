package dev.polycsi.spi;

import java.util.Map;

/** A set of topology segments, e.g. {@code topology.kubernetes.io/zone=us-east-1a}. */
public record Topology(Map<String, String> segments) {

    /**
     * The segment key for availability zones, the one Kubernetes labels nodes with. Backends
     * whose volumes live in one zone report it in NodeGetInfo and in each volume's topology.
     */
    public static final String ZONE_KEY = "topology.kubernetes.io/zone";

    public Topology {
        segments = Map.copyOf(segments);
    }

    public static Topology of(String key, String value) {
        return new Topology(Map.of(key, value));
    }

    public static Topology zone(String zone) {
        return of(ZONE_KEY, zone);
    }

    public String get(String key) {
        return segments.get(key);
    }
}
