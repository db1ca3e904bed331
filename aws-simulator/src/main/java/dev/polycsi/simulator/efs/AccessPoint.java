package dev.polycsi.simulator.efs;

import java.util.List;
import java.util.Optional;

/** A simulated EFS access point: a root directory and, optionally, an enforced POSIX identity. */
record AccessPoint(
        long sequence,
        String id,
        String fileSystemId,
        String clientToken,
        Optional<PosixUser> posixUser,
        RootDirectory rootDirectory,
        List<Tag> tags,
        Lifecycle lifecycle) implements Sequenced {

    AccessPoint {
        tags = List.copyOf(tags);
    }

    AccessPoint withTags(List<Tag> newTags) {
        return new AccessPoint(sequence, id, fileSystemId, clientToken, posixUser, rootDirectory, newTags, lifecycle);
    }
}
