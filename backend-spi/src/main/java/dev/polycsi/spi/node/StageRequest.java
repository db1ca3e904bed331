package dev.polycsi.spi.node;

import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.VolumeCapability;
import java.nio.file.Path;
import java.util.Map;

/** A validated NodeStageVolume: make the volume ready on this node at {@code stagingPath}. */
public record StageRequest(
        String volumeId,
        Path stagingPath,
        VolumeCapability capability,
        Map<String, String> publishContext,
        Map<String, String> volumeContext,
        Secrets secrets,
        Deadline deadline) {

    public StageRequest {
        publishContext = Map.copyOf(publishContext);
        volumeContext = Map.copyOf(volumeContext);
    }
}
