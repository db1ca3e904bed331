package dev.polycsi.spi.controller;

import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.VolumeCapability;
import java.util.Optional;

/** A validated ControllerExpandVolume. */
public record ExpandVolumeRequest(
        String volumeId, CapacityRange capacity, Optional<VolumeCapability> capability, Secrets secrets, Deadline deadline) {}
