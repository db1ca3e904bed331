package dev.polycsi.simulator.fsx;

import java.time.Instant;
import java.util.Optional;

/**
 * A size change of an ONTAP volume, which FSx runs as a VOLUME_UPDATE administrative action:
 * PENDING until {@code inProgressAt}, IN_PROGRESS until {@code completedAt}, then COMPLETED with
 * the new size in force, or FAILED with its message and the size unchanged. The instants are fixed
 * when it is requested (knobs {@code delay.fsx.volume.pending} and {@code .updating}), so its
 * status follows the clock, also across a restart.
 */
record VolumeUpdate(Instant requestTime, long targetSizeInBytes, Instant inProgressAt, Instant completedAt, Optional<String> failure) {

    String status(Instant now) {
        if (now.isBefore(inProgressAt)) {
            return FileSystemUpdate.PENDING;
        }
        if (now.isBefore(completedAt)) {
            return FileSystemUpdate.IN_PROGRESS;
        }
        return failure.isPresent() ? FileSystemUpdate.FAILED : FileSystemUpdate.COMPLETED;
    }

    /** Until COMPLETED or FAILED no other size change may start. */
    boolean inProgress(Instant now) {
        return now.isBefore(completedAt);
    }

    boolean applied(Instant now) {
        return failure.isEmpty() && !now.isBefore(completedAt);
    }
}
