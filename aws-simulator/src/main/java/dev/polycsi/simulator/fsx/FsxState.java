package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.SimContext;
import dev.polycsi.simulator.knobs.Knobs;
import dev.polycsi.simulator.storage.FileSystemDirectories;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The simulated FSx account in one region: Lustre file systems and the client tokens used on
 * them. Every method is atomic (the object is its own lock); Describe listings hide file systems
 * younger than the {@code consistency} window. Delays and failures are read from the knobs when
 * a transition starts.
 */
final class FsxState {

    /** FSx's default quota of Lustre file systems per account and region. */
    static final int FILE_SYSTEMS_PER_ACCOUNT = 100;
    /** FSx gives a new Lustre file system network interfaces in its subnet; two stand for them. */
    private static final int NETWORK_INTERFACES = 2;

    static final String CREATE = "CreateFileSystem";
    static final String UPDATE = "UpdateFileSystem";
    static final String DELETE = "DeleteFileSystem";

    /** Everything a restarted simulator needs to go on where this one stopped. */
    record Contents(List<FileSystem> fileSystems, List<ClientTokens.Use> tokens, long sequence) {

        Contents {
            fileSystems = List.copyOf(fileSystems);
            tokens = List.copyOf(tokens);
        }
    }

    private final SimContext context;
    private final int fileSystemLimit;
    private final FileSystemDirectories directories;
    private final Map<String, FileSystem> fileSystems = new LinkedHashMap<>();
    private final ClientTokens tokens = new ClientTokens();
    private long sequence;
    private Consumer<Contents> changeListener = contents -> {};

    FsxState(SimContext context, int fileSystemLimit) {
        if (fileSystemLimit < 1) {
            throw new IllegalArgumentException("the file system limit must be at least 1");
        }
        this.context = context;
        this.fileSystemLimit = fileSystemLimit;
        this.directories = new FileSystemDirectories(context.config().dataDir(), "fsx");
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
        return new Contents(List.copyOf(fileSystems.values()), tokens.all(), sequence);
    }

    /** Replaces the state with saved contents, before the first call. */
    synchronized void restore(Contents contents) {
        fileSystems.clear();
        contents.fileSystems().forEach(fs -> fileSystems.put(fs.id(), fs));
        tokens.restore(contents.tokens());
        sequence = contents.sequence();
    }

    /** Removes the file systems whose deletion has ended, with their tokens; their ids, for their data to go too. */
    synchronized List<String> settle() {
        Instant now = now();
        List<String> gone = fileSystems.values().stream().filter(fs -> fs.gone(now)).map(FileSystem::id).toList();
        gone.forEach(id -> {
            fileSystems.remove(id);
            tokens.forget(id);
        });
        tokens.expire(now, tokenTtl());
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
        List<String> interfaces = new ArrayList<>();
        for (int i = 0; i < NETWORK_INTERFACES; i++) {
            interfaces.add(FsxIds.newNetworkInterfaceId());
        }
        try {
            directories.create(id);
        } catch (UncheckedIOException e) {
            throw FsxError.internal(e.getMessage());
        }
        FileSystem fileSystem = new FileSystem(++sequence, id, request.spec(),
                new Placement(request.subnetId(), request.zone(), request.securityGroupIds(), interfaces), mountName(request.spec()),
                request.tags(), now, now.plus(knobs().delay("fsx.filesystem.available")), now.plus(knobs().consistencyWindow()),
                knobs().failure("fsx.filesystem.create"), List.of(), Optional.empty());
        fileSystems.put(id, fileSystem);
        tokens.record(CREATE, token, parameters, id, now);
        changed();
        return fileSystem;
    }

    /** DescribeFileSystems: the named ones (FileSystemNotFound for the first unknown), or all listed. */
    synchronized List<FileSystem> describe(List<String> ids) {
        Instant now = now();
        if (ids.isEmpty()) {
            return fileSystems.values().stream().filter(fs -> fs.visible(now)).toList();
        }
        List<FileSystem> found = new ArrayList<>();
        for (String id : ids.stream().distinct().toList()) {
            FileSystem fileSystem = fileSystems.get(id);
            if (fileSystem == null || !fileSystem.visible(now)) {
                throw FsxError.fileSystemNotFound(id);
            }
            found.add(fileSystem);
        }
        found.sort(java.util.Comparator.comparingLong(FileSystem::sequence));
        return found;
    }

