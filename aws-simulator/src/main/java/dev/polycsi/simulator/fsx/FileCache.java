package dev.polycsi.simulator.fsx;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A simulated Amazon File Cache: a Lustre 2.12 file system in front of data repositories, CREATING
 * until {@code delay.fsx.cache.available} has passed, then AVAILABLE (or FAILED with the
 * {@code fail.fsx.cache.create} message), DELETING until {@code delay.fsx.cache.deleting} has passed.
 *
 * @param sequence     creation order, which listings and their NextTokens follow
 * @param associations its data repository associations, in the order they were asked for
 */
record FileCache(long sequence, String id, FileCacheSpec spec, Placement placement, String mountName, List<Tag> tags, Timeline timeline,
        List<CacheAssociation> associations) {

    /** One of a cache's associations, with the cache whose lifecycle it shares. */
    record Linked(FileCache cache, CacheAssociation association) {}

    FileCache {
        tags = List.copyOf(tags);
        associations = List.copyOf(associations);
    }

    Lifecycle lifecycle(Instant now) {
        return timeline.lifecycle(now);
    }

    boolean gone(Instant now) {
        return timeline.gone(now);
    }

    boolean visible(Instant now) {
        return timeline.visible(now);
    }

    Optional<CacheAssociation> association(String associationId) {
        return associations.stream().filter(association -> association.id().equals(associationId)).findFirst();
    }

    FileCache withTags(List<Tag> newTags) {
        return new FileCache(sequence, id, spec, placement, mountName, newTags, timeline, associations);
    }

    FileCache withAssociation(CacheAssociation changed) {
        List<CacheAssociation> all = new ArrayList<>(associations);
        all.replaceAll(association -> association.id().equals(changed.id()) ? changed : association);
        return new FileCache(sequence, id, spec, placement, mountName, tags, timeline, all);
    }

    FileCache deleting(Instant now, Instant goneAt) {
        return new FileCache(sequence, id, spec, placement, mountName, tags, timeline.deleting(now, goneAt), associations);
    }
}
