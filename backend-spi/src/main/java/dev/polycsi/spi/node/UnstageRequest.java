package dev.polycsi.spi.node;

import dev.polycsi.spi.Deadline;
import java.nio.file.Path;

/** A validated NodeUnstageVolume. Nothing staged there is success. */
public record UnstageRequest(String volumeId, Path stagingPath, Deadline deadline) {}
