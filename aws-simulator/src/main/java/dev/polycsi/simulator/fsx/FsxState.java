package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.SimContext;
import dev.polycsi.simulator.knobs.Knobs;
import dev.polycsi.simulator.storage.FileSystemDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The simulated FSx account in one region: Lustre file systems, Amazon File Caches with their
 * data repository associations, the FSx for NetApp ONTAP resources ({@link OntapState}), and the
 * client tokens used on them. Every method is atomic (the object is its own lock); Describe
 * listings hide resources younger than the {@code consistency} window. Delays and failures are
 * read from the knobs when a transition starts.
 */
final class FsxState {

    /** FSx's default quota of Lustre file systems per account and region. */
    static final int FILE_SYSTEMS_PER_ACCOUNT = 100;
    /** The File Cache guide's default quotas per account and region: caches, and their total storage in GiB. */
    static final int FILE_CACHES_PER_ACCOUNT = 100;
    static final int FILE_CACHE_STORAGE_PER_ACCOUNT = 100_800;

    static final String CREATE = "CreateFileSystem";
    static final String UPDATE = "UpdateFileSystem";
    static final String DELETE = "DeleteFileSystem";
    static final String CREATE_CACHE = "CreateFileCache";
    static final String DELETE_CACHE = "DeleteFileCache";

    /** Everything a restarted simulator needs to go on where this one stopped. */
    record Contents(List<FileSystem> fileSystems, List<FileCache> fileCaches, List<OntapFileSystem> ontapFileSystems, List<Svm> svms,
            List<OntapVolume> volumes, List<OntapBackup> backups, List<ClientTokens.Use> tokens, long sequence) {

        Contents {
            fileSystems = List.copyOf(fileSystems);
            fileCaches = List.copyOf(fileCaches);
            ontapFileSystems = List.copyOf(ontapFileSystems);
            svms = List.copyOf(svms);
            volumes = List.copyOf(volumes);
            backups = List.copyOf(backups);
            tokens = List.copyOf(tokens);
        }
    }

    private final SimContext context;
    private final int fileSystemLimit;
    private final int fileCacheLimit;
    private final FileSystemDirectories directories;
    private final Map<String, FileSystem> fileSystems = new LinkedHashMap<>();
    private final Map<String, FileCache> fileCaches = new LinkedHashMap<>();
    /** Caches whose association directories exist since they became AVAILABLE (again after a restart: it is idempotent). */
    private final Set<String> linkedCaches = new HashSet<>();
    private final ClientTokens tokens = new ClientTokens();
    private final OntapState ontap;
    private long sequence;
    private Consumer<Contents> changeListener = contents -> {};

    FsxState(SimContext context, int fileSystemLimit, int fileCacheLimit) {
        this(context, fileSystemLimit, fileCacheLimit, OntapState.VOLUMES_PER_FILE_SYSTEM, OntapState.USER_INITIATED_BACKUPS);
    }

    FsxState(SimContext context, int fileSystemLimit, int fileCacheLimit, int volumeLimit, int backupLimit) {
        if (fileSystemLimit < 1 || fileCacheLimit < 1) {
            throw new IllegalArgumentException("the file system and cache limits must be at least 1");
        }
        this.context = context;
        this.fileSystemLimit = fileSystemLimit;
        this.fileCacheLimit = fileCacheLimit;
        this.directories = new FileSystemDirectories(context.config().dataDir(), "fsx");
        this.ontap = new OntapState(this, context.config().dataDir(), volumeLimit, backupLimit);
    }

    FileSystemDirectories directories() {
        return directories;
    }

    Instant now() {
        return context.clock().instant();
    }

    /** Called with the lock held after every change, with the state as it is then; one listener. */
    synchronized void onChange(Consumer<Contents> listener) {
        this.changeListener = listener;
    }

    synchronized Contents contents() {
        return new Contents(List.copyOf(fileSystems.values()), List.copyOf(fileCaches.values()), ontap.fileSystems(), ontap.svms(),
                ontap.volumes(), ontap.backups(), tokens.all(), sequence);
    }

