package dev.polycsi.filecache.controller;

import dev.polycsi.filecache.cloud.Cache;
import dev.polycsi.filecache.cloud.CacheAssociation;
import dev.polycsi.filecache.cloud.CacheLifecycle;
import dev.polycsi.filecache.cloud.FileCacheCloud;
import dev.polycsi.filecache.cloud.FileCacheErrors;
import dev.polycsi.filecache.cloud.NewCache;
import dev.polycsi.fsx.support.FsxErrors;
import dev.polycsi.fsx.support.FsxTags;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Amazon File Cache in memory, with the lifecycles the test drives: caches stay CREATING until
 * {@link #finishCreating}, DELETING until {@link #finishDeleting}. It fails as FSx does (through
 * {@link FsxErrors#error}, as the SDK implementation maps FSx's answers): IncompatibleParameterError
 * for a token used with other parameters, BadRequest for deleting a cache still CREATING.
 *
 * <p>Client tokens are remembered until {@link #expireTokens}; a token whose cache has gone is
 * answered with the cache as first created (CREATING), the worst FSx could do. New caches may be
 * missing from the next {@link #listingLag} listings and {@link #describeLag} look-ups by id, as
 * FSx's eventually consistent Describe.
 */
final class FakeFileCacheCloud implements FileCacheCloud {

    static final String DNS_SUFFIX = ".fsx.us-east-1.amazonaws.com";
    static final String SUBNET = "subnet-0123456789abcdef0";

    /** One cache's state, changed in place by the test's steps. */
    static final class State {
        final String id;
        CacheLifecycle lifecycle = CacheLifecycle.CREATING;
        Optional<String> failureMessage = Optional.empty();
        long capacityGiB;
        String type = "LUSTRE";
        String version = "2.12";
        String deploymentType = "CACHE_1";
        int throughput = 1000;
        int metadataCapacity = 2400;
        List<String> subnets;
        String mountName;
        Optional<String> volumeName;
        Instant created;
        List<CacheAssociation> associations = List.of();
        /** Listings, and look-ups by id, that will not show it yet: DescribeFileCaches lagging behind CreateFileCache. */
        int hiddenFromListings;
        int hiddenFromDescribes;

        State(String id) {
            this.id = id;
        }
    }

    private record TokenUse(Object parameters, String fileCacheId, Cache firstAnswer) {
    }

    private final Clock clock;
    private final Map<String, State> caches = new LinkedHashMap<>();
    private final Map<String, TokenUse> tokens = new HashMap<>();
    private int nextId = 1;

    /** How many listings, and look-ups by id, a new cache is missing from. */
    int listingLag;
    int describeLag;
    /** Whether DescribeDataRepositoryAssociations shows a cache's associations yet. */
    boolean associationsVisible = true;

    final List<String> createTokens = new ArrayList<>();
    final List<NewCache> createRequests = new ArrayList<>();
    final List<String> deletes = new ArrayList<>();
    final List<String> describes = new ArrayList<>();
    final List<String> associationLookUps = new ArrayList<>();
    int listings;
    boolean closed;

    FakeFileCacheCloud(Clock clock) {
        this.clock = clock;
    }

    // ---- FileCacheCloud

    @Override
    public synchronized Cache create(NewCache request) {
        createTokens.add(request.clientToken());
        createRequests.add(request);
        Object parameters = List.of(request.settings(), request.tags());
        TokenUse use = tokens.get(request.clientToken());
        if (use != null) {
            if (!use.parameters().equals(parameters)) {
                throw FileCacheErrors.ERRORS.error("CreateFileCache", FsxErrors.INCOMPATIBLE_PARAMETER,
                        "The client request token was used before with other parameters.");
            }
            State earlier = caches.get(use.fileCacheId());
            return earlier == null ? use.firstAnswer() : view(earlier);
        }
        State state = new State(newId());
        state.capacityGiB = request.settings().storageCapacityGiB();
        state.subnets = List.of(request.settings().subnetId());
        state.mountName = "abcd" + state.id.substring(3, 7);
        state.volumeName = Optional.ofNullable(request.tags().get(FsxTags.VOLUME_NAME_TAG));
        state.associations = request.settings().dataRepositoryAssociations().stream().map(CacheAssociation::requested).toList();
        state.created = clock.instant();
        state.hiddenFromListings = listingLag;
        state.hiddenFromDescribes = describeLag;
        caches.put(state.id, state);
        Cache answer = view(state);
        tokens.put(request.clientToken(), new TokenUse(parameters, state.id, answer));
        return answer;
    }

    @Override
    public synchronized Optional<Cache> describe(String fileCacheId) {
        describes.add(fileCacheId);
        State state = caches.get(fileCacheId);
        if (state != null && state.hiddenFromDescribes > 0) {
            state.hiddenFromDescribes--;
            return Optional.empty();
        }
        return Optional.ofNullable(state).map(this::view);
    }

    @Override
    public synchronized List<Cache> findByVolumeName(String volumeName) {
        listings++;
        List<Cache> found = new ArrayList<>();
        for (State state : caches.values()) {
            if (state.hiddenFromListings > 0) {
                state.hiddenFromListings--;
            } else if (state.volumeName.equals(Optional.of(volumeName))) {
                found.add(view(state));
            }
        }
        return found;
    }

    @Override
    public synchronized Optional<List<CacheAssociation>> associations(Cache cache) {
        associationLookUps.add(cache.id());
        State state = caches.get(cache.id());
        return state == null || !associationsVisible ? Optional.empty() : Optional.of(state.associations);
    }

    @Override
    public synchronized boolean delete(String fileCacheId) {
        deletes.add(fileCacheId);
        State state = caches.get(fileCacheId);
        if (state == null) {
            return false;
        }
        if (state.lifecycle == CacheLifecycle.CREATING) {
            throw FileCacheErrors.ERRORS.error("DeleteFileCache " + fileCacheId, FsxErrors.BAD_REQUEST,
                    "Cannot delete file cache %s while in CREATING state.".formatted(fileCacheId));
        }
        state.lifecycle = CacheLifecycle.DELETING;
        return true;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    // ---- what the test drives

    synchronized String finishCreating(String fileCacheId) {
        state(fileCacheId).lifecycle = CacheLifecycle.AVAILABLE;
        return fileCacheId;
    }

    synchronized void fail(String fileCacheId, String message) {
        State state = state(fileCacheId);
        state.lifecycle = CacheLifecycle.FAILED;
        state.failureMessage = Optional.of(message);
    }

    synchronized void finishDeleting(String fileCacheId) {
        if (state(fileCacheId).lifecycle != CacheLifecycle.DELETING) {
            throw new IllegalStateException(fileCacheId + " is not being deleted");
        }
        caches.remove(fileCacheId);
    }

    synchronized void expireTokens() {
        tokens.clear();
    }

    /** A token someone used with other parameters. */
    synchronized void useToken(String token) {
        tokens.put(token, new TokenUse(List.of("someone else's request"), "fc-00000000000000000", null));
    }

    /** A cache made outside the driver (no CSIVolumeName tag), AVAILABLE, as static volumes name them. */
    synchronized State addStatic(long capacityGiB) {
        State state = new State(newId());
        state.lifecycle = CacheLifecycle.AVAILABLE;
        state.capacityGiB = capacityGiB;
        state.subnets = List.of(SUBNET);
        state.mountName = "stat" + state.id.substring(3, 7);
        state.volumeName = Optional.empty();
        state.associations = List.of(new CacheAssociation("/ns1/", "s3://static-data/", List.of(), Optional.empty(), List.of()));
        state.created = clock.instant();
        caches.put(state.id, state);
        return state;
    }

    synchronized State state(String fileCacheId) {
        State state = caches.get(fileCacheId);
        if (state == null) {
            throw new IllegalStateException("no cache " + fileCacheId);
        }
        return state;
    }

    synchronized List<String> ids() {
        return List.copyOf(caches.keySet());
    }

    // ---- helpers

    private String newId() {
        return "fc-%017x".formatted(nextId++);
    }

    private Cache view(State state) {
        return new Cache(state.id, state.lifecycle, state.failureMessage, state.capacityGiB, state.type, state.version, state.deploymentType,
                Optional.of(state.throughput), Optional.of(state.metadataCapacity), state.subnets, state.id + DNS_SUFFIX, state.mountName,
                "arn:aws:fsx:us-east-1:123456789012:file-cache/" + state.id, state.volumeName, state.created,
                state.associations.isEmpty() ? List.of() : List.of("dra-" + state.id.substring(3)));
    }
}
