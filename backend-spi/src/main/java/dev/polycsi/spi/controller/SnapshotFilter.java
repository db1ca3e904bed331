package dev.polycsi.spi.controller;

/** ListSnapshots filters: empty strings mean "any". Ids are the backend's own. */
public record SnapshotFilter(String snapshotId, String sourceVolumeId) {}
