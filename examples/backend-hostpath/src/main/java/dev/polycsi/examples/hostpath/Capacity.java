package dev.polycsi.examples.hostpath;

import dev.polycsi.spi.CsiException;
import java.util.function.Supplier;

/**
 * The {@code capacity} option: what all volumes together may claim. Calls for different volumes
 * run in parallel, so checking that a claim fits and recording it happen under one lock.
 */
final class Capacity {

    private final HostPathStore store;
    private final long totalBytes;

    Capacity(HostPathStore store, long totalBytes) {
        this.store = store;
        this.totalBytes = totalBytes;
    }

    /** Runs {@code record}, which writes the claim down, if {@code bytes} more fit; RESOURCE_EXHAUSTED otherwise. */
    synchronized <T> T claim(long bytes, Supplier<T> record) {
        long free = free();
        if (bytes > free) {
            throw CsiException.resourceExhausted("hostpath: %d bytes asked for, %d of %d bytes free (option 'capacity')",
                    bytes, free, totalBytes);
        }
        return record.get();
    }

    /** What is left; volumes still being created, or failed and not yet removed, count too. */
    long free() {
        long used = store.listVolumes().stream().mapToLong(VolumeRecord::capacityBytes).sum();
        return Math.max(0, totalBytes - used);
    }
}
