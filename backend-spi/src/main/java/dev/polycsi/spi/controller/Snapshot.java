package dev.polycsi.spi.controller;

import java.time.Instant;

/** A snapshot; ids are the backend's own. */
public record Snapshot(String id, String sourceVolumeId, long sizeBytes, Instant createdAt, boolean readyToUse) {}