    /**
     * Runs {@code call} on the ONTAP resources, atomically as every method here; it saves what it
     * changes through {@link #changed()}.
     */
    synchronized <T> T ontap(Function<OntapState, T> call) {
        return call.apply(ontap);
    }

    /** Replaces the state with saved contents, before the first call. */
    synchronized void restore(Contents contents) {
        fileSystems.clear();
        contents.fileSystems().forEach(fs -> fileSystems.put(fs.id(), fs));
        fileCaches.clear();
        contents.fileCaches().forEach(cache -> fileCaches.put(cache.id(), cache));
        linkedCaches.clear();
        ontap.restore(contents.ontapFileSystems(), contents.svms(), contents.volumes(), contents.backups());
        tokens.restore(contents.tokens());
        sequence = contents.sequence();
    }

    /**
     * Removes the file systems, caches and ONTAP volumes whose deletion has ended, with their
     * tokens, gives the caches that have become AVAILABLE their association directories and the
     * volumes restored from a backup their data; the ids of those gone, for their data to go too.
     */
    synchronized List<String> settle() {
        Instant now = now();
        List<String> gone = new ArrayList<>();
        fileSystems.values().stream().filter(fs -> fs.gone(now)).map(FileSystem::id).forEach(gone::add);
        fileCaches.values().stream().filter(cache -> cache.gone(now)).map(FileCache::id).forEach(gone::add);
        gone.addAll(ontap.settle(now));
        gone.forEach(id -> {
            fileSystems.remove(id);
            fileCaches.remove(id);
            linkedCaches.remove(id);
            tokens.forget(id);
        });
        tokens.expire(now, tokenTtl());
        fileCaches.values().stream().filter(cache -> cache.lifecycle(now) == Lifecycle.AVAILABLE).toList().forEach(this::link);
        if (!gone.isEmpty()) {
            changed();
        }
        return gone;
    }

    /** CreateFileSystem: the token's file system again, or a new one, CREATING. */
    synchronized FileSystem create(String token, SortedMap<String, String> parameters, CreateRequest request) {
        Instant now = now();
        Optional<String> earlier = tokens.replay(CREATE, token, parameters, now, tokenTtl());
        if (earlier.isPresent() && fileSystems.containsKey(earlier.get())) {
            return fileSystems.get(earlier.get());
        }
        if (fileSystems.size() >= fileSystemLimit) {
            throw FsxError.serviceLimitExceeded("FILE_SYSTEM_COUNT",
                    "The account already has the maximum of %d Lustre file systems.".formatted(fileSystemLimit));
        }
        String id = FsxIds.newFileSystemId();
        while (fileSystems.containsKey(id)) {
            id = FsxIds.newFileSystemId();
        }
        createDirectory(id);
        FileSystem fileSystem = new FileSystem(++sequence, id, request.spec(),
                Placement.withNewInterfaces(request.subnetId(), request.zone(), request.securityGroupIds()), mountName(request.spec()),
                request.tags(), newTimeline(now, "fsx.filesystem"), List.of());
        fileSystems.put(id, fileSystem);
        tokens.record(CREATE, token, parameters, id, now);
        changed();
        return fileSystem;
    }

    /**
     * DescribeFileSystems: the named ones (FileSystemNotFound for the first unknown), or all
     * listed; the seeded ONTAP file system first, then the Lustre ones in creation order.
     */
    synchronized List<FsxFileSystem> describe(List<String> ids) {
        Instant now = now();
        List<FsxFileSystem> all = new ArrayList<>(ontap.fileSystems());
        fileSystems.values().stream().filter(fs -> fs.visible(now)).forEach(all::add);
        all.sort(Comparator.comparingLong(FsxFileSystem::sequence));
        if (ids.isEmpty()) {
            return all;
        }
        for (String id : ids) {
            if (all.stream().noneMatch(fs -> fs.id().equals(id))) {
                throw FsxError.fileSystemNotFound(id);
            }
        }
        return all.stream().filter(fs -> ids.contains(fs.id())).toList();
    }

