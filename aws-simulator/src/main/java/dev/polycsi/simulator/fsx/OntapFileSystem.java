package dev.polycsi.simulator.fsx;

import java.time.Instant;
import java.util.List;

/**
 * An FSx for NetApp ONTAP file system: AVAILABLE from the start, neither created, updated nor
 * deleted through the simulator, so all but its aggregates and tags is {@link OntapSeed}'s.
 *
 * @param aggregates the aggregates FlexGroup volumes may be spread over, {@code aggr1} first
 */
record OntapFileSystem(long sequence, String id, Instant createdAt, List<String> aggregates, List<Tag> tags) implements FsxFileSystem {

    OntapFileSystem {
        aggregates = List.copyOf(aggregates);
        tags = List.copyOf(tags);
    }

    OntapFileSystem withTags(List<Tag> newTags) {
        return new OntapFileSystem(sequence, id, createdAt, aggregates, newTags);
    }
}
