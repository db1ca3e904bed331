package dev.polycsi.spi.controller;

import dev.polycsi.spi.Deadline;

/**
 * One page of ListVolumes. {@code maxEntries} 0 means "as many as the backend likes"; a
 * {@code startingToken} the backend did not issue must be answered with ABORTED.
 */
public record ListVolumesRequest(int maxEntries, String startingToken, Deadline deadline) {}