    /**
     * UpdateFileSystem: settings at once; a capacity increase, or a change of throughput and/or
     * metadata configuration, as a new administrative action. One such update at a time (any
     * kind: "update already in progress" until the last is COMPLETED or FAILED), and none of a
     * kind before the cooldown after the last of that kind was requested (FSx: 6 hours for each
     * of storage capacity, throughput capacity and metadata performance; knob
     * {@code delay.fsx.filesystem.cooldown}).
     */
    synchronized FileSystem update(String fileSystemId, String token, SortedMap<String, String> parameters, UpdateRequest request,
            UnaryOperator<LustreSpec> settings) {
        Instant now = now();
        if (tokens.replay(UPDATE, token, parameters, now, tokenTtl()).filter(fileSystems::containsKey).isPresent()) {
            return fileSystems.get(fileSystemId);
        }
        requireNotOntap(fileSystemId, "update");
        FileSystem fileSystem = require(fileSystemId, now);
        if (request.isAction() && fileSystem.latestUpdate().filter(update -> update.inProgress(now)).isPresent()) {
            throw FsxError.badRequest("Unable to perform the %s update. There is an update already in progress.", request.kind());
        }
        Lifecycle lifecycle = fileSystem.lifecycle(now);
        if (lifecycle != Lifecycle.AVAILABLE) {
            throw FsxError.badRequest("Cannot update file system %s while in %s state.", fileSystemId, lifecycle);
        }
        FileSystem updated = fileSystem.withSpec(settings.apply(fileSystem.spec()));
        if (request.isAction()) {
            updated = updated.withUpdate(newUpdate(fileSystem, request, now));
        }
        fileSystems.put(fileSystemId, updated);
        tokens.record(UPDATE, token, parameters, fileSystemId, now);
        changed();
        return updated;
    }

    /**
     * The administrative action of {@code request}, checked against the file system as it is now:
     * PENDING for {@code delay.fsx.filesystem.pending}, IN_PROGRESS (UPDATING) for {@code .updating},
     * then UPDATED_OPTIMIZING for {@code .optimizing} (a capacity increase, with its
     * STORAGE_OPTIMIZATION) or {@code .throughput-optimizing} (a throughput change; FSx does not
     * say for how long), and COMPLETED; FAILED instead with {@code fail.fsx.filesystem.update}.
     */
    private FileSystemUpdate newUpdate(FileSystem fileSystem, UpdateRequest request, Instant now) {
        LustreSpec spec = fileSystem.spec();
        int capacity = fileSystem.storageCapacity(now);
        request.storageCapacity().ifPresent(target -> StorageCapacityRules.requireValidIncrease(capacity, target, spec.deploymentType(),
                spec.storageType(), fileSystem.perUnitStorageThroughput(now)));
        request.perUnitStorageThroughput().ifPresent(target -> LustreThroughput.requireValidChange(target, spec));
        Optional<MetadataConfiguration> metadata = request.metadata().map(change -> LustreMetadata.requireValidChange(change,
                spec.deploymentType(), fileSystem.metadata(now), capacity));
        Duration cooldown = knobs().delay("fsx.filesystem.cooldown");
        if (request.storageCapacity().isPresent()) {
            requireCooledDown(fileSystem, update -> update.targetCapacity().isPresent(), cooldown, now, "Unable to perform the storage"
                    + " capacity update. The storage capacity can be increased again %s after the last increase was requested, at %s.");
        }
        if (request.perUnitStorageThroughput().isPresent()) {
            requireCooledDown(fileSystem, update -> update.targetThroughput().isPresent(), cooldown, now, "Unable to perform the"
                    + " throughput capacity update. The throughput capacity can be changed again %s after the last change was requested,"
                    + " at %s.");
        }
        if (metadata.isPresent()) {
            requireCooledDown(fileSystem, update -> update.targetMetadata().isPresent(), cooldown, now, "Unable to perform the metadata"
                    + " configuration update. Metadata performance can be increased again %s after the last increase was requested, at %s.");
        }
        Instant inProgressAt = now.plus(knobs().delay("fsx.filesystem.pending"));
        Instant updatedAt = inProgressAt.plus(knobs().delay("fsx.filesystem.updating"));
        Duration optimizing = request.storageCapacity().isPresent() ? knobs().delay("fsx.filesystem.optimizing")
                : request.perUnitStorageThroughput().isPresent() ? knobs().delay("fsx.filesystem.throughput-optimizing")
                : Duration.ZERO;
        return new FileSystemUpdate(now, request.storageCapacity(), request.perUnitStorageThroughput(), metadata, inProgressAt, updatedAt,
                updatedAt.plus(optimizing), knobs().failure("fsx.filesystem.update"));
    }

