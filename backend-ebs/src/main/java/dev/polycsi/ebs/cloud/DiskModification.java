package dev.polycsi.ebs.cloud;

import java.util.Optional;

/** A change to a volume; empty fields stay as they are. */
public record DiskModification(
        Optional<Long> sizeGiB, Optional<String> type, Optional<Integer> iops, Optional<Integer> throughput) {

    public static DiskModification size(long sizeGiB) {
        return new DiskModification(Optional.of(sizeGiB), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public boolean isEmpty() {
        return sizeGiB.isEmpty() && type.isEmpty() && iops.isEmpty() && throughput.isEmpty();
    }
}
