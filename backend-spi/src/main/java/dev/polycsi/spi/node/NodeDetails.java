package dev.polycsi.spi.node;

import java.util.Map;

/**
 * What a backend contributes to NodeGetInfo.
 *
 * @param topology   segments this node offers for the backend's volumes
 * @param maxVolumes how many of the backend's volumes this node can take; 0 for no limit
 */
public record NodeDetails(Map<String, String> topology, int maxVolumes) {

    public static final NodeDetails NONE = new NodeDetails(Map.of(), 0);

    public NodeDetails {
        topology = Map.copyOf(topology);
    }
}