    private static void requireCooledDown(FileSystem fileSystem, Predicate<FileSystemUpdate> sameKind, Duration cooldown, Instant now,
            String message) {
        fileSystem.latestUpdate(sameKind).map(last -> last.requestTime().plus(cooldown)).filter(now::isBefore).ifPresent(allowedAt -> {
            throw FsxError.badRequest(message, cooldown, allowedAt);
        });
    }

    /** DeleteFileSystem: DELETING until {@code delay.fsx.filesystem.deleting} has passed; not while CREATING or UPDATING. */
    synchronized FileSystem delete(String fileSystemId, String token, SortedMap<String, String> parameters) {
        Instant now = now();
        if (tokens.replay(DELETE, token, parameters, now, tokenTtl()).filter(fileSystems::containsKey).isPresent()) {
            return fileSystems.get(fileSystemId);
        }
        requireNotOntap(fileSystemId, "delete");
        FileSystem fileSystem = require(fileSystemId, now);
        Lifecycle lifecycle = fileSystem.lifecycle(now);
        if (lifecycle == Lifecycle.DELETING) {
            return fileSystem;
        }
        if (lifecycle == Lifecycle.CREATING || lifecycle == Lifecycle.UPDATING) {
            throw FsxError.badRequest("Cannot delete file system %s while in %s state.", fileSystemId, lifecycle);
        }
        FileSystem deleting = fileSystem.deleting(now, now.plus(knobs().delay("fsx.filesystem.deleting")));
        fileSystems.put(fileSystemId, deleting);
        tokens.record(DELETE, token, parameters, fileSystemId, now);
        changed();
        return deleting;
    }

    /** What CreateFileCache made: a new cache, or the one an earlier request with the token made. */
    record CacheCreation(FileCache cache, boolean replayed) {}

    /**
     * CreateFileCache: the token's cache again, or a new one, CREATING, with its data repository
     * associations; ServiceLimitExceeded past the account's caches (FILE_CACHE_COUNT) or their
     * total storage (TOTAL_STORAGE).
     */
    synchronized CacheCreation createCache(String token, SortedMap<String, String> parameters, CreateCacheRequest request) {
        Instant now = now();
        Optional<String> earlier = tokens.replay(CREATE_CACHE, token, parameters, now, tokenTtl());
        if (earlier.isPresent() && fileCaches.containsKey(earlier.get())) {
            return new CacheCreation(fileCaches.get(earlier.get()), true);
        }
        if (fileCaches.size() >= fileCacheLimit) {
            throw FsxError.serviceLimitExceeded("FILE_CACHE_COUNT", "The account already has the maximum of %d caches.".formatted(fileCacheLimit));
        }
        int storage = fileCaches.values().stream().mapToInt(cache -> cache.spec().storageCapacity()).sum();
        if (storage + request.spec().storageCapacity() > FILE_CACHE_STORAGE_PER_ACCOUNT) {
            throw FsxError.serviceLimitExceeded("TOTAL_STORAGE", "The account's caches would have %d GiB; the limit is %d GiB.".formatted(
                    storage + request.spec().storageCapacity(), FILE_CACHE_STORAGE_PER_ACCOUNT));
        }
        String id = FsxIds.newFileCacheId();
        while (fileCaches.containsKey(id)) {
            id = FsxIds.newFileCacheId();
        }
        List<Tag> associationTags = request.spec().copyTagsToAssociations() ? request.tags() : List.of();
        List<CacheAssociation> associations = new ArrayList<>();
        for (RepositoryLink link : request.links()) {
            associations.add(new CacheAssociation(++sequence, FsxIds.newAssociationId(), link, associationTags));
        }
        createDirectory(id);
        FileCache cache = new FileCache(++sequence, id, request.spec(),
                Placement.withNewInterfaces(request.subnetId(), request.zone(), request.securityGroupIds()), uniqueMountName(), request.tags(),
                newTimeline(now, "fsx.cache"), associations);
        fileCaches.put(id, cache);
        tokens.record(CREATE_CACHE, token, parameters, id, now);
        changed();
        return new CacheCreation(cache, false);
    }

