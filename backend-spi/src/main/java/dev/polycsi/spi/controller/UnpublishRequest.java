package dev.polycsi.spi.controller;

import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.Secrets;

/**
 * A validated ControllerUnpublishVolume. An empty {@code nodeId} means "from every node".
 * Already detached, or an unknown volume or node, is success.
 */
public record UnpublishRequest(String volumeId, String nodeId, Secrets secrets, Deadline deadline) {}
