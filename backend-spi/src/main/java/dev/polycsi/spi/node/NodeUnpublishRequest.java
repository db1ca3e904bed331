package dev.polycsi.spi.node;

import dev.polycsi.spi.Deadline;
import java.nio.file.Path;

/** A validated NodeUnpublishVolume. Nothing published there is success. */
public record NodeUnpublishRequest(String volumeId, Path targetPath, Deadline deadline) {}