    /** DescribeFileCaches: the named ones (FileCacheNotFound for the first unknown), or all listed. */
    synchronized List<FileCache> describeCaches(List<String> ids) {
        Instant now = now();
        if (ids.isEmpty()) {
            return fileCaches.values().stream().filter(cache -> cache.visible(now)).toList();
        }
        List<FileCache> found = new ArrayList<>();
        for (String id : ids.stream().distinct().toList()) {
            FileCache cache = fileCaches.get(id);
            if (cache == null || !cache.visible(now)) {
                throw FsxError.fileCacheNotFound(id);
            }
            found.add(cache);
        }
        found.sort(Comparator.comparingLong(FileCache::sequence));
        return found;
    }

    /**
     * DeleteFileCache: DELETING until {@code delay.fsx.cache.deleting} has passed, from AVAILABLE
     * or FAILED. Not while CREATING: FSx does not document it for caches, and refuses it for file
     * systems.
     */
    synchronized FileCache deleteCache(String fileCacheId, String token, SortedMap<String, String> parameters) {
        Instant now = now();
        if (tokens.replay(DELETE_CACHE, token, parameters, now, tokenTtl()).filter(fileCaches::containsKey).isPresent()) {
            return fileCaches.get(fileCacheId);
        }
        FileCache cache = requireCache(fileCacheId, now);
        Lifecycle lifecycle = cache.lifecycle(now);
        if (lifecycle == Lifecycle.DELETING) {
            return cache;
        }
        if (lifecycle == Lifecycle.CREATING) {
            throw FsxError.badRequest("Cannot delete file cache %s while in %s state.", fileCacheId, lifecycle);
        }
        FileCache deleting = cache.deleting(now, now.plus(knobs().delay("fsx.cache.deleting")));
        fileCaches.put(fileCacheId, deleting);
        tokens.record(DELETE_CACHE, token, parameters, fileCacheId, now);
        changed();
        return deleting;
    }

    /**
     * DescribeDataRepositoryAssociations: the named associations of listed caches
     * (DataRepositoryAssociationNotFound for the first unknown), or those of every listed cache, in
     * creation order.
     */
    synchronized List<FileCache.Linked> describeAssociations(List<String> associationIds) {
        Instant now = now();
        List<FileCache.Linked> all = fileCaches.values().stream().filter(cache -> cache.visible(now))
                .flatMap(cache -> cache.associations().stream().map(association -> new FileCache.Linked(cache, association)))
                .sorted(Comparator.comparingLong(linked -> linked.association().sequence()))
                .toList();
        if (associationIds.isEmpty()) {
            return all;
        }
        for (String id : associationIds) {
            if (all.stream().noneMatch(linked -> linked.association().id().equals(id))) {
                throw FsxError.associationNotFound(id);
            }
        }
        return all.stream().filter(linked -> associationIds.contains(linked.association().id())).toList();
    }

