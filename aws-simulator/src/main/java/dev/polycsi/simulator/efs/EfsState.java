package dev.polycsi.simulator.efs;

import dev.polycsi.simulator.SimContext;
import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.network.SimulatedNetwork;
import dev.polycsi.simulator.storage.FileSystemDirectories;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The simulated EFS account in one region: file systems, their mount targets and access points.
 * Every method is atomic (the object is its own lock); writes are seen at once by the other
 * methods, while Describe listings hide resources younger than the consistency window, as EFS's
 * eventually consistent reads do.
 */
final class EfsState {

    /** EFS's default quota of access points per file system. */
    static final int ACCESS_POINTS_PER_FILE_SYSTEM = 10_000;
    /** EFS's default quota of file systems per account and region. */
    static final int FILE_SYSTEMS_PER_ACCOUNT = 1_000;

    /**
     * Everything a restarted simulator needs to go on where this one stopped, including the
     * counters that order listings and hand out mount target addresses.
     */
    record Contents(List<FileSystem> fileSystems, List<MountTarget> mountTargets, List<AccessPoint> accessPoints, long sequence,
            int addressesIssued) {

        Contents {
            fileSystems = List.copyOf(fileSystems);
            mountTargets = List.copyOf(mountTargets);
            accessPoints = List.copyOf(accessPoints);
        }
    }

    private final SimContext context;
    private final int accessPointLimit;
    private final FileSystemDirectories directories;
    private final Map<String, FileSystem> fileSystems = new LinkedHashMap<>();
    private final Map<String, MountTarget> mountTargets = new LinkedHashMap<>();
    private final Map<String, AccessPoint> accessPoints = new LinkedHashMap<>();
    private final MountTargetAddresses addresses = new MountTargetAddresses();
    private long sequence;
    private Consumer<Contents> changeListener = contents -> {};

    EfsState(SimContext context, int accessPointLimit) {
        if (accessPointLimit < 1) {
            throw new IllegalArgumentException("the access point limit must be at least 1");
        }
        this.context = context;
        this.accessPointLimit = accessPointLimit;
        this.directories = new FileSystemDirectories(context.config().dataDir(), "efs");
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
        return new Contents(List.copyOf(fileSystems.values()), List.copyOf(mountTargets.values()), List.copyOf(accessPoints.values()),
                sequence, addresses.issued());
    }

    /** Replaces the state with saved contents, before the first call. */
    synchronized void restore(Contents contents) {
        fileSystems.clear();
        mountTargets.clear();
        accessPoints.clear();
        contents.fileSystems().forEach(fs -> fileSystems.put(fs.id(), fs));
        contents.mountTargets().forEach(mt -> mountTargets.put(mt.id(), mt));
        contents.accessPoints().forEach(ap -> accessPoints.put(ap.id(), ap));
        sequence = contents.sequence();
        addresses.continueAfter(contents.addressesIssued());
    }

    /**
     * Adds a file system that is available and listed from the start, with its mount targets; its
     * creation token is its id. A directory left by an earlier run keeps its data.
     */
    synchronized void seed(String fileSystemId) {
        if (!EfsIds.isFileSystemId(fileSystemId)) {
            throw new IllegalArgumentException("seeded file system id '" + fileSystemId + "' is not fs- and 8 to 40 hex digits");
        }
        if (fileSystems.containsKey(fileSystemId)) {
            return;
        }
        Instant now = now();
        add(fileSystemId, SimulatorConfig.ACCOUNT_ID, fileSystemId, FileSystemOptions.DEFAULTS, List.of(), new Lifecycle(now, now, now));
        changed();
    }

    /** CreateFileSystem: a reused creation token answers FileSystemAlreadyExists naming the file system. */
    synchronized FileSystem createFileSystem(String caller, String creationToken, FileSystemOptions options, List<Tag> tags) {
        Optional<FileSystem> existing = fileSystems.values().stream()
                .filter(fs -> fs.ownerId().equals(caller) && fs.creationToken().equals(creationToken)).findFirst();
        if (existing.isPresent()) {
            throw EfsError.fileSystemAlreadyExists(existing.get().id(), creationToken);
        }
        if (fileSystems.values().stream().filter(fs -> fs.ownerId().equals(caller)).count() >= FILE_SYSTEMS_PER_ACCOUNT) {
            throw EfsError.fileSystemLimitExceeded(FILE_SYSTEMS_PER_ACCOUNT);
        }
        options.availabilityZone().filter(zone -> !config().zones().contains(zone)).ifPresent(zone -> {
            throw EfsError.unsupportedAvailabilityZone(zone);
        });
        String id = unusedId(EfsIds::newFileSystemId, fileSystems);
        FileSystem fileSystem = add(id, caller, creationToken, options, tags, newLifecycle("filesystem.available"));
        changed();
        return fileSystem;
    }

