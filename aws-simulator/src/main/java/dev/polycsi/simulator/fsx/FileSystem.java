package dev.polycsi.simulator.fsx;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A simulated FSx for Lustre file system. Its state is a function of the clock: the instants
 * at which creation, each capacity update and deletion end are recorded when they start (from
 * the delay knobs then in force), so no timer runs and a restart loses nothing.
 *
 * @param sequence      creation order, which listings and their NextTokens follow
 * @param availableAt   when CREATING ends, in AVAILABLE or, with {@code createFailure}, FAILED
 * @param visibleAt     when Describe starts to list it (the consistency window)
 * @param updates       capacity increases, oldest first
 * @param deletion      when it was asked to go, and when it is gone
 */
record FileSystem(long sequence, String id, LustreSpec spec, Placement placement, String mountName, List<Tag> tags,
        Instant createdAt, Instant availableAt, Instant visibleAt, Optional<String> createFailure, List<CapacityUpdate> updates,
        Optional<Deletion> deletion) {

    /** DELETING from {@code requestedAt}; gone from Describe at {@code goneAt}. */
    record Deletion(Instant requestedAt, Instant goneAt) {}

    FileSystem {
        tags = List.copyOf(tags);
        updates = List.copyOf(updates);
    }

    Lifecycle lifecycle(Instant now) {
        if (deletion.isPresent()) {
            return Lifecycle.DELETING;
        }
        if (now.isBefore(availableAt)) {
            return Lifecycle.CREATING;
        }
        if (createFailure.isPresent()) {
            return Lifecycle.FAILED;
        }
        return updates.stream().anyMatch(update -> update.updating(now)) ? Lifecycle.UPDATING : Lifecycle.AVAILABLE;
    }

    boolean gone(Instant now) {
        return deletion.filter(d -> !now.isBefore(d.goneAt())).isPresent();
    }

    boolean visible(Instant now) {
        return !now.isBefore(visibleAt) && !gone(now);
    }

    /** The capacity in force: the latest applied increase's target, else the one created with. */
    int storageCapacity(Instant now) {
        return updates.reversed().stream().filter(update -> update.applied(now)).findFirst()
                .map(CapacityUpdate::targetCapacity).orElse(spec.storageCapacity());
    }

    Optional<CapacityUpdate> latestUpdate() {
        return updates.isEmpty() ? Optional.empty() : Optional.of(updates.getLast());
    }

    FileSystem withTags(List<Tag> newTags) {
        return new FileSystem(sequence, id, spec, placement, mountName, newTags, createdAt, availableAt, visibleAt, createFailure, updates,
                deletion);
    }

    FileSystem withSpec(LustreSpec newSpec) {
        return new FileSystem(sequence, id, newSpec, placement, mountName, tags, createdAt, availableAt, visibleAt, createFailure, updates,
                deletion);
    }

    FileSystem withUpdate(CapacityUpdate update) {
        List<CapacityUpdate> all = new ArrayList<>(updates);
        all.add(update);
        return new FileSystem(sequence, id, spec, placement, mountName, tags, createdAt, availableAt, visibleAt, createFailure, all,
                deletion);
    }

    FileSystem deleting(Instant now, Instant goneAt) {
        return new FileSystem(sequence, id, spec, placement, mountName, tags, createdAt, availableAt, visibleAt, createFailure, updates,
                Optional.of(new Deletion(now, goneAt)));
    }
}