    /**
     * ListTagsForResource: a file system's, cache's, association's, or ONTAP volume's, SVM's or
     * backup's tags; ResourceNotFound if it is gone or never was.
     */
    synchronized List<Tag> tagsOf(FsxIds.Tagged resource, String arn) {
        Instant now = now();
        if (ontapResource(resource)) {
            return ontap.tagsOf(resource, arn);
        }
        return switch (resource) {
            case FsxIds.Tagged.OfFileSystem fs -> requireTaggable(fileSystems.get(fs.fileSystemId()), FileSystem::gone, arn, now).tags();
            case FsxIds.Tagged.OfFileCache cache -> requireTaggable(fileCaches.get(cache.fileCacheId()), FileCache::gone, arn, now).tags();
            case FsxIds.Tagged.OfAssociation association -> requireAssociation(association, arn, now).tags();
            case FsxIds.Tagged.OfVolume volume -> throw new IllegalStateException("an ONTAP resource: " + volume);
            case FsxIds.Tagged.OfSvm svm -> throw new IllegalStateException("an ONTAP resource: " + svm);
            case FsxIds.Tagged.OfBackup backup -> throw new IllegalStateException("an ONTAP resource: " + backup);
        };
    }

    /** TagResource and UntagResource: the resource's tags changed by {@code change}. */
    synchronized void retag(FsxIds.Tagged resource, String arn, UnaryOperator<List<Tag>> change) {
        Instant now = now();
        if (ontapResource(resource)) {
            ontap.retag(resource, arn, change);
            return;
        }
        switch (resource) {
            case FsxIds.Tagged.OfFileSystem fs -> {
                FileSystem fileSystem = requireTaggable(fileSystems.get(fs.fileSystemId()), FileSystem::gone, arn, now);
                fileSystems.put(fileSystem.id(), fileSystem.withTags(change.apply(fileSystem.tags())));
            }
            case FsxIds.Tagged.OfFileCache named -> {
                FileCache cache = requireTaggable(fileCaches.get(named.fileCacheId()), FileCache::gone, arn, now);
                fileCaches.put(cache.id(), cache.withTags(change.apply(cache.tags())));
            }
            case FsxIds.Tagged.OfAssociation named -> {
                CacheAssociation association = requireAssociation(named, arn, now);
                FileCache cache = fileCaches.get(named.fileCacheId());
                fileCaches.put(cache.id(), cache.withAssociation(association.withTags(change.apply(association.tags()))));
            }
            case FsxIds.Tagged.OfVolume volume -> throw new IllegalStateException("an ONTAP resource: " + volume);
            case FsxIds.Tagged.OfSvm svm -> throw new IllegalStateException("an ONTAP resource: " + svm);
            case FsxIds.Tagged.OfBackup backup -> throw new IllegalStateException("an ONTAP resource: " + backup);
        }
        changed();
    }

    /** Volumes, SVMs, backups and the ONTAP file system are {@link OntapState}'s to tag. */
    private boolean ontapResource(FsxIds.Tagged resource) {
        return switch (resource) {
            case FsxIds.Tagged.OfFileSystem fs -> ontap.isOntapFileSystem(fs.fileSystemId());
            case FsxIds.Tagged.OfVolume volume -> true;
            case FsxIds.Tagged.OfSvm svm -> true;
            case FsxIds.Tagged.OfBackup backup -> true;
            case FsxIds.Tagged.OfFileCache cache -> false;
            case FsxIds.Tagged.OfAssociation association -> false;
        };
    }

    /** The ONTAP file system is the seed's, which the simulator neither updates nor deletes. */
    private void requireNotOntap(String fileSystemId, String what) {
        if (ontap.isOntapFileSystem(fileSystemId)) {
            throw FsxError.badRequest("The FSx simulator does not %s FSx for ONTAP file systems; %s is the seeded one.", what, fileSystemId);
        }
    }

