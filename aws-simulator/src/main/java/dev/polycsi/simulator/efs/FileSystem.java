package dev.polycsi.simulator.efs;

import java.util.List;

/** A simulated EFS file system; {@code ownerId} is the account that created it, the only one that sees it in the API. */
record FileSystem(long sequence, String id, String creationToken, FileSystemOptions options, List<Tag> tags, Lifecycle lifecycle,
        String ownerId) implements Sequenced {

    FileSystem {
        tags = List.copyOf(tags);
    }

    FileSystem withTags(List<Tag> newTags) {
        return new FileSystem(sequence, id, creationToken, options, newTags, lifecycle, ownerId);
    }
}
