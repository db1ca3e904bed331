package dev.polycsi.ebs.cloud;

import dev.polycsi.spi.CsiException.Code;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;

/**
 * Merges the resize and modify requests for one volume that arrive within a window into one
 * change, because EC2 allows one modification per volume at a time (and then a cool-down of
 * hours): a resize and a VolumeAttributesClass change sent as two ModifyVolume calls would see the
 * second one refused. A request that sets a field to another value than an earlier request in the
 * same window fails INVALID_ARGUMENT; every other caller gets the result of the merged change.
 */
final class ModifyCoalescer {

    private final Duration window;
    private final BiFunction<String, DiskModification, Disk> apply;
    private final Map<String, Group> open = new HashMap<>();

    ModifyCoalescer(Duration window, BiFunction<String, DiskModification, Disk> apply) {
        this.window = window;
        this.apply = apply;
    }

    Disk submit(String volumeId, DiskModification modification) {
        if (window.isZero() || window.isNegative()) {
            return apply.apply(volumeId, modification);
        }
        Group group;
        synchronized (this) {
            group = open.get(volumeId);
            if (group == null) {
                Group fresh = new Group(modification);
                open.put(volumeId, fresh);
                group = fresh;
                Thread.ofVirtual().name("modify-" + volumeId).start(() -> run(volumeId, fresh));
            } else {
                group.merged = merge(group.merged, modification, volumeId);
            }
        }
        try {
            return group.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EbsCloudException(Code.ABORTED, "", "interrupted while modifying " + volumeId, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new EbsCloudException(Code.INTERNAL, "", "modifying " + volumeId + " failed: " + e.getCause(), e.getCause());
        }
    }

    private void run(String volumeId, Group group) {
        try {
            Thread.sleep(window);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        DiskModification merged;
        synchronized (this) {
            open.remove(volumeId, group);
            merged = group.merged;
        }
        try {
            group.result.complete(apply.apply(volumeId, merged));
        } catch (RuntimeException | Error e) {
            group.result.completeExceptionally(e);
        }
    }

    /** Both changes in one; the same field with two values is the later caller's INVALID_ARGUMENT. */
    static DiskModification merge(DiskModification earlier, DiskModification later, String volumeId) {
        return new DiskModification(
                field("size", earlier.sizeGiB(), later.sizeGiB(), volumeId),
                field("type", earlier.type(), later.type(), volumeId),
                field("iops", earlier.iops(), later.iops(), volumeId),
                field("throughput", earlier.throughput(), later.throughput(), volumeId));
    }

    private static <T> Optional<T> field(String name, Optional<T> earlier, Optional<T> later, String volumeId) {
        if (earlier.isPresent() && later.isPresent() && !earlier.equals(later)) {
            throw new EbsCloudException(Code.INVALID_ARGUMENT, "", "conflicting %s for volume %s: %s requested, while a change to %s is pending"
                    .formatted(name, volumeId, later.get(), earlier.get()), null);
        }
        return earlier.or(() -> later);
    }

    private static final class Group {
        DiskModification merged;
        final CompletableFuture<Disk> result = new CompletableFuture<>();

        Group(DiskModification first) {
            this.merged = first;
        }
    }
}
