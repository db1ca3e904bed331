package dev.polycsi.ebs.cloud;

import java.time.Instant;
import java.util.Map;

/**
 * An EBS snapshot.
 *
 * @param state EC2's state: pending, completed, error, recoverable, recovering
 */
public record DiskSnapshot(String snapshotId, String volumeId, long sizeGiB, Instant startTime, String state, Map<String, String> tags) {

    public DiskSnapshot {
        tags = Map.copyOf(tags);
    }

    public boolean ready() {
        return state.equals("completed");
    }
}
