package dev.polycsi.ebs.cloud;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The snapshots this process made lately, by CSI name. EC2's CreateSnapshot takes no client
 * token, and DescribeSnapshots lists a new snapshot only once EC2's eventual consistency has
 * caught up: a CreateSnapshot retried meanwhile (the snapshotter calls again until the snapshot is
 * ready) found no snapshot of its name and made a second one, which leaked.
 */
final class MadeSnapshots {

    /** Far longer than EC2 takes to list a new snapshot; afterwards the name's tag finds it. */
    static final Duration KEPT = Duration.ofMinutes(5);
    private static final int MAX = 10_000;

    private record Made(DiskSnapshot snapshot, Instant at) {
    }

    private final Clock clock;
    private final Map<String, Made> byName = new LinkedHashMap<>();

    MadeSnapshots(Clock clock) {
        this.clock = clock;
    }

    synchronized void add(String name, DiskSnapshot snapshot) {
        byName.remove(name);
        byName.put(name, new Made(snapshot, clock.instant()));
        if (byName.size() > MAX) {
            byName.remove(byName.keySet().iterator().next());
        }
    }

    /** The snapshot made for this name within {@link #KEPT}, if any and not deleted since. */
    synchronized Optional<DiskSnapshot> get(String name) {
        Made made = byName.get(name);
        if (made == null) {
            return Optional.empty();
        }
        if (made.at().plus(KEPT).isBefore(clock.instant())) {
            byName.remove(name);
            return Optional.empty();
        }
        return Optional.of(made.snapshot());
    }

    /** A deleted snapshot's name may be used again for a new one. */
    synchronized void deleted(String snapshotId) {
        byName.values().removeIf(made -> made.snapshot().snapshotId().equals(snapshotId));
    }
}