    /** For the node's mounts: the cache as it is now, unless gone. */
    synchronized Optional<FileCache> findCache(String fileCacheId) {
        return Optional.ofNullable(fileCaches.get(fileCacheId)).filter(cache -> !cache.gone(now()));
    }

    /**
     * Makes an AVAILABLE cache's association paths directories in its data, so that a pod sees
     * the repositories where they are linked; what the pods wrote there stays.
     */
    synchronized void link(FileCache cache) {
        if (linkedCaches.contains(cache.id())) {
            return;
        }
        Path base = directories.create(cache.id());
        for (CacheAssociation association : cache.associations()) {
            for (String directory : association.link().cacheDirectories()) {
                try {
                    Files.createDirectories(FileSystemDirectories.within(base, directory));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create " + directory + " in cache " + cache.id(), e);
                }
            }
        }
        linkedCaches.add(cache.id());
    }

    /** For the node's mounts: the file system as it is now, unless gone. */
    synchronized Optional<FileSystem> find(String fileSystemId) {
        return Optional.ofNullable(fileSystems.get(fileSystemId)).filter(fs -> !fs.gone(now()));
    }

    private FileSystem require(String fileSystemId, Instant now) {
        FileSystem fileSystem = fileSystems.get(fileSystemId);
        if (fileSystem == null || fileSystem.gone(now)) {
            throw FsxError.fileSystemNotFound(fileSystemId);
        }
        return fileSystem;
    }


    /** SCRATCH_1 file systems are all mounted as {@code fsx}; the others get a name unique in the region. */
    private String mountName(LustreSpec spec) {
        if (spec.deploymentType() == DeploymentType.SCRATCH_1) {
            return FsxIds.SCRATCH_1_MOUNT_NAME;
        }
        return uniqueMountName();
    }

    private String uniqueMountName() {
        String name = FsxIds.newMountName();
        while (taken(name)) {
            name = FsxIds.newMountName();
        }
        return name;
    }

    private boolean taken(String mountName) {
        return fileSystems.values().stream().anyMatch(fs -> fs.mountName().equals(mountName))
                || fileCaches.values().stream().anyMatch(cache -> cache.mountName().equals(mountName));
    }

    /** CREATING from now for {@code delay.<transition>.available}, FAILED then if {@code fail.<transition>.create} is set. */
    private Timeline newTimeline(Instant now, String transition) {
        return new Timeline(now, now.plus(knobs().delay(transition + ".available")), now.plus(knobs().consistencyWindow()),
                knobs().failure(transition + ".create"), Optional.empty());
    }

    private void createDirectory(String id) {
        try {
            directories.create(id);
        } catch (UncheckedIOException e) {
            throw FsxError.internal(e.getMessage());
        }
    }

    private FileCache requireCache(String fileCacheId, Instant now) {
        FileCache cache = fileCaches.get(fileCacheId);
        if (cache == null || cache.gone(now)) {
            throw FsxError.fileCacheNotFound(fileCacheId);
        }
        return cache;
    }

    private static <T> T requireTaggable(T resource, BiPredicate<T, Instant> gone, String arn, Instant now) {
        if (resource == null || gone.test(resource, now)) {
            throw FsxError.resourceNotFound(arn);
        }
        return resource;
    }

    private CacheAssociation requireAssociation(FsxIds.Tagged.OfAssociation named, String arn, Instant now) {
        FileCache cache = requireTaggable(fileCaches.get(named.fileCacheId()), FileCache::gone, arn, now);
        return cache.association(named.associationId()).orElseThrow(() -> FsxError.resourceNotFound(arn));
    }

    Optional<Duration> tokenTtl() {
        return knobs().tokenTtl("fsx");
    }

    Knobs knobs() {
        return context.knobs();
    }

    /** For {@link OntapState}, with the lock held: the tokens, and the next creation sequence number. */
    ClientTokens tokens() {
        return tokens;
    }

    long nextSequence() {
        return ++sequence;
    }

    /** Saves the state as it is now; with the lock held. */
    void changed() {
        changeListener.accept(contents());
    }
}
