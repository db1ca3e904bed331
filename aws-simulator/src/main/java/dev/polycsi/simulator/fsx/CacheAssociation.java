package dev.polycsi.simulator.fsx;

import java.util.List;

/**
 * A data repository association made with its cache. It cannot be changed or deleted on its
 * own (FSx links repositories to a cache only at creation): its lifecycle is its cache's, and it
 * goes with it.
 *
 * @param sequence order of creation, which listings and their NextTokens follow
 * @param tags     the cache's creation tags when CopyTagsToDataRepositoryAssociations was set, and what TagResource changed since
 */
record CacheAssociation(long sequence, String id, RepositoryLink link, List<Tag> tags) {

    CacheAssociation {
        tags = List.copyOf(tags);
    }

    CacheAssociation withTags(List<Tag> newTags) {
        return new CacheAssociation(sequence, id, link, newTags);
    }
}
