package dev.polycsi.spi.controller;

import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.Secrets;

/** A validated DeleteVolume. A volume that does not exist is already deleted. */
public record DeleteVolumeRequest(String volumeId, Secrets secrets, Deadline deadline) {}
