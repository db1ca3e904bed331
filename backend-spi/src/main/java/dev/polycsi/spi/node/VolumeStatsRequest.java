package dev.polycsi.spi.node;

import dev.polycsi.spi.Deadline;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A validated NodeGetVolumeStats. The core has checked that {@code volumePath} is a mount
 * point (or, for raw block, a bind-mounted device file): the backend only measures.
 */
public record VolumeStatsRequest(String volumeId, Path volumePath, Optional<Path> stagingPath, Deadline deadline) {}
