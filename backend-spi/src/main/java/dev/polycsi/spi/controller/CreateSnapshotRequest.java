package dev.polycsi.spi.controller;

import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.param.Parameters;

/** A validated CreateSnapshot; the same {@code name} must always lead to the same snapshot. */
public record CreateSnapshotRequest(String name, String sourceVolumeId, Parameters parameters, Secrets secrets, Deadline deadline) {}
