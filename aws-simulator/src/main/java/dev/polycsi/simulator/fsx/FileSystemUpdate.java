package dev.polycsi.simulator.fsx;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One UpdateFileSystem that FSx runs as a FILE_SYSTEM_UPDATE administrative action: a storage
 * capacity increase, or a change of the throughput tier and/or the metadata configuration. Its
 * phases are kept as the instants they end (so that states follow the clock, also across a
 * restart): PENDING until {@code inProgressAt}, IN_PROGRESS (the file system UPDATING) until
 * {@code updatedAt}, when the new values come into force; then UPDATED_OPTIMIZING until
 * {@code optimizedAt}, and COMPLETED.
 *
 * <ul>
 * <li>A capacity increase optimizes storage: while it is UPDATED_OPTIMIZING, a
 *     STORAGE_OPTIMIZATION action rebalances the data, and it disappears once the update is
 *     COMPLETED (the Lustre guide, "Managing storage capacity").</li>
 * <li>A throughput change may be UPDATED_OPTIMIZING too. The Lustre guide lists that status for
 *     throughput updates ("Monitoring throughput capacity changes") and waits for "the throughput
 *     optimization process" before the next change, but lists no separate action for it.</li>
 * <li>A metadata change goes from IN_PROGRESS straight to COMPLETED ("Monitoring metadata
 *     configuration updates"), so its {@code optimizedAt} is its {@code updatedAt}.</li>
 * </ul>
 *
 * <p>A failed update ends FAILED at {@code updatedAt} with its message; the file system keeps its
 * values, and nothing is optimized.
 *
 * @param targetCapacity   the GiB a capacity increase asks for
 * @param targetThroughput the MB/s/TiB a throughput change asks for
 * @param targetMetadata   the metadata configuration a metadata change asks for
 */
record FileSystemUpdate(Instant requestTime, Optional<Integer> targetCapacity, Optional<Integer> targetThroughput,
        Optional<MetadataConfiguration> targetMetadata, Instant inProgressAt, Instant updatedAt, Instant optimizedAt,
        Optional<String> failure) {

    static final String PENDING = "PENDING";
    static final String IN_PROGRESS = "IN_PROGRESS";
    static final String UPDATED_OPTIMIZING = "UPDATED_OPTIMIZING";
    static final String COMPLETED = "COMPLETED";
    static final String FAILED = "FAILED";

    FileSystemUpdate {
        if (targetCapacity.isEmpty() && targetThroughput.isEmpty() && targetMetadata.isEmpty()) {
            throw new IllegalArgumentException("an update changes the capacity, the throughput or the metadata configuration");
        }
    }

    /** The FILE_SYSTEM_UPDATE action's status. */
    String status(Instant now) {
        if (now.isBefore(inProgressAt)) {
            return PENDING;
        }
        if (now.isBefore(updatedAt)) {
            return IN_PROGRESS;
        }
        if (failure.isPresent()) {
            return FAILED;
        }
        return now.isBefore(optimizedAt) ? UPDATED_OPTIMIZING : COMPLETED;
    }

    /**
     * The STORAGE_OPTIMIZATION action's status while it is listed: PENDING, then IN_PROGRESS; a
     * capacity increase's only.
     */
    Optional<String> optimizationStatus(Instant now) {
        if (targetCapacity.isEmpty() || failure.isPresent() || !now.isBefore(optimizedAt)) {
            return Optional.empty();
        }
        return Optional.of(now.isBefore(updatedAt) ? PENDING : IN_PROGRESS);
    }

    /** Of the storage optimization: 0 until it starts, then rising with the time it has had, never 100 before it ends. */
    int progressPercent(Instant now) {
        if (now.isBefore(updatedAt)) {
            return 0;
        }
        Duration total = Duration.between(updatedAt, optimizedAt);
        if (total.isZero()) {
            return 100;
        }
        return (int) Math.clamp(Duration.between(updatedAt, now).toMillis() * 100 / total.toMillis(), 0, 99);
    }

    /** Until COMPLETED or FAILED no other update may start. */
    boolean inProgress(Instant now) {
        String status = status(now);
        return !status.equals(COMPLETED) && !status.equals(FAILED);
    }

    /** While FSx adds or switches file servers: the file system is UPDATING. */
    boolean updating(Instant now) {
        return !now.isBefore(inProgressAt) && now.isBefore(updatedAt);
    }

    /** Whether the new values are in force. */
    boolean applied(Instant now) {
        return failure.isEmpty() && !now.isBefore(updatedAt);
    }

    /** What an update changes, for messages: "storage capacity", "throughput capacity", "metadata configuration" or two of them. */
    static String describe(boolean capacity, boolean throughput, boolean metadata) {
        StringBuilder kind = new StringBuilder();
        if (capacity) {
            kind.append("storage capacity");
        }
        if (throughput) {
            kind.append(kind.isEmpty() ? "" : " and ").append("throughput capacity");
        }
        if (metadata) {
            kind.append(kind.isEmpty() ? "" : " and ").append("metadata configuration");
        }
        return kind.toString();
    }
}
