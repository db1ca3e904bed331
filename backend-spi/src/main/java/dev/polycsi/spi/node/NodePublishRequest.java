package dev.polycsi.spi.node;

import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.VolumeCapability;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A validated NodePublishVolume: make the volume usable by a pod at {@code targetPath}.
 * {@code stagingPath} is present when the backend stages volumes.
 */
public record NodePublishRequest(
        String volumeId,
        Optional<Path> stagingPath,
        Path targetPath,
        VolumeCapability capability,
        boolean readonly,
        Map<String, String> publishContext,
        Map<String, String> volumeContext,
        Secrets secrets,
        Deadline deadline) {

    public NodePublishRequest {
        publishContext = Map.copyOf(publishContext);
        volumeContext = Map.copyOf(volumeContext);
    }
}
