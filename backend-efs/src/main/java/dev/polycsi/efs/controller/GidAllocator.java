package dev.polycsi.efs.controller;

import dev.polycsi.efs.cloud.AccessPoint;
import dev.polycsi.efs.params.GidRange;
import dev.polycsi.spi.CsiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Hands out POSIX ids for new access points. The ids in use are those of the file system's access
 * points as DescribeAccessPoints lists them, so that a restarted controller knows them too, plus the
 * ids this controller handed out recently, which a listing may not show yet (EFS's reads are
 * eventually consistent). Allocation and the creation that follows run under one lock per file
 * system: two concurrent CreateVolumes cannot pick the same id.
 */
final class GidAllocator {

    /** How long an id handed out stays reserved without showing in a listing; far above EFS's consistency window. */
    static final Duration RESERVATION = Duration.ofMinutes(10);

    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Map<String, Map<Long, Instant>> recent = new ConcurrentHashMap<>();
    private final Clock clock;

    GidAllocator(Clock clock) {
        this.clock = clock;
    }

    /** Runs {@code work} holding the file system's allocation lock. */
    <T> T withLock(String fileSystemId, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(fileSystemId, id -> new ReentrantLock());
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The lowest id of {@code range} that no access point in {@code existing} uses as uid or gid and
     * that was not handed out recently; reserved until it shows in a listing or the reservation ends.
     * Call with the file system's lock held. RESOURCE_EXHAUSTED when the range is used up.
     */
    long allocate(String fileSystemId, Collection<AccessPoint> existing, GidRange range) {
        Instant now = clock.instant();
        Map<Long, Instant> reserved = recent.computeIfAbsent(fileSystemId, id -> new ConcurrentHashMap<>());
        reserved.values().removeIf(until -> until.isBefore(now));
        Set<Long> used = new HashSet<>(reserved.keySet());
        for (AccessPoint ap : existing) {
            ap.gid().ifPresent(used::add);
            ap.uid().ifPresent(used::add);
        }
        for (long gid = range.start(); gid <= range.end(); gid++) {
            if (!used.contains(gid)) {
                reserved.put(gid, now.plus(RESERVATION));
                return gid;
            }
        }
        throw CsiException.resourceExhausted("no free GID in gidRangeStart..gidRangeEnd %s of file system %s: every one is used by an "
                + "access point; widen the range or use another file system", range, fileSystemId);
    }

    /** An id whose access point was not created after all. */
    void release(String fileSystemId, long gid) {
        Map<Long, Instant> reserved = recent.get(fileSystemId);
        if (reserved != null) {
            reserved.remove(gid);
        }
    }
}
