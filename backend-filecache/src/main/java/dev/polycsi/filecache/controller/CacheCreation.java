package dev.polycsi.filecache.controller;

import dev.polycsi.aws.idempotency.ClientTokens;
import dev.polycsi.aws.idempotency.IdempotentCreate;
import dev.polycsi.filecache.cloud.Cache;
import dev.polycsi.filecache.cloud.CacheLifecycle;
import dev.polycsi.filecache.cloud.FileCacheCloud;
import dev.polycsi.fsx.support.FsxCloudException;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.operation.LongOperation;
import dev.polycsi.spi.operation.Progress;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The creation of one volume's cache, as the core's waiter polls it; FSx for Lustre's
 * FileSystemCreation for caches. One cache per volume name, whatever the retries, restarts and
 * token expiry:
 * <ul>
 * <li>the name is the cache's {@code CSIVolumeName} tag, so a look-up by tag finds what any
 *     earlier call or process made, however long ago (aws-file-cache-csi-driver has no such
 *     look-up: once FSx has forgotten its token, a retry makes a second cache);</li>
 * <li>CreateFileCache's ClientRequestToken derives from the name, so a create whose answer was
 *     lost, or that the listing does not show yet, is answered with the same cache;</li>
 * <li>the token's generation moves on when it must not be replayed: after a FAILED cache of the
 *     name was discarded, when FSx refuses the token as used with other parameters, and when it
 *     answers with a cache that is FAILED or DELETING (the token of an earlier attempt, still
 *     within FSx's window: after a restart this process does not remember the generation, and
 *     FSx's answer tells it).</li>
 * </ul>
 *
 * <p>A token answered with a cache that no look-up shows is not taken for spent: FSx's listings
 * lag behind its creations, so that cache may be new rather than gone, and guessing wrong would
 * make the duplicate all this is for.
 *
 * <p>Once the cache's id is known it is polled by id (one DescribeFileCaches, merged with other
 * volumes' polls; the cloud remembers its name tag) instead of listing every cache of the account
 * and reading their tags each time.
 */
final class CacheCreation implements LongOperation<Cache> {

    private static final Logger LOG = LogManager.getLogger(CacheCreation.class);

    private final VolumeRequest request;
    private final FileCacheCloud cloud;
    private final ClientTokens tokens;
    private final IdempotentCreate<Cache> creation;
    private final Duration firstPoll;
    /** The cache this creation is about, once known. Called one method at a time, but from changing threads. */
    private volatile String knownId;

    CacheCreation(VolumeRequest request, FileCacheCloud cloud, ClientTokens tokens, Duration firstPoll) {
        this.request = request;
        this.cloud = cloud;
        this.tokens = tokens;
        this.firstPoll = firstPoll;
        this.creation = new IdempotentCreate<Cache>("cache", tokens,
                e -> e instanceof FsxCloudException fsx && fsx.isTokenConflict())
                .skipping(this::isSpent);
    }

    @Override
    public String description() {
        return "creation of the Amazon File Cache of volume " + request.name();
    }

    @Override
    public Progress<Cache> check() {
        List<Cache> named = lookUp();
        Optional<Cache> live = live(named);
        if (live.isPresent()) {
            Cache cache = live.get();
            knownId = cache.id();
            // the waiter's own request; a call that joins later compares its own after the wait
            requireCompatible(cache);
            return cache.lifecycle() == CacheLifecycle.AVAILABLE
                    ? Progress.done(cache)
                    : Progress.pending(cache.lifecycle() + " (" + cache.id() + ")");
        }
        Optional<Cache> failed = named.stream().filter(cache -> cache.lifecycle() == CacheLifecycle.FAILED).findFirst();
        if (failed.isPresent()) {
            return Progress.failed(failed.get().id(), failed.get().failureMessage().orElse("FSx gives no reason"));
        }
        Optional<Cache> deleting = named.stream().filter(cache -> cache.lifecycle() == CacheLifecycle.DELETING).findFirst();
        if (deleting.isPresent()) {
            // Not reported as failed again: the name may be reused after a DeleteVolume, where
            // nothing failed; waiting keeps start() from running just as well.
            return Progress.pending("DELETING (%s, of an earlier attempt; a new cache is created once it has gone)"
                    .formatted(deleting.get().id()));
        }
        return Progress.absent();
    }

    void requireCompatible(Cache cache) {
        request.requireCompatible(cache, cloud.associations(cache));
    }

    /** The caches of this name: the known one by id, or else every one tagged so. */
    private List<Cache> lookUp() {
        String id = knownId;
        if (id != null) {
            Optional<Cache> known = cloud.describe(id);
            if (known.isPresent() && known.get().volumeName().equals(Optional.of(request.name()))) {
                return List.of(known.get());
            }
            knownId = null;
        }
        return cloud.findByVolumeName(request.name());
    }

    /**
     * The cache the name stands for: the AVAILABLE one, else the oldest that may become usable.
     * More than one exists only if something else made them (the official driver's duplicates);
     * they are left alone, since pods may use them.
     */
    private Optional<Cache> live(List<Cache> named) {
        List<Cache> live = named.stream().filter(cache -> cache.lifecycle().isLive())
                .sorted(Comparator.comparing((Cache cache) -> cache.lifecycle() != CacheLifecycle.AVAILABLE)
                        .thenComparing(Cache::creationTime))
                .toList();
        if (live.size() > 1) {
            LOG.warn("Volume {} has {} caches: {}; using {}, leaving the others alone", request.name(), live.size(),
                    live.stream().map(Cache::id).toList(), live.getFirst().id());
        }
        return live.stream().findFirst();
    }

    /** Creates the cache, or finds it by name after all; see the class comment for the tokens. */
    @Override
    public void start() {
        Cache cache = creation.create(request.name(), () -> live(cloud.findByVolumeName(request.name())), this::requireCompatible,
                token -> cloud.create(request.create(token)));
        knownId = cache.id();
    }

    /** A cache a token names that cannot be this volume's any more: FSx says it failed or is being deleted. */
    private boolean isSpent(Cache cache) {
        return cache.lifecycle() == CacheLifecycle.FAILED || cache.lifecycle() == CacheLifecycle.DELETING;
    }

    /**
     * Deletes the FAILED cache (the official driver leaves them behind), and moves the token on:
     * the failed one's would be answered with it for as long as FSx remembers the token.
     */
    @Override
    public void discard(Progress.Failed<Cache> failed) {
        knownId = null;
        tokens.reject(request.name(), tokens.current(request.name()));
        if (cloud.delete(failed.resourceId())) {
            LOG.info("Volume {}: deleting failed cache {}", request.name(), failed.resourceId());
        }
    }

    @Override
    public CsiException failure(Progress.Failed<Cache> failed) {
        return CsiException.internal("FSx could not create cache %s for volume %s: %s. It is deleted, and the next CreateVolume "
                + "creates a new one", failed.resourceId(), request.name(), failed.message());
    }

    /** The controller's {@code first-poll-seconds}: creation takes minutes, no point in looking every second. */
    @Override
    public Duration firstPollInterval() {
        return firstPoll;
    }
}
