package dev.polycsi.simulator.efs;

import java.time.Instant;

/**
 * When a resource was created, when it leaves {@code creating} for {@code available}, and
 * when Describe listings start to show it (the eventual-consistency window). States are
 * computed from the clock, so no timer threads are needed.
 */
record Lifecycle(Instant createdAt, Instant availableAt, Instant visibleAt) {

    static final String CREATING = "creating";
    static final String AVAILABLE = "available";

    String state(Instant now) {
        return now.isBefore(availableAt) ? CREATING : AVAILABLE;
    }

    boolean available(Instant now) {
        return !now.isBefore(availableAt);
    }

    boolean visible(Instant now) {
        return !now.isBefore(visibleAt);
    }
}
