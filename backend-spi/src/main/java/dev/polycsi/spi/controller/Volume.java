package dev.polycsi.spi.controller;

import dev.polycsi.spi.Topology;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A volume as the backend knows it.
 *
 * @param id         the backend's own id; the core adds the {@code <backend>:} prefix
 * @param context    the volume context, handed back to the node on stage and publish
 * @param accessible where the volume can be used; empty if everywhere
 */
public record Volume(
        String id, long capacityBytes, Map<String, String> context, List<Topology> accessible, Optional<ContentSource> source) {

    public Volume {
        context = Map.copyOf(context);
        accessible = List.copyOf(accessible);
    }
}
