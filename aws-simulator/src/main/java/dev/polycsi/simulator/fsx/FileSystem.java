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
 * @param timeline      creation, failure, visibility and deletion
 * @param updates       capacity increases, oldest first
 */
record FileSystem(long sequence, String id, LustreSpec spec, Placement placement, String mountName, List<Tag> tags, Timeline timeline,
        List<CapacityUpdate> updates) {

    FileSystem {
        tags = List.copyOf(tags);
        updates = List.copyOf(updates);
    }

    /** The timeline's lifecycle, UPDATING while a capacity increase adds servers. */
    Lifecycle lifecycle(Instant now) {
        Lifecycle lifecycle = timeline.lifecycle(now);
        if (lifecycle == Lifecycle.AVAILABLE && updates.stream().anyMatch(update -> update.updating(now))) {
            return Lifecycle.UPDATING;
        }
        return lifecycle;
    }

    boolean gone(Instant now) {
        return timeline.gone(now);
    }

    boolean visible(Instant now) {
        return timeline.visible(now);
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
        return new FileSystem(sequence, id, spec, placement, mountName, newTags, timeline, updates);
    }

    FileSystem withSpec(LustreSpec newSpec) {
        return new FileSystem(sequence, id, newSpec, placement, mountName, tags, timeline, updates);
    }

    FileSystem withUpdate(CapacityUpdate update) {
        List<CapacityUpdate> all = new ArrayList<>(updates);
        all.add(update);
        return new FileSystem(sequence, id, spec, placement, mountName, tags, timeline, all);
    }

    FileSystem deleting(Instant now, Instant goneAt) {
        return new FileSystem(sequence, id, spec, placement, mountName, tags, timeline.deleting(now, goneAt), updates);
    }
}