    private FileSystem add(String id, String owner, String creationToken, FileSystemOptions options, List<Tag> tags, Lifecycle lifecycle) {
        try {
            directories.create(id);
        } catch (UncheckedIOException e) {
            throw EfsError.internal(e.getMessage());
        }
        FileSystem fileSystem = new FileSystem(++sequence, id, creationToken, options, tags, lifecycle, owner);
        fileSystems.put(id, fileSystem);
        List<String> zones = options.availabilityZone().map(List::of).orElse(config().zones());
        for (String zone : zones) {
            String mountTargetId = unusedId(EfsIds::newMountTargetId, mountTargets);
            mountTargets.put(mountTargetId, new MountTarget(++sequence, mountTargetId, id, zone, config().zoneId(zone),
                    addresses.next(), SimulatedNetwork.subnetId(config(), zone), SimulatedNetwork.VPC_ID,
                    EfsIds.newNetworkInterfaceId(), lifecycle));
        }
        return fileSystem;
    }

    /** DescribeFileSystems: one by id (FileSystemNotFound if none), by creation token, or all listed. */
    synchronized List<FileSystem> describeFileSystems(String caller, Optional<String> fileSystemId, Optional<String> creationToken) {
        Instant now = now();
        if (fileSystemId.isPresent()) {
            FileSystem fileSystem = fileSystems.get(fileSystemId.get());
            if (fileSystem == null || !fileSystem.ownerId().equals(caller) || !fileSystem.lifecycle().visible(now)) {
                throw EfsError.fileSystemNotFound(fileSystemId.get());
            }
            return creationToken.isEmpty() || creationToken.get().equals(fileSystem.creationToken()) ? List.of(fileSystem) : List.of();
        }
        return fileSystems.values().stream()
                .filter(fs -> fs.ownerId().equals(caller))
                .filter(fs -> fs.lifecycle().visible(now))
                .filter(fs -> creationToken.isEmpty() || creationToken.get().equals(fs.creationToken()))
                .toList();
    }

    /**
     * DeleteFileSystem: refused while mount targets remain, as EFS does; its access points and
     * data go with it (the data outside the lock, as a large tree takes a while).
     */
    void deleteFileSystem(String caller, String fileSystemId) {
        synchronized (this) {
            requireFileSystem(caller, fileSystemId);
            int inUse = mountTargetCount(fileSystemId);
            if (inUse > 0) {
                throw EfsError.fileSystemInUse(fileSystemId, inUse);
            }
            accessPoints.values().removeIf(ap -> ap.fileSystemId().equals(fileSystemId));
            fileSystems.remove(fileSystemId);
            changed();
        }
        try {
            directories.delete(fileSystemId);
        } catch (UncheckedIOException e) {
            throw EfsError.internal(e.getMessage());
        }
    }

    /**
     * CreateAccessPoint. A client token already used in this region answers AccessPointAlreadyExists
     * naming the access point it created, whatever the other parameters: that is what EFS does
     * (its documentation of the error, and aws/aws-cli#6198, where an identical retry gets it).
     */
    synchronized AccessPoint createAccessPoint(String caller, String fileSystemId, String clientToken, Optional<PosixUser> posixUser,
            RootDirectory rootDirectory, List<Tag> tags) {
        Optional<AccessPoint> existing = accessPoints.values().stream()
                .filter(ap -> ownedBy(ap, caller) && ap.clientToken().equals(clientToken)).findFirst();
        if (existing.isPresent()) {
            throw EfsError.accessPointAlreadyExists(existing.get().id(), clientToken);
        }
        FileSystem fileSystem = requireFileSystem(caller, fileSystemId);
        String state = fileSystem.lifecycle().state(now());
        if (!state.equals(Lifecycle.AVAILABLE)) {
            throw EfsError.incorrectFileSystemLifeCycleState(fileSystemId, state);
        }
        if (accessPoints.values().stream().filter(ap -> ap.fileSystemId().equals(fileSystemId)).count() >= accessPointLimit) {
            throw EfsError.accessPointLimitExceeded(fileSystemId, accessPointLimit);
        }
        String id = unusedId(EfsIds::newAccessPointId, accessPoints);
        AccessPoint accessPoint = new AccessPoint(++sequence, id, fileSystemId, clientToken, posixUser, rootDirectory, tags,
                newLifecycle("accesspoint.available"));
        accessPoints.put(id, accessPoint);
        changed();
        return accessPoint;
    }

    /** DescribeAccessPoints: one by id (AccessPointNotFound if none), those of a file system, or all listed. */
    synchronized List<AccessPoint> describeAccessPoints(String caller, Optional<String> accessPointId, Optional<String> fileSystemId) {
        Instant now = now();
        if (accessPointId.isPresent()) {
            AccessPoint accessPoint = accessPoints.get(accessPointId.get());
            if (accessPoint == null || !ownedBy(accessPoint, caller) || !accessPoint.lifecycle().visible(now)) {
                throw EfsError.accessPointNotFound(accessPointId.get());
            }
            return List.of(accessPoint);
        }
        fileSystemId.ifPresent(id -> requireFileSystem(caller, id));
        return accessPoints.values().stream()
                .filter(ap -> ownedBy(ap, caller))
                .filter(ap -> fileSystemId.isEmpty() || ap.fileSystemId().equals(fileSystemId.get()))
                .filter(ap -> ap.lifecycle().visible(now))
                .toList();
    }

