package dev.polycsi.spi.controller;

import dev.polycsi.spi.Deadline;

/** A look-up of one volume, for ValidateVolumeCapabilities, ControllerGetVolume and NOT_FOUND checks. */
public record GetVolumeRequest(String volumeId, Deadline deadline) {}
