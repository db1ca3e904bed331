package dev.polycsi.simulator.ec2;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One EBS snapshot: pending until {@link #completedAt}, then completed; its state follows from the clock alone. */
final class Snapshot {

    final String id;
    final long sequence;
    final String volumeId;
    final int volumeSizeGiB;
    final String description;
    final String ownerId;
    final boolean encrypted;
    final String kmsKeyId;
    final Instant startTime;
    /** Describe calls do not see the snapshot before this (EC2's eventual consistency). */
    final Instant visibleAt;
    final Instant completedAt;
    final Map<String, String> tags = new LinkedHashMap<>();
    /** Set by LockSnapshot; null when never locked or unlocked since. */
    SnapshotLock lock;

    Snapshot(String id, long sequence, String volumeId, int volumeSizeGiB, String description, String ownerId, boolean encrypted,
            String kmsKeyId, Instant startTime, Instant visibleAt, Instant completedAt) {
        this.id = id;
        this.sequence = sequence;
        this.volumeId = volumeId;
        this.volumeSizeGiB = volumeSizeGiB;
        this.description = description;
        this.ownerId = ownerId;
        this.encrypted = encrypted;
        this.kmsKeyId = kmsKeyId;
        this.startTime = startTime;
        this.visibleAt = visibleAt;
        this.completedAt = completedAt;
    }

    boolean visible(Instant now) {
        return !now.isBefore(visibleAt);
    }

    boolean completed(Instant now) {
        return !now.isBefore(completedAt);
    }

    String status(Instant now) {
        return completed(now) ? "completed" : "pending";
    }

    /** As EC2 shows it, e.g. {@code 40%}. */
    String progress(Instant now) {
        long percent = completed(now) ? 100 : VolumeModification.percent(Duration.between(startTime, now), Duration.between(startTime, completedAt));
        return percent + "%";
    }
}
