package dev.polycsi.simulator.fsx;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A simulated FSx for Lustre file system. Its state is a function of the clock: the instants
 * at which creation, each update and deletion end are recorded when they start (from the delay
 * knobs then in force), so no timer runs and a restart loses nothing.
 *
 * @param sequence      creation order, which listings and their NextTokens follow
 * @param spec          what it was created with; the capacity, throughput and metadata
 *                      configuration in force are those of its latest applied updates
 * @param timeline      creation, failure, visibility and deletion
 * @param updates       its administrative actions (capacity, throughput and metadata updates), oldest first
 */
record FileSystem(long sequence, String id, LustreSpec spec, Placement placement, String mountName, List<Tag> tags, Timeline timeline,
        List<FileSystemUpdate> updates) implements FsxFileSystem {

    FileSystem {
        tags = List.copyOf(tags);
        updates = List.copyOf(updates);
    }

    /** The timeline's lifecycle, UPDATING while an update adds or switches file servers. */
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
        return inForce(now, FileSystemUpdate::targetCapacity).orElse(spec.storageCapacity());
    }

    /** The throughput tier in force: the latest applied change's, else the one created with. */
    Optional<Integer> perUnitStorageThroughput(Instant now) {
        return inForce(now, FileSystemUpdate::targetThroughput).or(spec::perUnitStorageThroughput);
    }

    /** The metadata configuration in force: the latest applied change's, else the one created with. */
    Optional<MetadataConfiguration> metadata(Instant now) {
        return inForce(now, FileSystemUpdate::targetMetadata).or(spec::metadata);
    }

    private <T> Optional<T> inForce(Instant now, Function<FileSystemUpdate, Optional<T>> target) {
        return updates.reversed().stream().filter(update -> update.applied(now)).map(target).flatMap(Optional::stream).findFirst();
    }

    Optional<FileSystemUpdate> latestUpdate() {
        return updates.isEmpty() ? Optional.empty() : Optional.of(updates.getLast());
    }

    /** The latest update that {@code matches}, e.g. the latest that changed the throughput. */
    Optional<FileSystemUpdate> latestUpdate(Predicate<FileSystemUpdate> matches) {
        return updates.reversed().stream().filter(matches).findFirst();
    }

    FileSystem withTags(List<Tag> newTags) {
        return new FileSystem(sequence, id, spec, placement, mountName, newTags, timeline, updates);
    }

    FileSystem withSpec(LustreSpec newSpec) {
        return new FileSystem(sequence, id, newSpec, placement, mountName, tags, timeline, updates);
    }

    FileSystem withUpdate(FileSystemUpdate update) {
        List<FileSystemUpdate> all = new ArrayList<>(updates);
        all.add(update);
        return new FileSystem(sequence, id, spec, placement, mountName, tags, timeline, all);
    }

    FileSystem deleting(Instant now, Instant goneAt) {
        return new FileSystem(sequence, id, spec, placement, mountName, tags, timeline.deleting(now, goneAt), updates);
    }
}
