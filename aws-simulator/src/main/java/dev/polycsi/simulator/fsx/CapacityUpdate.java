package dev.polycsi.simulator.fsx;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One storage capacity increase and the two administrative actions FSx shows for it, as the
 * instants its phases end (so that states follow the clock, also across a restart):
 * FILE_SYSTEM_UPDATE is PENDING until {@code inProgressAt}, IN_PROGRESS (the file system
 * UPDATING) until {@code updatedAt}, then UPDATED_OPTIMIZING with the new capacity in force while
 * STORAGE_OPTIMIZATION runs until {@code optimizedAt}, then COMPLETED, and the
 * STORAGE_OPTIMIZATION entry is gone. A failed update ends FAILED at {@code updatedAt} with its
 * message, the capacity unchanged and no optimization.
 */
record CapacityUpdate(Instant requestTime, int targetCapacity, Instant inProgressAt, Instant updatedAt, Instant optimizedAt,
        Optional<String> failure) {

    static final String PENDING = "PENDING";
    static final String IN_PROGRESS = "IN_PROGRESS";
    static final String UPDATED_OPTIMIZING = "UPDATED_OPTIMIZING";
    static final String COMPLETED = "COMPLETED";
    static final String FAILED = "FAILED";

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

    /** The STORAGE_OPTIMIZATION action's status while it is listed: PENDING, then IN_PROGRESS. */
    Optional<String> optimizationStatus(Instant now) {
        if (failure.isPresent() || !now.isBefore(optimizedAt)) {
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

    /** While the file servers are added: the file system is UPDATING. */
    boolean updating(Instant now) {
        return !now.isBefore(inProgressAt) && now.isBefore(updatedAt);
    }

    /** Whether the new capacity is in force. */
    boolean applied(Instant now) {
        return failure.isEmpty() && !now.isBefore(updatedAt);
    }
}
