package dev.polycsi.simulator.efs;

import java.util.List;

/** A simulated EFS file system. */
record FileSystem(long sequence, String id, String creationToken, FileSystemOptions options, List<Tag> tags, Lifecycle lifecycle)
        implements Sequenced {

    FileSystem {
        tags = List.copyOf(tags);
    }

    FileSystem withTags(List<Tag> newTags) {
        return new FileSystem(sequence, id, creationToken, options, newTags, lifecycle);
    }
}
