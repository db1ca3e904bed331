package dev.polycsi.spi.node;

import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.controller.CapacityRange;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A validated NodeExpandVolume. The core has checked that something is published or staged at
 * {@code volumePath}.
 */
public record NodeExpandRequest(
        String volumeId, Path volumePath, Optional<Path> stagingPath, CapacityRange capacity,
        Optional<VolumeCapability> capability, Deadline deadline) {}
