package dev.polycsi.spi.controller;

import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.VolumeCapability;
import java.util.Map;

/** A validated ControllerPublishVolume. */
public record PublishRequest(
        String volumeId, String nodeId, VolumeCapability capability, boolean readonly, Map<String, String> volumeContext, Secrets secrets) {

    public PublishRequest {
        volumeContext = Map.copyOf(volumeContext);
    }
}
