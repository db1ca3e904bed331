package dev.polycsi.simulator.fsx;

import java.time.Instant;
import java.util.Optional;

/**
 * When an FSx resource (a file system, a cache) was created, when its creation ends, when
 * listings start to show it, whether it ends FAILED, and its deletion: the instants are fixed
 * when each transition starts (from the knobs then in force), so the lifecycle is a function of
 * the clock and a restart loses nothing.
 *
 * @param availableAt   when CREATING ends, in AVAILABLE or, with {@code createFailure}, FAILED
 * @param visibleAt     when Describe starts to list it (the consistency window)
 * @param deletion      when it was asked to go, and when it is gone
 */
record Timeline(Instant createdAt, Instant availableAt, Instant visibleAt, Optional<String> createFailure, Optional<Deletion> deletion) {

    /** DELETING from {@code requestedAt}; gone from Describe at {@code goneAt}. */
    record Deletion(Instant requestedAt, Instant goneAt) {}

    /** CREATING, then AVAILABLE or FAILED, and DELETING once asked to go. */
    Lifecycle lifecycle(Instant now) {
        if (deletion.isPresent()) {
            return Lifecycle.DELETING;
        }
        if (now.isBefore(availableAt)) {
            return Lifecycle.CREATING;
        }
        return createFailure.isPresent() ? Lifecycle.FAILED : Lifecycle.AVAILABLE;
    }

    boolean gone(Instant now) {
        return deletion.filter(d -> !now.isBefore(d.goneAt())).isPresent();
    }

    boolean visible(Instant now) {
        return !now.isBefore(visibleAt) && !gone(now);
    }

    Timeline deleting(Instant now, Instant goneAt) {
        return new Timeline(createdAt, availableAt, visibleAt, createFailure, Optional.of(new Deletion(now, goneAt)));
    }
}
