package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.storage.FileSystemDirectories;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The simulated account's FSx for NetApp ONTAP resources: the seeded file system and SVM, the
 * volumes on it and their backups. Not thread-safe: {@link FsxState#ontap} calls it with its lock
 * held, and it uses that state's clock, knobs, client tokens and creation sequence, and saves
 * through it what it changes.
 */
final class OntapState {

    /** FSx for ONTAP's quota of volumes per file system (the SVM root volumes count; none is simulated). */
    static final int VOLUMES_PER_FILE_SYSTEM = 500;
    /** FSx's default quota of user-initiated backups per account and region. */
    static final int USER_INITIATED_BACKUPS = 10_000;

    static final String CREATE_VOLUME = "CreateVolume";
    static final String CREATE_VOLUME_FROM_BACKUP = "CreateVolumeFromBackup";
    static final String UPDATE_VOLUME = "UpdateVolume";
    static final String DELETE_VOLUME = "DeleteVolume";
    static final String CREATE_BACKUP = "CreateBackup";
    static final String DELETE_BACKUP = "DeleteBackup";

    private final FsxState owner;
    private final int volumeLimit;
    private final int backupLimit;
    private final FileSystemDirectories backupDirectories;
    private final Map<String, OntapFileSystem> fileSystems = new LinkedHashMap<>();
    private final Map<String, Svm> svms = new LinkedHashMap<>();
    private final Map<String, OntapVolume> volumes = new LinkedHashMap<>();
    private final Map<String, OntapBackup> backups = new LinkedHashMap<>();

    OntapState(FsxState owner, Path dataDir, int volumeLimit, int backupLimit) {
        if (volumeLimit < 1 || backupLimit < 1) {
            throw new IllegalArgumentException("the volume and backup limits must be at least 1");
        }
        this.owner = owner;
        this.volumeLimit = volumeLimit;
        this.backupLimit = backupLimit;
        this.backupDirectories = new FileSystemDirectories(dataDir.resolve("fsx"), "backups");
        seed();
    }

    /** Where a backup's copy of its volume's data is: {@code <dataDir>/fsx/backups/<backup-…>}. */
    Path backupDirectory(String backupId) {
        return backupDirectories.of(backupId);
    }

    List<OntapFileSystem> fileSystems() {
        return List.copyOf(fileSystems.values());
    }

    List<Svm> svms() {
        return List.copyOf(svms.values());
    }

    List<OntapVolume> volumes() {
        return List.copyOf(volumes.values());
    }

    List<OntapBackup> backups() {
        return List.copyOf(backups.values());
    }

    /** Replaces everything with saved contents; the seeded file system and SVM stay as saved, or come anew if not saved. */
    void restore(List<OntapFileSystem> savedFileSystems, List<Svm> savedSvms, List<OntapVolume> savedVolumes, List<OntapBackup> savedBackups) {
        fileSystems.clear();
        svms.clear();
        volumes.clear();
        backups.clear();
        savedFileSystems.forEach(fs -> fileSystems.put(fs.id(), fs));
        savedSvms.forEach(svm -> svms.put(svm.id(), svm));
        savedVolumes.forEach(volume -> volumes.put(volume.id(), volume));
        savedBackups.forEach(backup -> backups.put(backup.id(), backup));
        seed();
    }

    private void seed() {
        fileSystems.putIfAbsent(OntapSeed.FILE_SYSTEM_ID, OntapSeed.fileSystem());
        svms.putIfAbsent(OntapSeed.SVM_ID, OntapSeed.svm());
    }

    /**
     * Removes the volumes whose deletion has ended, and gives those created from a backup that
     * have become CREATED the backup's data; the ids of those gone, for the caller to forget their
     * tokens, save the change and delete their data.
     */
    List<String> settle(Instant now) {
        List<String> gone = volumes.values().stream().filter(volume -> volume.gone(now)).map(OntapVolume::id).toList();
        gone.forEach(volumes::remove);
        boolean restored = false;
        for (OntapVolume volume : List.copyOf(volumes.values())) {
            restored |= restore(volume, now);
        }
        if (restored) {
            owner.changed();
        }
        return gone;
    }

    /**
     * A volume created from a backup that has become CREATED gets the backup's data, once, before
     * anything can see it: the restore is done then, not when asked for. A FAILED one never does.
     */
    private boolean restore(OntapVolume volume, Instant now) {
        if (volume.pendingRestore().isEmpty() || volume.lifecycle(now) == OntapVolume.State.CREATING) {
            return false;
        }
        if (volume.lifecycle(now) != OntapVolume.State.FAILED) {
            try {
                VolumeData.copy(backupDirectory(volume.pendingRestore().get()), owner.directories().create(volume.id()));
            } catch (UncheckedIOException e) {
                throw FsxError.internal(e.getMessage());
            }
        }
        volumes.put(volume.id(), volume.restored());
        return true;
    }

    // ---- file systems and SVMs

    Optional<OntapFileSystem> fileSystem(String fileSystemId) {
        return Optional.ofNullable(fileSystems.get(fileSystemId));
    }

    /** DescribeStorageVirtualMachines: the named ones (StorageVirtualMachineNotFound for the first unknown), or all, in creation order. */
    List<Svm> describeSvms(List<String> ids) {
        if (ids.isEmpty()) {
            return svms();
        }
        List<Svm> found = new ArrayList<>();
        for (String id : ids.stream().distinct().toList()) {
            found.add(requireSvm(id));
        }
        found.sort(Comparator.comparingLong(Svm::sequence));
        return found;
    }

    Optional<Svm> svmByDnsName(String svmId, String fileSystemId) {
        return Optional.ofNullable(svms.get(svmId)).filter(svm -> svm.fileSystemId().equals(fileSystemId));
    }

    Optional<Svm> svmByNfsAddress(String address) {
        return svms.values().stream().filter(svm -> svm.nfsIps().contains(address)).findFirst();
    }

    // ---- volumes

    /** What CreateVolume or CreateVolumeFromBackup made: a new volume, or the one an earlier request with the token made. */
    record VolumeCreation(OntapVolume volume, boolean replayed) {}

    /**
     * CreateVolume, or with {@code backupId} CreateVolumeFromBackup: the token's volume again, or a
     * new one, CREATING, on an SVM that exists, with a name and junction path no other volume of
     * the SVM has; ServiceLimitExceeded past the file system's volumes. From a backup, the backup
     * must be AVAILABLE and the size hold its data.
     */
    VolumeCreation createVolume(String token, SortedMap<String, String> parameters, VolumeRequest request, Optional<String> backupId) {
        Instant now = owner.now();
        String action = backupId.isPresent() ? CREATE_VOLUME_FROM_BACKUP : CREATE_VOLUME;
        Optional<String> earlier = owner.tokens().replay(action, token, parameters, now, owner.tokenTtl());
        if (earlier.isPresent() && volumes.containsKey(earlier.get())) {
            return new VolumeCreation(volumes.get(earlier.get()), true);
        }
        Optional<OntapBackup> backup = backupId.map(id -> requireBackup(id));
        backup.filter(b -> !b.lifecycle(now).equals(OntapBackup.AVAILABLE)).ifPresent(b -> {
            throw FsxError.badRequest("Backup %s is %s; only an AVAILABLE backup can be restored.", b.id(), b.lifecycle(now));
        });
        Svm svm = requireSvm(request.svmId());
        OntapFileSystem fileSystem = fileSystems.get(svm.fileSystemId());
        OntapVolumeSpec spec = request.specOn(svm, fileSystem);
        backup.filter(b -> b.sizeInBytes() > spec.sizeInBytes()).ifPresent(b -> {
            throw FsxError.badRequest("Backup %s holds %d bytes of data; a volume of %d bytes cannot take them.", b.id(), b.sizeInBytes(),
                    spec.sizeInBytes());
        });
        requireUniqueName(spec, now);
        spec.junctionPath().ifPresent(path -> requireUniqueJunctionPath(spec.svmId(), path, Optional.empty(), now));
        long onFileSystem = volumes.values().stream().filter(volume -> volume.fileSystemId().equals(fileSystem.id())).count();
        if (onFileSystem >= volumeLimit) {
            throw FsxError.serviceLimitExceeded("VOLUMES_PER_FILE_SYSTEM",
                    "File system %s already has the maximum of %d volumes.".formatted(fileSystem.id(), volumeLimit));
        }
        String id = FsxIds.newVolumeId();
        while (volumes.containsKey(id)) {
            id = FsxIds.newVolumeId();
        }
        createDirectory(id);
        String delay = backup.isPresent() ? "fsx.volume.restored" : "fsx.volume.created";
        Timeline timeline = new Timeline(now, now.plus(owner.knobs().delay(delay)), now.plus(owner.knobs().consistencyWindow()),
                owner.knobs().failure("fsx.volume.create"), Optional.empty());
        OntapVolume volume = new OntapVolume(owner.nextSequence(), id, fileSystem.id(), FsxIds.newUuid(), spec, request.tags(), timeline,
                List.of(), backup.map(OntapBackup::id), Optional.empty());
        volumes.put(id, volume);
        // the restore of a backup that is CREATED at once happens now, not at the next call
        restore(volume, now);
        owner.tokens().record(action, token, parameters, id, now);
        owner.changed();
        return new VolumeCreation(volumes.get(id), false);
    }

    /** DescribeVolumes: the named ones (VolumeNotFound for the first unknown), or all listed, in creation order. */
    List<OntapVolume> describeVolumes(List<String> ids) {
        Instant now = owner.now();
        if (ids.isEmpty()) {
            return volumes.values().stream().filter(volume -> volume.visible(now)).toList();
        }
        List<OntapVolume> found = new ArrayList<>();
        for (String id : ids.stream().distinct().toList()) {
            OntapVolume volume = volumes.get(id);
            if (volume == null || !volume.visible(now)) {
                throw FsxError.volumeNotFound(id);
            }
            found.add(volume);
        }
        found.sort(Comparator.comparingLong(OntapVolume::sequence));
        return found;
    }

    /**
     * UpdateVolume of a CREATED volume: its settings at once; a new size as a VOLUME_UPDATE action,
     * within its style's bounds and never below the data it holds, one at a time (FSx's "update
     * already in progress" BadRequest, naming it).
     */
    OntapVolume updateVolume(String volumeId, String token, SortedMap<String, String> parameters, VolumeChange change) {
        Instant now = owner.now();
        if (owner.tokens().replay(UPDATE_VOLUME, token, parameters, now, owner.tokenTtl()).filter(volumes::containsKey).isPresent()) {
            return volumes.get(volumeId);
        }
        OntapVolume volume = requireVolume(volumeId, now);
        OntapVolume.State lifecycle = volume.lifecycle(now);
        if (lifecycle != OntapVolume.State.CREATED) {
            throw FsxError.badRequest("Cannot update volume %s while in %s state.", volumeId, lifecycle);
        }
        Optional<Long> newSize = change.sizeInBytes().filter(size -> size != volume.sizeInBytes(now));
        newSize.ifPresent(size -> requireResizable(volume, size, now));
        change.junctionPath().filter(path -> !volume.spec().junctionPath().equals(Optional.of(path)))
                .ifPresent(path -> requireUniqueJunctionPath(volume.spec().svmId(), path, Optional.of(volumeId), now));
        OntapVolume updated = volume.withSpec(volume.spec().withSettings(change.junctionPath(), change.securityStyle(),
                change.storageEfficiency(), change.tiering(), change.snapshotPolicy(), change.copyTagsToBackups()));
        if (newSize.isPresent()) {
            Instant inProgressAt = now.plus(owner.knobs().delay("fsx.volume.pending"));
            updated = updated.withUpdate(new VolumeUpdate(now, newSize.get(), inProgressAt,
                    inProgressAt.plus(owner.knobs().delay("fsx.volume.updating")), owner.knobs().failure("fsx.volume.update")));
        }
        volumes.put(volumeId, updated);
        owner.tokens().record(UPDATE_VOLUME, token, parameters, volumeId, now);
        owner.changed();
        return updated;
    }

    private void requireResizable(OntapVolume volume, long size, Instant now) {
        volume.latestUpdate().filter(update -> update.inProgress(now)).ifPresent(update -> {
            throw FsxError.badRequest("Unable to perform the volume update. There is an update already in progress: the VOLUME_UPDATE"
                    + " to %d bytes requested at %s is %s.", update.targetSizeInBytes(), update.requestTime(), update.status(now));
        });
        VolumeSizes.requireValid(size, volume.spec().flexGroup());
        long data = VolumeData.bytesIn(owner.directories().of(volume.id()));
        if (size < data) {
            throw FsxError.badRequest("Volume %s holds %d bytes of data; it cannot shrink to %d bytes.", volume.id(), data, size);
        }
    }

    /** What DeleteVolume did: the volume DELETING, and its final backup unless skipped. */
    record VolumeDeletion(OntapVolume volume, Optional<String> finalBackupId) {}

    /**
     * DeleteVolume: DELETING until {@code delay.fsx.volume.deleting} has passed; not while
     * CREATING. Unless SkipFinalBackup (FSx's default is to take one), a CREATED volume's data is
     * first backed up as CreateBackup would (a FAILED volume has none to back up).
     */
    VolumeDeletion deleteVolume(String volumeId, String token, SortedMap<String, String> parameters, boolean skipFinalBackup,
            List<Tag> finalBackupTags) {
        Instant now = owner.now();
        if (owner.tokens().replay(DELETE_VOLUME, token, parameters, now, owner.tokenTtl()).filter(volumes::containsKey).isPresent()) {
            OntapVolume volume = volumes.get(volumeId);
            return new VolumeDeletion(volume, volume.finalBackupId());
        }
        OntapVolume volume = requireVolume(volumeId, now);
        OntapVolume.State lifecycle = volume.lifecycle(now);
        if (lifecycle == OntapVolume.State.DELETING) {
            return new VolumeDeletion(volume, volume.finalBackupId());
        }
        if (lifecycle == OntapVolume.State.CREATING) {
            throw FsxError.badRequest("Cannot delete volume %s while in %s state.", volumeId, lifecycle);
        }
        Optional<String> finalBackup = Optional.empty();
        if (!skipFinalBackup && lifecycle == OntapVolume.State.CREATED) {
            requireBackupable(volume, "take its final backup (or delete with SkipFinalBackup true)");
            if (backupInProgress(volume, now)) {
                throw FsxError.badRequest("A backup of volume %s is under way; delete it once the backup is AVAILABLE, or with SkipFinalBackup"
                        + " true.", volumeId);
            }
            finalBackup = Optional.of(newBackup(volume, finalBackupTags, now).id());
        }
        OntapVolume deleting = volume.deleting(now, now.plus(owner.knobs().delay("fsx.volume.deleting")), finalBackup);
        volumes.put(volumeId, deleting);
        owner.tokens().record(DELETE_VOLUME, token, parameters, volumeId, now);
        owner.changed();
        return new VolumeDeletion(deleting, finalBackup);
    }

    /** For the node's mounts: the SVM's volume whose junction path is the longest prefix of {@code path}, unless gone. */
    Optional<OntapVolume> mountedAt(String svmId, String path) {
        Instant now = owner.now();
        return volumes.values().stream()
                .filter(volume -> !volume.gone(now) && volume.spec().svmId().equals(svmId))
                .filter(volume -> volume.spec().junctionPath().filter(junction -> path.equals(junction) || path.startsWith(junction + "/"))
                        .isPresent())
                .max(Comparator.comparingInt(volume -> volume.spec().junctionPath().orElseThrow().length()));
    }

    /** For the node's mounts: a volume restored from a backup has the backup's data once CREATED, even before the next call. */
    void settleRestore(String volumeId) {
        OntapVolume volume = volumes.get(volumeId);
        if (volume != null && restore(volume, owner.now())) {
            owner.changed();
        }
    }

    // ---- backups

    /** What CreateBackup made: a new backup, or the one an earlier request with the token made. */
    record BackupCreation(OntapBackup backup, boolean replayed) {}

    /**
     * CreateBackup of a volume: the token's backup again, or a new one, CREATING, of a CREATED RW
     * volume with no other backup CREATING (BackupInProgress); ServiceLimitExceeded past the
     * account's user-initiated backups. The data is copied now, as the backup's snapshot is taken now.
     */
    BackupCreation createBackup(String volumeId, String token, SortedMap<String, String> parameters, List<Tag> tags) {
        Instant now = owner.now();
        Optional<String> earlier = owner.tokens().replay(CREATE_BACKUP, token, parameters, now, owner.tokenTtl());
        if (earlier.isPresent() && backups.containsKey(earlier.get())) {
            return new BackupCreation(backups.get(earlier.get()), true);
        }
        OntapVolume volume = requireVolume(volumeId, now);
        OntapVolume.State lifecycle = volume.lifecycle(now);
        if (lifecycle != OntapVolume.State.CREATED) {
            throw FsxError.badRequest("Cannot back up volume %s while in %s state.", volumeId, lifecycle);
        }
        requireBackupable(volume, "back it up");
        if (backupInProgress(volume, now)) {
            throw FsxError.backupInProgress("Another backup is already under way. Wait for completion before initiating additional backups"
                    + " of volume %s.", volumeId);
        }
        OntapBackup backup = newBackup(volume, tags, now);
        owner.tokens().record(CREATE_BACKUP, token, parameters, backup.id(), now);
        owner.changed();
        return new BackupCreation(backup, false);
    }

    /** FSx backs up RW volumes, FlexVol and (on file systems since November 2023, as this one) FlexGroup; not DP volumes. */
    private static void requireBackupable(OntapVolume volume, String what) {
        if (volume.spec().dataProtection()) {
            throw FsxError.badRequest("Amazon FSx does not support backing up data protection (DP) volumes; cannot %s: volume %s.", what,
                    volume.id());
        }
    }

    private boolean backupInProgress(OntapVolume volume, Instant now) {
        return backups.values().stream()
                .anyMatch(backup -> backup.volume().id().equals(volume.id()) && backup.lifecycle(now).equals(OntapBackup.CREATING));
    }

    /**
     * A new backup of {@code volume} as it is now, with the volume's tags if it copies them to
     * backups ({@code requested} win), and a copy of its data unless the failure knob is set.
     */
    private OntapBackup newBackup(OntapVolume volume, List<Tag> requested, Instant now) {
        if (backups.size() >= backupLimit) {
            throw FsxError.serviceLimitExceeded("TOTAL_USER_INITIATED_BACKUPS",
                    "The account already has the maximum of %d user-initiated backups.".formatted(backupLimit));
        }
        List<Tag> tags = volume.spec().copyTagsToBackups() ? Tag.merge(volume.tags(), requested) : requested;
        String id = FsxIds.newBackupId();
        while (backups.containsKey(id)) {
            id = FsxIds.newBackupId();
        }
        Optional<String> failure = owner.knobs().failure("fsx.backup.create");
        long size = 0;
        if (failure.isEmpty()) {
            Path data = owner.directories().of(volume.id());
            try {
                VolumeData.copy(data, backupDirectory(id));
                size = VolumeData.bytesIn(data);
            } catch (UncheckedIOException e) {
                backupDirectories.delete(id);
                throw FsxError.internal(e.getMessage());
            }
        }
        OntapBackup backup = new OntapBackup(owner.nextSequence(), id, volume, tags, now, now.plus(owner.knobs().delay("fsx.backup.available")),
                now.plus(owner.knobs().consistencyWindow()), failure, size);
        backups.put(id, backup);
        return backup;
    }

    /** DescribeBackups: the named ones (BackupNotFound if any is missing), or all listed, in creation order. */
    List<OntapBackup> describeBackups(List<String> ids) {
        Instant now = owner.now();
        if (ids.isEmpty()) {
            return backups.values().stream().filter(backup -> backup.visible(now)).toList();
        }
        List<OntapBackup> found = new ArrayList<>();
        for (String id : ids.stream().distinct().toList()) {
            OntapBackup backup = backups.get(id);
            if (backup == null || !backup.visible(now)) {
                throw FsxError.backupNotFound(id);
            }
            found.add(backup);
        }
        found.sort(Comparator.comparingLong(OntapBackup::sequence));
        return found;
    }

    /**
     * DeleteBackup: gone at once with its copy; not while CREATING (BackupInProgress) nor while a
     * volume is being created from it (BackupRestoring). A replay answers the deletion again.
     */
    String deleteBackup(String backupId, String token, SortedMap<String, String> parameters) {
        Instant now = owner.now();
        if (owner.tokens().replay(DELETE_BACKUP, token, parameters, now, owner.tokenTtl()).isPresent()) {
            return backupId;
        }
        OntapBackup backup = requireBackup(backupId);
        if (backup.lifecycle(now).equals(OntapBackup.CREATING)) {
            throw FsxError.backupInProgress("Backup %s is still being created; it can be deleted once it is AVAILABLE.", backupId);
        }
        volumes.values().stream().filter(volume -> volume.restoring(backupId, now)).findFirst().ifPresent(volume -> {
            throw FsxError.backupRestoring(backupId, volume.id(), volume.fileSystemId());
        });
        try {
            backupDirectories.delete(backupId);
        } catch (UncheckedIOException e) {
            throw FsxError.internal(e.getMessage());
        }
        backups.remove(backupId);
        owner.tokens().forget(backupId);
        // kept after the backup has gone, so that a retried DeleteBackup is answered as the first was
        owner.tokens().record(DELETE_BACKUP, token, parameters, backupId, now);
        owner.changed();
        return backupId;
    }

    // ---- tags

    List<Tag> tagsOf(FsxIds.Tagged resource, String arn) {
        Instant now = owner.now();
        return switch (resource) {
            case FsxIds.Tagged.OfFileSystem fs -> requireTagged(fileSystems.get(fs.fileSystemId()), arn).tags();
            case FsxIds.Tagged.OfSvm named -> requireTaggedSvm(named, arn).tags();
            case FsxIds.Tagged.OfVolume named -> requireTaggedVolume(named, arn, now).tags();
            case FsxIds.Tagged.OfBackup named -> requireTagged(backups.get(named.backupId()), arn).tags();
            default -> throw new IllegalArgumentException("not an ONTAP resource: " + resource);
        };
    }

    void retag(FsxIds.Tagged resource, String arn, UnaryOperator<List<Tag>> change) {
        Instant now = owner.now();
        switch (resource) {
            case FsxIds.Tagged.OfFileSystem fs -> {
                OntapFileSystem fileSystem = requireTagged(fileSystems.get(fs.fileSystemId()), arn);
                fileSystems.put(fileSystem.id(), fileSystem.withTags(change.apply(fileSystem.tags())));
            }
            case FsxIds.Tagged.OfSvm named -> {
                Svm svm = requireTaggedSvm(named, arn);
                svms.put(svm.id(), svm.withTags(change.apply(svm.tags())));
            }
            case FsxIds.Tagged.OfVolume named -> {
                OntapVolume volume = requireTaggedVolume(named, arn, now);
                volumes.put(volume.id(), volume.withTags(change.apply(volume.tags())));
            }
            case FsxIds.Tagged.OfBackup named -> {
                OntapBackup backup = requireTagged(backups.get(named.backupId()), arn);
                backups.put(backup.id(), backup.withTags(change.apply(backup.tags())));
            }
            default -> throw new IllegalArgumentException("not an ONTAP resource: " + resource);
        }
        owner.changed();
    }

    boolean isOntapFileSystem(String fileSystemId) {
        return fileSystems.containsKey(fileSystemId);
    }

    private Svm requireTaggedSvm(FsxIds.Tagged.OfSvm named, String arn) {
        return requireTagged(svms.get(named.svmId()), arn, svm -> svm.fileSystemId().equals(named.fileSystemId()));
    }

    private OntapVolume requireTaggedVolume(FsxIds.Tagged.OfVolume named, String arn, Instant now) {
        return requireTagged(volumes.get(named.volumeId()), arn,
                volume -> !volume.gone(now) && volume.fileSystemId().equals(named.fileSystemId()));
    }

    private static <T> T requireTagged(T resource, String arn) {
        return requireTagged(resource, arn, found -> true);
    }

    private static <T> T requireTagged(T resource, String arn, Predicate<T> matches) {
        if (resource == null || !matches.test(resource)) {
            throw FsxError.resourceNotFound(arn);
        }
        return resource;
    }

    // ---- checks

    private Svm requireSvm(String svmId) {
        Svm svm = svms.get(svmId);
        if (svm == null) {
            throw FsxError.svmNotFound(svmId);
        }
        return svm;
    }

    private OntapVolume requireVolume(String volumeId, Instant now) {
        OntapVolume volume = volumes.get(volumeId);
        if (volume == null || volume.gone(now)) {
            throw FsxError.volumeNotFound(volumeId);
        }
        return volume;
    }

    private OntapBackup requireBackup(String backupId) {
        OntapBackup backup = backups.get(backupId);
        if (backup == null) {
            throw FsxError.backupNotFound(backupId);
        }
        return backup;
    }

    /** Volume names are unique per SVM, among every volume that is not gone. */
    private void requireUniqueName(OntapVolumeSpec spec, Instant now) {
        volumes.values().stream()
                .filter(volume -> !volume.gone(now) && volume.spec().svmId().equals(spec.svmId()) && volume.spec().name().equals(spec.name()))
                .findFirst().ifPresent(volume -> {
                    throw FsxError.badRequest("Volume %s on storage virtual machine %s is already named %s.", volume.id(), spec.svmId(),
                            spec.name());
                });
    }

    /** Junction paths are unique per SVM, among every volume that is not gone. */
    private void requireUniqueJunctionPath(String svmId, String path, Optional<String> except, Instant now) {
        volumes.values().stream()
                .filter(volume -> !volume.gone(now) && volume.spec().svmId().equals(svmId)
                        && volume.spec().junctionPath().equals(Optional.of(path)))
                .filter(volume -> except.filter(volume.id()::equals).isEmpty())
                .findFirst().ifPresent(volume -> {
                    throw FsxError.badRequest("Volume %s on storage virtual machine %s is already mounted at junction path %s.", volume.id(),
                            svmId, path);
                });
    }

    private void createDirectory(String id) {
        try {
            owner.directories().create(id);
        } catch (UncheckedIOException e) {
            throw FsxError.internal(e.getMessage());
        }
    }
}
