package dev.polycsi.spi;

import java.util.Map;

/** A set of topology segments, e.g. {@code topology.kubernetes.io/zone=us-east-1a}. */
public record Topology(Map<String, String> segments) {

    public Topology {
        segments = Map.copyOf(segments);
    }

    public static Topology of(String key, String value) {
        return new Topology(Map.of(key, value));
    }

    public String get(String key) {
        return segments.get(key);
    }
}
