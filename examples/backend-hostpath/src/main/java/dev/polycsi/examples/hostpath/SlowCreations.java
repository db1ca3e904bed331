package dev.polycsi.examples.hostpath;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The options {@code creation-delay} and {@code failing-creations}: creations that take as long
 * as a cloud's file systems do, and some that fail, to try out how the driver and the CO cope.
 * Off by default: volumes are then made within CreateVolume.
 */
final class SlowCreations {

    static final SlowCreations OFF = new SlowCreations(Duration.ZERO, 0, Clock.systemUTC());

    private final Duration delay;
    private final boolean enabled;
    private final AtomicLong failuresLeft;
    private final Clock clock;

    /** @param failing how many creations end FAILED: the first ones this process finishes */
    SlowCreations(Duration delay, long failing, Clock clock) {
        this.delay = delay;
        this.enabled = !delay.isZero() || failing > 0;
        this.failuresLeft = new AtomicLong(failing);
        this.clock = clock;
    }

    boolean enabled() {
        return enabled;
    }

    Clock clock() {
        return clock;
    }

    /** Whether the delay has passed since the volume's creation started, by the wall clock, which a restart keeps. */
    boolean isDue(VolumeRecord volume) {
        return !clock.instant().isBefore(volume.createdAt().plus(delay));
    }

    /** Whether the creation finishing now is one of those that fail. */
    boolean takeFailure() {
        return failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
    }
}
