package dev.polycsi.spi.controller;

import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.Topology;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.param.Parameters;
import java.util.Optional;

/**
 * A validated GetCapacity: how many bytes a new volume with these parameters could have.
 *
 * @param topology the segment the CO asks about (CSI accessible_topology); empty for "anywhere"
 */
public record CapacityRequest(
        Parameters parameters, Optional<VolumeCapability> capability, Optional<Topology> topology, Deadline deadline) {}