    /**
     * UpdateFileSystem: settings at once, a capacity increase as a new pair of administrative
     * actions. One increase at a time, and none before the cooldown after the last request
     * (FSx: 6 hours; knob {@code delay.fsx.filesystem.cooldown}).
     */
    synchronized FileSystem update(String fileSystemId, String token, SortedMap<String, String> parameters, Optional<Integer> capacity,
            UnaryOperator<LustreSpec> settings) {
        Instant now = now();
        if (tokens.replay(UPDATE, token, parameters, now, tokenTtl()).filter(fileSystems::containsKey).isPresent()) {
            return fileSystems.get(fileSystemId);
        }
        FileSystem fileSystem = require(fileSystemId, now);
        if (capacity.isPresent() && fileSystem.latestUpdate().filter(update -> update.inProgress(now)).isPresent()) {
            throw FsxError.badRequest("Unable to perform the storage capacity update. There is an update already in progress.");
        }
        Lifecycle lifecycle = fileSystem.lifecycle(now);
        if (lifecycle != Lifecycle.AVAILABLE) {
            throw FsxError.badRequest("Cannot update file system %s while in %s state.", fileSystemId, lifecycle);
        }
        FileSystem updated = fileSystem.withSpec(settings.apply(fileSystem.spec()));
        if (capacity.isPresent()) {
            updated = updated.withUpdate(capacityUpdate(fileSystem, capacity.get(), now));
        }
        fileSystems.put(fileSystemId, updated);
        tokens.record(UPDATE, token, parameters, fileSystemId, now);
        changed();
        return updated;
    }

    private CapacityUpdate capacityUpdate(FileSystem fileSystem, int target, Instant now) {
        LustreSpec spec = fileSystem.spec();
        StorageCapacityRules.requireValidIncrease(fileSystem.storageCapacity(now), target, spec.deploymentType(), spec.storageType(),
                spec.perUnitStorageThroughput());
        Duration cooldown = knobs().delay("fsx.filesystem.cooldown");
        fileSystem.latestUpdate().map(last -> last.requestTime().plus(cooldown)).filter(now::isBefore).ifPresent(allowedAt -> {
            throw FsxError.badRequest("Unable to perform the storage capacity update. The storage capacity can be increased again %s after"
                    + " the last increase was requested, at %s.", cooldown, allowedAt);
        });
        Instant inProgressAt = now.plus(knobs().delay("fsx.filesystem.pending"));
        Instant updatedAt = inProgressAt.plus(knobs().delay("fsx.filesystem.updating"));
        return new CapacityUpdate(now, target, inProgressAt, updatedAt, updatedAt.plus(knobs().delay("fsx.filesystem.optimizing")),
                knobs().failure("fsx.filesystem.update"));
    }

    /** DeleteFileSystem: DELETING until {@code delay.fsx.filesystem.deleting} has passed; not while CREATING or UPDATING. */
    synchronized FileSystem delete(String fileSystemId, String token, SortedMap<String, String> parameters) {
        Instant now = now();
        if (tokens.replay(DELETE, token, parameters, now, tokenTtl()).filter(fileSystems::containsKey).isPresent()) {
            return fileSystems.get(fileSystemId);
        }
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

    synchronized List<Tag> tagsOf(String fileSystemId, String arn) {
        return requireTaggable(fileSystemId, arn).tags();
    }

    synchronized void tag(String fileSystemId, String arn, List<Tag> added) {
        FileSystem fileSystem = requireTaggable(fileSystemId, arn);
        fileSystems.put(fileSystemId, fileSystem.withTags(Tag.merge(fileSystem.tags(), added)));
        changed();
    }

    synchronized void untag(String fileSystemId, String arn, List<String> keys) {
        FileSystem fileSystem = requireTaggable(fileSystemId, arn);
        fileSystems.put(fileSystemId, fileSystem.withTags(Tag.without(fileSystem.tags(), keys)));
        changed();
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

    private FileSystem requireTaggable(String fileSystemId, String arn) {
        FileSystem fileSystem = fileSystems.get(fileSystemId);
        if (fileSystem == null || fileSystem.gone(now())) {
            throw FsxError.resourceNotFound(arn);
        }
        return fileSystem;
    }

    /** SCRATCH_1 file systems are all mounted as {@code fsx}; the others get a name unique in the region. */
    private String mountName(LustreSpec spec) {
        if (spec.deploymentType() == DeploymentType.SCRATCH_1) {
            return FsxIds.SCRATCH_1_MOUNT_NAME;
        }
        String name = FsxIds.newMountName();
        while (taken(name)) {
            name = FsxIds.newMountName();
        }
        return name;
    }

    private boolean taken(String mountName) {
        return fileSystems.values().stream().anyMatch(fs -> fs.mountName().equals(mountName));
    }

    private Optional<Duration> tokenTtl() {
        return knobs().tokenTtl("fsx");
    }

    private Knobs knobs() {
        return context.knobs();
    }

    private void changed() {
        changeListener.accept(contents());
    }
}
