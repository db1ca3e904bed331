package dev.polycsi.simulator.ec2;

import java.time.Duration;
import java.time.Instant;

/**
 * A volume's latest modification: modifying, then optimizing (when the volume takes on the
 * target attributes, as EBS applies a size change at optimizing), then completed.
 */
final class VolumeModification {

    enum State {
        MODIFYING, OPTIMIZING, COMPLETED;

        String wireName() {
            return name().toLowerCase();
        }

        boolean inProgress() {
            return this != COMPLETED;
        }
    }

    final String volumeId;
    final VolumeSpec original;
    final VolumeSpec target;
    final Instant startTime;
    final Instant optimizingAt;
    final Instant completedAt;
    State state = State.MODIFYING;

    VolumeModification(String volumeId, VolumeSpec original, VolumeSpec target, Instant startTime, Instant optimizingAt, Instant completedAt) {
        this.volumeId = volumeId;
        this.original = original;
        this.target = target;
        this.startTime = startTime;
        this.optimizingAt = optimizingAt;
        this.completedAt = completedAt;
    }

    /** Advances to {@code now}, giving the volume its new attributes on reaching optimizing. */
    void settle(Instant now, Volume volume) {
        if (state == State.MODIFYING && !now.isBefore(optimizingAt)) {
            state = State.OPTIMIZING;
            volume.spec = target;
        }
        if (state == State.OPTIMIZING && !now.isBefore(completedAt)) {
            state = State.COMPLETED;
        }
    }

    Instant endTime() {
        return state == State.COMPLETED ? completedAt : null;
    }

    /** 0 while modifying, then rising through optimizing to 100. */
    long progress(Instant now) {
        return switch (state) {
            case MODIFYING -> 0;
            case COMPLETED -> 100;
            case OPTIMIZING -> percent(Duration.between(optimizingAt, now), Duration.between(optimizingAt, completedAt));
        };
    }

    static long percent(Duration elapsed, Duration total) {
        if (total.isZero() || total.isNegative()) {
            return 100;
        }
        return Math.clamp(elapsed.toMillis() * 100 / total.toMillis(), 0, 99);
    }
}
