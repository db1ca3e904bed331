package dev.polycsi.spi.controller;

import dev.polycsi.spi.Deadline;

/**
 * One page of ListSnapshots. Empty filter ids mean "any"; ids are the backend's own.
 * {@code maxEntries} 0 means "as many as the backend likes"; a {@code startingToken} the
 * backend did not issue must be answered with ABORTED.
 */
public record ListSnapshotsRequest(String snapshotId, String sourceVolumeId, int maxEntries, String startingToken, Deadline deadline) {}