    synchronized void deleteAccessPoint(String caller, String accessPointId) {
        requireAccessPoint(caller, accessPointId);
        accessPoints.remove(accessPointId);
        changed();
    }

    /** DescribeMountTargets of a file system, of the file system of an access point, or one by id. */
    synchronized List<MountTarget> describeMountTargets(String caller, Optional<String> fileSystemId, Optional<String> mountTargetId,
            Optional<String> accessPointId) {
        if (mountTargetId.isPresent()) {
            return List.of(requireMountTarget(caller, mountTargetId.get()));
        }
        String ofFileSystem = fileSystemId.orElseGet(() -> requireAccessPoint(caller, accessPointId.orElseThrow()).fileSystemId());
        requireFileSystem(caller, ofFileSystem);
        return mountTargets.values().stream().filter(mt -> mt.fileSystemId().equals(ofFileSystem)).toList();
    }

    synchronized int mountTargetCount(String fileSystemId) {
        return (int) mountTargets.values().stream().filter(mt -> mt.fileSystemId().equals(fileSystemId)).count();
    }

    synchronized void deleteMountTarget(String caller, String mountTargetId) {
        requireMountTarget(caller, mountTargetId);
        mountTargets.remove(mountTargetId);
        changed();
    }

    synchronized List<Tag> tagsOf(String caller, String resourceId) {
        return EfsIds.isAccessPointId(resourceId)
                ? requireAccessPoint(caller, EfsIds.accessPointId(resourceId)).tags()
                : requireFileSystem(caller, EfsIds.fileSystemId(resourceId)).tags();
    }

    synchronized void tag(String caller, String resourceId, List<Tag> tags) {
        replaceTags(caller, resourceId, existing -> Tag.merge(existing, tags));
    }

    synchronized void untag(String caller, String resourceId, List<String> keys) {
        replaceTags(caller, resourceId, existing -> Tag.without(existing, keys));
    }

    private void replaceTags(String caller, String resourceId, UnaryOperator<List<Tag>> change) {
        if (EfsIds.isAccessPointId(resourceId)) {
            AccessPoint accessPoint = requireAccessPoint(caller, EfsIds.accessPointId(resourceId));
            accessPoints.put(accessPoint.id(), accessPoint.withTags(change.apply(accessPoint.tags())));
        } else {
            FileSystem fileSystem = requireFileSystem(caller, EfsIds.fileSystemId(resourceId));
            fileSystems.put(fileSystem.id(), fileSystem.withTags(change.apply(fileSystem.tags())));
        }
        changed();
    }

    /** For the node's mounts: the file system as it is now, listed or not. */
    synchronized Optional<FileSystem> findFileSystem(String fileSystemId) {
        return Optional.ofNullable(fileSystems.get(fileSystemId));
    }

    synchronized Optional<AccessPoint> findAccessPoint(String accessPointId) {
        return Optional.ofNullable(accessPoints.get(accessPointId));
    }

    synchronized Optional<MountTarget> findMountTargetByAddress(String ipAddress) {
        return mountTargets.values().stream().filter(mt -> mt.ipAddress().equals(ipAddress)).findFirst();
    }

    /** Another account's file system is not found, as in EFS: the API shows an account its own resources only. */
    private FileSystem requireFileSystem(String caller, String fileSystemId) {
        FileSystem fileSystem = fileSystems.get(fileSystemId);
        if (fileSystem == null || !fileSystem.ownerId().equals(caller)) {
            throw EfsError.fileSystemNotFound(fileSystemId);
        }
        return fileSystem;
    }

    private AccessPoint requireAccessPoint(String caller, String accessPointId) {
        AccessPoint accessPoint = accessPoints.get(accessPointId);
        if (accessPoint == null || !ownedBy(accessPoint, caller)) {
            throw EfsError.accessPointNotFound(accessPointId);
        }
        return accessPoint;
    }

    private MountTarget requireMountTarget(String caller, String mountTargetId) {
        MountTarget mountTarget = mountTargets.get(mountTargetId);
        if (mountTarget == null || !ownerOf(mountTarget.fileSystemId()).equals(caller)) {
            throw EfsError.mountTargetNotFound(mountTargetId);
        }
        return mountTarget;
    }

    private boolean ownedBy(AccessPoint accessPoint, String caller) {
        return ownerOf(accessPoint.fileSystemId()).equals(caller);
    }

    /** The account a file system (and its access points and mount targets) belongs to; "" once it is gone. */
    synchronized String ownerOf(String fileSystemId) {
        FileSystem fileSystem = fileSystems.get(fileSystemId);
        return fileSystem == null ? "" : fileSystem.ownerId();
    }

    private void changed() {
        changeListener.accept(contents());
    }

    private Lifecycle newLifecycle(String availableTransition) {
        Instant now = now();
        return new Lifecycle(now, now.plus(context.knobs().delay(availableTransition)), now.plus(context.knobs().consistencyWindow()));
    }

    private SimulatorConfig config() {
        return context.config();
    }

    private static String unusedId(Supplier<String> generator, Map<String, ?> taken) {
        String id = generator.get();
        while (taken.containsKey(id)) {
            id = generator.get();
        }
        return id;
    }
}
