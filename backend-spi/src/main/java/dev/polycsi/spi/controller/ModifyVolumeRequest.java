package dev.polycsi.spi.controller;

import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.param.Parameters;

/**
 * A validated ControllerModifyVolume with at least one mutable parameter (the core answers an
 * empty one itself).
 */
public record ModifyVolumeRequest(String volumeId, Parameters mutableParameters, Secrets secrets, Deadline deadline) {}
