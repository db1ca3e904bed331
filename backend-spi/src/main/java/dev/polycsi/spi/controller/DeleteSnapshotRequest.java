package dev.polycsi.spi.controller;

import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.Secrets;

/** A validated DeleteSnapshot. An unknown snapshot is already deleted. */
public record DeleteSnapshotRequest(String snapshotId, Secrets secrets, Deadline deadline) {}
