package dev.polycsi.fsx.lustre.controller;

import dev.polycsi.fsx.lustre.cloud.FileSystemAction;
import dev.polycsi.fsx.lustre.cloud.LustreErrors;
import dev.polycsi.fsx.lustre.cloud.Lifecycle;
import dev.polycsi.fsx.lustre.cloud.LustreCloud;
import dev.polycsi.fsx.lustre.cloud.LustreFileSystem;
import dev.polycsi.fsx.lustre.cloud.NewFileSystem;
import dev.polycsi.fsx.lustre.params.DataRepository;
import dev.polycsi.fsx.lustre.params.DeploymentType;
import dev.polycsi.fsx.lustre.params.LustreChange;
import dev.polycsi.fsx.lustre.params.MetadataConfiguration;
import dev.polycsi.fsx.lustre.params.MetadataMode;
import dev.polycsi.fsx.support.FsxErrors;
import dev.polycsi.fsx.support.FsxTags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * FSx for Lustre in memory, with the lifecycles the test drives: file systems stay CREATING until
 * {@link #finishCreating}, updates PENDING until {@link #advanceUpdate}, deletions DELETING until
 * {@link #finishDeleting}. It fails as FSx does (through {@link FsxErrors#error}, as the SDK
 * implementation maps FSx's answers): FileSystemNotFound, IncompatibleParameterError for a token
 * used with other parameters, BadRequest for an update while another runs, within 6 hours of the
 * last increase, or of a file system that is not AVAILABLE.
 *
 * <p>Client tokens are remembered until {@link #expireTokens}; a token whose file system has gone
 * is answered with the file system as first created (CREATING), the worst FSx could do. New file
 * systems may be missing from the next {@link #listingLag} listings and {@link #describeLag}
 * look-ups by id, as FSx's eventually consistent Describe.
 */
final class FakeLustreCloud implements LustreCloud {

    static final String DNS_SUFFIX = ".fsx.us-east-1.amazonaws.com";

    /** One file system's state, changed in place by the test's steps. */
    static final class State {
        final String id;
        Lifecycle lifecycle = Lifecycle.CREATING;
        Optional<String> failureMessage = Optional.empty();
        long capacityGiB;
        String deploymentType;
        String storageType;
        Optional<Integer> throughput;
        Optional<String> driveCache;
        boolean efa;
        Optional<MetadataMode> metadataMode;
        Optional<Integer> metadataIops;
        List<String> subnets;
        String mountName;
        Optional<String> version;
        Optional<String> importPath;
        Map<String, String> tags;
        Instant created;
        final List<FileSystemAction> actions = new ArrayList<>();
        /** Listings, and look-ups by id, that will not show it yet: DescribeFileSystems lagging behind CreateFileSystem. */
        int hiddenFromListings;
        int hiddenFromDescribes;

        State(String id) {
            this.id = id;
        }
    }

    private record TokenUse(Object parameters, String fileSystemId, LustreFileSystem firstAnswer) {
    }

    private final Clock clock;
    private final Map<String, State> fileSystems = new LinkedHashMap<>();
    private final Map<String, TokenUse> tokens = new HashMap<>();
    private int nextId = 1;

    /** How many listings, and look-ups by id, a new file system is missing from. */
    int listingLag;
    int describeLag;
    /** FSx's time between two storage capacity increases. */
    Duration cooldown = Duration.ofHours(6);
    /** Whether DescribeFileSystems shows the administrative actions. */
    boolean listsActions = true;

    final List<String> createTokens = new ArrayList<>();
    final List<NewFileSystem> createRequests = new ArrayList<>();
    final List<String> updateTokens = new ArrayList<>();
    final List<String> deletes = new ArrayList<>();
    int listings;
    boolean closed;

    FakeLustreCloud(Clock clock) {
        this.clock = clock;
    }

    // ---- LustreCloud

    @Override
    public synchronized LustreFileSystem create(NewFileSystem request) {
        createTokens.add(request.clientToken());
        createRequests.add(request);
        Object parameters = List.of(request.storageCapacityGiB(), request.settings(), request.tags());
        TokenUse use = tokens.get(request.clientToken());
        if (use != null) {
            if (!use.parameters().equals(parameters)) {
                throw LustreErrors.ERRORS.error("CreateFileSystem", FsxErrors.INCOMPATIBLE_PARAMETER,
                        "The client request token was used before with other parameters.");
            }
            State earlier = fileSystems.get(use.fileSystemId());
            return earlier == null ? use.firstAnswer() : view(earlier);
        }
        State state = new State(newId());
        state.capacityGiB = request.storageCapacityGiB();
        state.deploymentType = request.settings().effectiveDeploymentType().name();
        state.storageType = request.settings().effectiveStorageType().name();
        state.throughput = request.settings().perUnitStorageThroughput();
        state.driveCache = request.settings().driveCacheType().map(Enum::name);
        state.efa = request.settings().efaEnabled();
        state.metadataMode = request.settings().metadata().map(MetadataConfiguration::mode);
        state.metadataIops = request.settings().metadata().flatMap(MetadataConfiguration::iops)
                .or(() -> state.metadataMode.map(mode -> 1500));
        state.subnets = List.of(request.settings().subnetId());
        state.mountName = request.settings().effectiveDeploymentType() == DeploymentType.SCRATCH_1 ? "fsx" : "abcd" + state.id.substring(3, 7);
        state.version = Optional.of(request.settings().fileSystemTypeVersion().map(Object::toString).orElse("2.15"));
        state.importPath = request.settings().dataRepository().map(DataRepository::importPath);
        state.tags = Map.copyOf(request.tags());
        state.created = clock.instant();
        state.hiddenFromListings = listingLag;
        state.hiddenFromDescribes = describeLag;
        fileSystems.put(state.id, state);
        LustreFileSystem answer = view(state);
        tokens.put(request.clientToken(), new TokenUse(parameters, state.id, answer));
        return answer;
    }

    @Override
    public synchronized Optional<LustreFileSystem> describe(String fileSystemId) {
        State state = fileSystems.get(fileSystemId);
        if (state != null && state.hiddenFromDescribes > 0) {
            state.hiddenFromDescribes--;
            return Optional.empty();
        }
        return Optional.ofNullable(state).map(this::view);
    }

    @Override
    public synchronized List<LustreFileSystem> findByVolumeName(String volumeName) {
        listings++;
        List<LustreFileSystem> found = new ArrayList<>();
        for (State state : fileSystems.values()) {
            if (state.hiddenFromListings > 0) {
                state.hiddenFromListings--;
            } else if (volumeName.equals(state.tags.get(FsxTags.VOLUME_NAME_TAG))) {
                found.add(view(state));
            }
        }
        return found;
    }

    @Override
    public synchronized LustreFileSystem updateStorageCapacity(String fileSystemId, String clientToken, long storageCapacityGiB) {
        State state = requireUpdatable(fileSystemId, clientToken);
        Instant now = clock.instant();
        state.actions.stream().filter(FileSystemAction::isCapacityUpdate).filter(action -> !action.isFailed())
                .map(action -> action.requestTime().plus(cooldown)).filter(now::isBefore).findFirst().ifPresent(allowed -> {
                    throw badRequest("UpdateFileSystem " + fileSystemId, "Unable to perform the storage capacity update. The storage "
                            + "capacity can be increased again 6 hours after the last increase was requested.");
                });
        state.actions.add(new FileSystemAction(FileSystemAction.FILE_SYSTEM_UPDATE, FileSystemAction.PENDING, now,
                Optional.of((int) storageCapacityGiB), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        return view(state);
    }

    @Override
    public synchronized LustreFileSystem updateLustre(String fileSystemId, String clientToken, LustreChange change) {
        State state = requireUpdatable(fileSystemId, clientToken);
        state.actions.add(new FileSystemAction(FileSystemAction.FILE_SYSTEM_UPDATE, FileSystemAction.PENDING, clock.instant(),
                Optional.empty(), change.perUnitStorageThroughput(), change.metadata().map(MetadataConfiguration::mode),
                change.metadata().flatMap(MetadataConfiguration::iops), Optional.empty(), Optional.empty()));
        return view(state);
    }

    private State requireUpdatable(String fileSystemId, String clientToken) {
        updateTokens.add(clientToken);
        State state = require("UpdateFileSystem", fileSystemId);
        if (state.actions.stream().anyMatch(action -> action.isUpdate() && action.isRunning())) {
            throw badRequest("UpdateFileSystem " + fileSystemId,
                    "Unable to perform the storage capacity update. There is an update already in progress.");
        }
        if (state.lifecycle != Lifecycle.AVAILABLE) {
            throw badRequest("UpdateFileSystem " + fileSystemId,
                    "Cannot update file system %s while in %s state.".formatted(fileSystemId, state.lifecycle));
        }
        return state;
    }

    @Override
    public synchronized boolean delete(String fileSystemId) {
        deletes.add(fileSystemId);
        State state = fileSystems.get(fileSystemId);
        if (state == null) {
            return false;
        }
        if (state.lifecycle == Lifecycle.CREATING || state.lifecycle == Lifecycle.UPDATING) {
            throw badRequest("DeleteFileSystem " + fileSystemId,
                    "Cannot delete file system %s while in %s state.".formatted(fileSystemId, state.lifecycle));
        }
        state.lifecycle = Lifecycle.DELETING;
        return true;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    // ---- what the test drives

    synchronized String finishCreating(String fileSystemId) {
        state(fileSystemId).lifecycle = Lifecycle.AVAILABLE;
        return fileSystemId;
    }

    synchronized void fail(String fileSystemId, String message) {
        State state = state(fileSystemId);
        state.lifecycle = Lifecycle.FAILED;
        state.failureMessage = Optional.of(message);
    }

    synchronized void misconfigure(String fileSystemId, String message) {
        State state = state(fileSystemId);
        state.lifecycle = Lifecycle.MISCONFIGURED;
        state.failureMessage = Optional.of(message);
    }

    synchronized void finishDeleting(String fileSystemId) {
        if (state(fileSystemId).lifecycle != Lifecycle.DELETING) {
            throw new IllegalStateException(fileSystemId + " is not being deleted");
        }
        fileSystems.remove(fileSystemId);
    }

    synchronized void expireTokens() {
        tokens.clear();
    }

    /** A token someone used with other parameters. */
    synchronized void useToken(String token) {
        tokens.put(token, new TokenUse(List.of("someone else's request"), "fs-00000000000000000", null));
    }

    /**
     * Moves the newest update on: PENDING → IN_PROGRESS (the file system UPDATING) →
     * UPDATED_OPTIMIZING (the new values in effect; a capacity increase starts its storage
     * optimization) → COMPLETED.
     */
    synchronized void advanceUpdate(String fileSystemId) {
        State state = state(fileSystemId);
        int index = newestUpdate(state);
        FileSystemAction action = state.actions.get(index);
        String next = switch (action.status()) {
            case FileSystemAction.PENDING -> FileSystemAction.IN_PROGRESS;
            case FileSystemAction.IN_PROGRESS -> FileSystemAction.UPDATED_OPTIMIZING;
            case FileSystemAction.UPDATED_OPTIMIZING -> FileSystemAction.COMPLETED;
            default -> throw new IllegalStateException("update is " + action.status());
        };
        state.actions.set(index, withStatus(action, next, Optional.empty()));
        switch (next) {
            case FileSystemAction.IN_PROGRESS -> state.lifecycle = Lifecycle.UPDATING;
            case FileSystemAction.UPDATED_OPTIMIZING -> {
                state.lifecycle = Lifecycle.AVAILABLE;
                action.targetStorageCapacity().ifPresent(gib -> {
                    state.capacityGiB = gib;
                    state.actions.add(new FileSystemAction(FileSystemAction.STORAGE_OPTIMIZATION, FileSystemAction.IN_PROGRESS,
                            action.requestTime(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(0),
                            Optional.empty()));
                });
                action.targetThroughput().ifPresent(throughput -> state.throughput = Optional.of(throughput));
                action.targetMetadataMode().ifPresent(mode -> state.metadataMode = Optional.of(mode));
                action.targetMetadataIops().ifPresent(iops -> state.metadataIops = Optional.of(iops));
            }
            default -> state.actions.replaceAll(other -> other.type().equals(FileSystemAction.STORAGE_OPTIMIZATION)
                    ? withStatus(other, FileSystemAction.COMPLETED, Optional.empty()) : other);
        }
    }

    /** The newest update ends FAILED with {@code message}; the file system is AVAILABLE as before. */
    synchronized void failUpdate(String fileSystemId, String message) {
        State state = state(fileSystemId);
        int index = newestUpdate(state);
        state.actions.set(index, withStatus(state.actions.get(index), FileSystemAction.FAILED, Optional.of(message)));
        state.lifecycle = Lifecycle.AVAILABLE;
    }

    /** A file system made outside the driver (no CSIVolumeName tag), AVAILABLE, as static volumes name them. */
    synchronized State addStatic(String deploymentType, long capacityGiB) {
        State state = new State(newId());
        state.lifecycle = Lifecycle.AVAILABLE;
        state.capacityGiB = capacityGiB;
        state.deploymentType = deploymentType;
        state.storageType = "SSD";
        state.throughput = deploymentType.startsWith("PERSISTENT") ? Optional.of(deploymentType.equals("PERSISTENT_2") ? 125 : 50)
                : Optional.empty();
        state.driveCache = Optional.empty();
        state.metadataMode = Optional.empty();
        state.metadataIops = Optional.empty();
        state.subnets = List.of("subnet-0123456789abcdef0");
        state.mountName = deploymentType.equals("SCRATCH_1") ? "fsx" : "stat" + state.id.substring(3, 7);
        state.version = Optional.of("2.15");
        state.importPath = Optional.empty();
        state.tags = Map.of();
        state.created = clock.instant();
        fileSystems.put(state.id, state);
        return state;
    }

    synchronized State state(String fileSystemId) {
        State state = fileSystems.get(fileSystemId);
        if (state == null) {
            throw new IllegalStateException("no file system " + fileSystemId);
        }
        return state;
    }

    synchronized List<String> ids() {
        return List.copyOf(fileSystems.keySet());
    }

    // ---- helpers

    private String newId() {
        return "fs-%017x".formatted(nextId++);
    }

    private State require(String action, String fileSystemId) {
        State state = fileSystems.get(fileSystemId);
        if (state == null) {
            throw LustreErrors.ERRORS.error(action + " " + fileSystemId, LustreErrors.FILE_SYSTEM_NOT_FOUND,
                    "File system '" + fileSystemId + "' does not exist.");
        }
        return state;
    }

    private static int newestUpdate(State state) {
        for (int i = state.actions.size() - 1; i >= 0; i--) {
            if (state.actions.get(i).isUpdate()) {
                return i;
            }
        }
        throw new IllegalStateException("no update of " + state.id);
    }

    private static FileSystemAction withStatus(FileSystemAction action, String status, Optional<String> failure) {
        return new FileSystemAction(action.type(), status, action.requestTime(), action.targetStorageCapacity(), action.targetThroughput(),
                action.targetMetadataMode(), action.targetMetadataIops(), action.progressPercent(), failure);
    }

    private LustreFileSystem view(State state) {
        return new LustreFileSystem(state.id, state.lifecycle, state.failureMessage, state.capacityGiB, state.deploymentType,
                state.storageType, state.throughput, state.driveCache, state.efa, state.metadataMode, state.metadataIops, state.subnets,
                state.id + DNS_SUFFIX, state.mountName, state.version, state.importPath, new LinkedHashMap<>(state.tags), state.created,
                listsActions ? state.actions : List.of());
    }

    /** FSx's BadRequest, as the SDK implementation maps it. */
    private static RuntimeException badRequest(String what, String message) {
        return LustreErrors.ERRORS.error(what, FsxErrors.BAD_REQUEST, message);
    }
}
