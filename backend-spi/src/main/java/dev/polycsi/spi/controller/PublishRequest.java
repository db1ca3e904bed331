package dev.polycsi.spi.controller;

import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.VolumeCapability;
import java.util.Map;

/**
 * A validated ControllerPublishVolume. The core answers ALREADY_EXISTS itself when the volume is
 * already published to the node with another capability or read-only flag.
 */
public record PublishRequest(
        String volumeId, String nodeId, VolumeCapability capability, boolean readonly, Map<String, String> volumeContext,
        Secrets secrets, Deadline deadline) {

    public PublishRequest {
        volumeContext = Map.copyOf(volumeContext);
    }
}
