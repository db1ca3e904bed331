package dev.polycsi.fsx.ontap.controller;

import dev.polycsi.aws.idempotency.ClientTokens;
import dev.polycsi.fsx.ontap.cloud.OntapCloud;
import dev.polycsi.fsx.ontap.cloud.OntapVolume;
import dev.polycsi.fsx.ontap.cloud.OntapVolume.Lifecycle;
import dev.polycsi.fsx.ontap.cloud.SdkOntapCloud;
import dev.polycsi.fsx.ontap.cloud.StorageVirtualMachine;
import dev.polycsi.fsx.ontap.cloud.VolumeBackup;
import dev.polycsi.fsx.ontap.node.OntapContext;
import dev.polycsi.fsx.ontap.params.OntapSettings;
import dev.polycsi.fsx.ontap.params.NfsMountOptions;
import dev.polycsi.fsx.ontap.params.OntapTags;
import dev.polycsi.fsx.ontap.params.OntapVolumeId;
import dev.polycsi.fsx.ontap.params.SnapshotParameters;
import dev.polycsi.fsx.ontap.params.VolumeNames;
import dev.polycsi.fsx.ontap.params.VolumeParameters;
import dev.polycsi.fsx.ontap.params.VolumeSizes;
import dev.polycsi.fsx.support.PollOptions;
import dev.polycsi.spi.AwsAccess;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.controller.ContentSource;
import dev.polycsi.spi.controller.ControllerOps;
import dev.polycsi.spi.controller.CreateSnapshotRequest;
import dev.polycsi.spi.controller.CreateVolumeRequest;
import dev.polycsi.spi.controller.DeleteSnapshotRequest;
import dev.polycsi.spi.controller.DeleteVolumeRequest;
import dev.polycsi.spi.controller.ExpandResult;
import dev.polycsi.spi.controller.ExpandVolumeRequest;
import dev.polycsi.spi.controller.GetVolumeRequest;
import dev.polycsi.spi.controller.ListSnapshotsRequest;
import dev.polycsi.spi.controller.ListVolumesRequest;
import dev.polycsi.spi.controller.Page;
import dev.polycsi.spi.controller.Snapshot;
import dev.polycsi.spi.controller.Volume;
import dev.polycsi.spi.operation.LongOperations;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The controller of {@code backend: fsx-ontap}: one FSx for NetApp ONTAP volume per PV, in the SVM
 * the StorageClass names, through the FSx API alone (IAM; no ONTAP management LIF or fsxadmin
 * credentials, which Trident needs). The volume id is FSx's ({@code fsvol-…}).
 *
 * <ul>
 * <li>Creation (and a restore from a snapshot) is a long operation of the core
 *     ({@link VolumeCreation}): a call waits until shortly before its deadline, answers ABORTED
 *     with the state, and its retry joins the same waiter or, after a restart, finds the volume
 *     again by its name.</li>
 * <li>Snapshots are FSx backups, the only snapshots the FSx API makes of ONTAP volumes:
 *     CreateSnapshot starts one and answers at once with ready_to_use false; the snapshotter's
 *     repeated calls find it by its {@code CSIVolumeSnapshotName} tag and answer true once FSx
 *     has it AVAILABLE. FSx backs up RW volumes, FlexGroup ones only on file systems recent or
 *     updated enough: FSx's refusal of a FlexGroup backup is FAILED_PRECONDITION saying so.</li>
 * <li>Expansion is UpdateVolume, done when DescribeVolumes shows the size ({@link VolumeResize});
 *     NFS clients see the new size at once, so the node has nothing to do.</li>
 * <li>Deletion takes FSx's final backup only when the StorageClass said so
 *     ({@code skipFinalBackupOnDelete: "false"}, kept as a tag on the volume since DeleteVolume
 *     has no parameters); FSx's own default is to take one.</li>
 * </ul>
 *
 * <p>Volumes report no topology: an SVM's NFS endpoint answers every zone of its VPC.
 */
public final class OntapController implements ControllerOps {

    private static final Logger LOG = LogManager.getLogger(OntapController.class);

    /** Why raw block volumes are refused, in every message about them. */
    public static final String NO_BLOCK = "FSx for ONTAP volumes are served here as NFS file systems; raw block volumes would be "
            + "iSCSI LUNs, which only ONTAP's own API (Trident's ontap-san) can create, not the FSx API";

    /** The filesystem types a capability may name. */
    static final Set<String> FS_TYPES = Set.of("", "nfs", "nfs4");
    /** FSx's ClientRequestToken has at most 63 characters. */
    static final int TOKEN_LENGTH = 63;

    private final OntapCloud cloud;
    private final LongOperations operations;
    private final ClientTokens tokens;
    private final Svms svms;
    private final Duration firstPoll;
    private final Set<OntapVolume.Resize> reportedResizes = ConcurrentHashMap.newKeySet();

    OntapController(OntapCloud cloud, LongOperations operations, Clock clock, Duration firstPoll) {
        this.cloud = cloud;
        this.operations = operations;
        this.tokens = new ClientTokens(clock, TOKEN_LENGTH);
        this.svms = new Svms(cloud);
        this.firstPoll = firstPoll;
    }

    /** The controller on FSx as {@code aws} reaches it; it owns and closes its client. */
    public static OntapController create(AwsAccess aws, LongOperations operations, PollOptions options) {
        return new OntapController(SdkOntapCloud.create(aws), operations, Clock.systemUTC(), options.firstPoll());
    }

    @Override
    public Volume createVolume(CreateVolumeRequest request) {
        requireNfs(request.capabilities());
        OntapSettings settings = VolumeParameters.resolve(request.parameters());
        StorageVirtualMachine svm = svms.forClass(settings.storageVirtualMachineId(), settings.fileSystemId());
        long sizeBytes = VolumeSizes.forCreate(request.capacity(), settings);
        Optional<String> backupId = Optional.empty();
        if (request.source().isPresent()) {
            ContentSource source = request.source().get();
            if (source instanceof ContentSource.Volume) {
                throw CsiException.invalidArgument("volume %s: cloning a volume needs ONTAP's FlexClone, which the FSx API does not "
                        + "offer; take a snapshot and restore it instead", request.name());
            }
            VolumeBackup backup = restorable(source.id());
            if (backup.sizeBytes() > sizeBytes) {
                if (request.capacity().limitBytes() > 0 && backup.sizeBytes() > request.capacity().limitBytes()) {
                    throw CsiException.outOfRange("snapshot %s is of a %d-byte volume, above limit_bytes %d", backup.id(),
                            backup.sizeBytes(), request.capacity().limitBytes());
                }
                sizeBytes = backup.sizeBytes();
            }
            backupId = Optional.of(backup.id());
        }
        String ontapName = VolumeNames.ontapName(request.name());
        VolumeRequest wanted = new VolumeRequest(request.name(), ontapName, settings, sizeBytes, request.capacity(),
                VolumeNames.junctionPath(settings.junctionPathPrefix(), ontapName), OntapTags.forVolume(request.name(), settings),
                backupId);
        OntapVolume volume = operations.await("create:" + request.name(), new VolumeCreation(wanted, cloud, tokens, firstPoll),
                request.deadline());
        // a call that joined a running waiter did not run its own check: compare its own request
        wanted.requireCompatible(volume);
        return volume(volume, svm, Optional.of(new NfsMountOptions(settings.nfsMountOptions())), request.source());
    }

    /** The backup a restore reads: NOT_FOUND when it does not exist, ABORTED while FSx is still taking it. */
    private VolumeBackup restorable(String snapshotId) {
        if (!snapshotId.startsWith("backup-")) {
            throw CsiException.notFound("snapshot %s does not exist: FSx backup ids look like backup-0123456789abcdef0", snapshotId);
        }
        VolumeBackup backup = cloud.describeBackup(snapshotId)
                .orElseThrow(() -> CsiException.notFound("snapshot %s does not exist", snapshotId));
        return switch (backup.lifecycle()) {
            case AVAILABLE -> backup;
            case FAILED, DELETED -> throw CsiException.notFound("snapshot %s is %s: %s", snapshotId, backup.lifecycle(),
                    backup.failure().orElse("it cannot be restored"));
            default -> throw CsiException.aborted("snapshot %s is %s; it can be restored once FSx has it AVAILABLE; retry",
                    snapshotId, backup.lifecycle());
        };
    }

    /**
     * Deletes the volume, with FSx's final backup only if its StorageClass asked for one, and does
     * not wait. An id that names no volume, or one being deleted, is deleted already. A volume
     * without the {@code CSIVolumeName} tag was not made by a CSI driver: it is a static volume,
     * whose data is its owner's, and is left alone.
     */
    @Override
    public void deleteVolume(DeleteVolumeRequest request) {
        String volumeId = request.volumeId();
        if (OntapVolumeId.find(volumeId).isEmpty()) {
            LOG.info("DeleteVolume: {} is no FSx volume id; nothing to delete", volumeId);
            return;
        }
        Optional<OntapVolume> volume = cloud.describeVolume(volumeId);
        if (volume.isEmpty() || volume.get().lifecycle() == Lifecycle.DELETING) {
            LOG.info("DeleteVolume: volume {} is {}", volumeId, volume.isEmpty() ? "gone" : "being deleted");
            return;
        }
        Optional<String> pvName = volume.get().volumeName(OntapTags.VOLUME_NAME_TAG);
        if (pvName.isEmpty()) {
            LOG.warn("DeleteVolume: volume {} has no {} tag, so it was not created for a PersistentVolume; leaving it and its data alone",
                    volumeId, OntapTags.VOLUME_NAME_TAG);
            return;
        }
        if (volume.get().lifecycle() == Lifecycle.CREATING || volume.get().lifecycle() == Lifecycle.PENDING) {
            throw CsiException.aborted("volume %s is still %s; FSx deletes it once it is created; retry", volumeId,
                    volume.get().lifecycle());
        }
        boolean skipFinalBackup = OntapTags.skipFinalBackup(volume.get().tags());
        if (!cloud.deleteVolume(volumeId, skipFinalBackup, Map.of(OntapTags.VOLUME_NAME_TAG, pvName.get()))) {
            LOG.info("DeleteVolume: volume {} is gone", volumeId);
        }
    }

    @Override
    public Optional<Volume> findVolume(GetVolumeRequest request) {
        if (OntapVolumeId.find(request.volumeId()).isEmpty()) {
            return Optional.empty();
        }
        return cloud.describeVolume(request.volumeId())
                .filter(volume -> volume.lifecycle() != Lifecycle.DELETING)
                .map(volume -> volume(volume, svms.find(volume.storageVirtualMachineId()), Optional.empty(), Optional.empty()));
    }

    /** Every ONTAP volume FSx lists, paged by FSx's own token; a token FSx refuses is ABORTED, as CSI asks. */
    @Override
    public Page<Volume> listVolumes(ListVolumesRequest request) {
        Page<OntapVolume> page;
        try {
            page = cloud.listVolumes(request.maxEntries(), request.startingToken());
        } catch (CsiException e) {
            if (!request.startingToken().isEmpty() && e.code() == CsiException.Code.INVALID_ARGUMENT) {
                throw CsiException.aborted("starting_token %s is not one FSx issued: %s", request.startingToken(), e.getMessage());
            }
            throw e;
        }
        List<Volume> volumes = page.entries().stream()
                .filter(volume -> volume.lifecycle() != Lifecycle.DELETING)
                .map(volume -> volume(volume, svms.find(volume.storageVirtualMachineId()), Optional.empty(), Optional.empty()))
                .toList();
        return new Page<>(volumes, page.nextToken());
    }

    /** Grows the volume through UpdateVolume and answers once FSx shows the size; never shrinks. */
    @Override
    public ExpandResult expandVolume(ExpandVolumeRequest request) {
        OntapVolume volume = existing(request.volumeId());
        OntapSettings.VolumeStyle style = volume.flexGroup() ? OntapSettings.VolumeStyle.FLEXGROUP : OntapSettings.VolumeStyle.FLEXVOL;
        long target = VolumeSizes.forExpansion(request.capacity(), style, volume.sizeBytes(), volume.constituents());
        if (target <= volume.sizeBytes()) {
            return new ExpandResult(volume.sizeBytes(), false);
        }
        if (volume.lifecycle() != Lifecycle.CREATED && volume.lifecycle() != Lifecycle.AVAILABLE) {
            throw CsiException.aborted("volume %s is %s; it can grow once FSx has created it; retry", volume.id(), volume.lifecycle());
        }
        long grown = operations.await("expand:" + volume.id(), new VolumeResize(cloud, volume.id(), target, tokens, firstPoll, reportedResizes),
                request.deadline());
        if (grown < target) {
            throw CsiException.aborted("volume %s has grown to %d bytes, not yet the %d asked for; retry", volume.id(), grown, target);
        }
        return new ExpandResult(grown, false);
    }

    /**
     * Takes an FSx backup of the volume, or finds the one an earlier call took for this snapshot
     * name; ready once FSx has it AVAILABLE. A backup that FAILED is deleted and reported, and the
     * next call takes a new one.
     */
    @Override
    public Snapshot createSnapshot(CreateSnapshotRequest request) {
        OntapVolume volume = cloud.describeVolume(request.sourceVolumeId())
                .filter(found -> found.lifecycle() != Lifecycle.DELETING)
                .orElseThrow(() -> CsiException.notFound("source volume %s does not exist", request.sourceVolumeId()));
        Map<String, String> extraTags = SnapshotParameters.extraTags(request.parameters());
        Optional<VolumeBackup> taken = backupNamed(request.name(), volume.id());
        if (taken.isPresent()) {
            VolumeBackup backup = taken.get();
            if (backup.lifecycle() == VolumeBackup.Lifecycle.FAILED) {
                tokens.reject(request.name(), tokens.current(request.name()));
                cloud.deleteBackup(backup.id());
                throw CsiException.internal("FSx could not back up volume %s for snapshot %s: %s. The failed backup %s is deleted; "
                        + "the next CreateSnapshot takes a new one", volume.id(), request.name(),
                        backup.failure().orElse("FSx gives no reason"), backup.id());
            }
            return snapshot(backup);
        }
        if (volume.lifecycle() != Lifecycle.CREATED && volume.lifecycle() != Lifecycle.AVAILABLE) {
            throw CsiException.aborted("volume %s is %s; it can be backed up once FSx has created it; retry", volume.id(),
                    volume.lifecycle());
        }
        try {
            return snapshot(cloud.createBackup(volume.id(), tokens.of(request.name(), tokens.current(request.name())),
                    OntapTags.forBackup(request.name(), extraTags)));
        } catch (CsiException e) {
            if (volume.flexGroup() && e.code() == CsiException.Code.INVALID_ARGUMENT) {
                // FSx backs up FlexGroup volumes of file systems created since 15 November 2023, older ones after a maintenance window
                throw new CsiException(CsiException.Code.FAILED_PRECONDITION, ("volume %s is a FlexGroup, which FSx does not back up on "
                        + "this file system (FSx backs up FlexGroup volumes only on file systems created after 15 November 2023, "
                        + "or updated since in a maintenance window): %s").formatted(volume.id(), e.getMessage()), e);
            }
            throw e;
        }
    }

    /**
     * The backup of this snapshot name among the volume's, if any. FSx lists backups by volume,
     * not by tag, and a snapshot name is only ever taken of one volume: the same name asked of
     * another volume is refused by FSx as a client token used with other parameters
     * (ALREADY_EXISTS).
     */
    private Optional<VolumeBackup> backupNamed(String snapshotName, String volumeId) {
        return cloud.backupsOf(volumeId).stream()
                .filter(backup -> snapshotName.equals(backup.tags().get(OntapTags.SNAPSHOT_NAME_TAG)))
                .filter(backup -> backup.lifecycle() != VolumeBackup.Lifecycle.DELETED)
                .findFirst();
    }

    @Override
    public void deleteSnapshot(DeleteSnapshotRequest request) {
        if (!request.snapshotId().startsWith("backup-")) {
            LOG.info("DeleteSnapshot: {} is no FSx backup id; nothing to delete", request.snapshotId());
            return;
        }
        if (!cloud.deleteBackup(request.snapshotId())) {
            LOG.info("DeleteSnapshot: backup {} is gone", request.snapshotId());
        }
    }

    /** By snapshot id, by source volume, or every backup of an ONTAP volume, paged by FSx's token. */
    @Override
    public Page<Snapshot> listSnapshots(ListSnapshotsRequest request) {
        if (!request.snapshotId().isEmpty()) {
            Optional<VolumeBackup> backup = request.snapshotId().startsWith("backup-") ? cloud.describeBackup(request.snapshotId())
                    : Optional.empty();
            return new Page<>(backup
                    .filter(found -> request.sourceVolumeId().isEmpty() || found.volumeId().equals(request.sourceVolumeId()))
                    .filter(found -> found.lifecycle() != VolumeBackup.Lifecycle.DELETED)
                    .map(OntapController::snapshot).stream().toList(), "");
        }
        Optional<String> volumeId = request.sourceVolumeId().isEmpty() ? Optional.empty() : Optional.of(request.sourceVolumeId());
        if (volumeId.isPresent() && OntapVolumeId.find(volumeId.get()).isEmpty()) {
            return new Page<>(List.of(), "");
        }
        Page<VolumeBackup> page;
        try {
            page = cloud.listBackups(volumeId, request.maxEntries(), request.startingToken());
        } catch (CsiException e) {
            if (!request.startingToken().isEmpty() && e.code() == CsiException.Code.INVALID_ARGUMENT) {
                throw CsiException.aborted("starting_token %s is not one FSx issued: %s", request.startingToken(), e.getMessage());
            }
            throw e;
        }
        return new Page<>(page.entries().stream()
                .filter(backup -> backup.lifecycle() != VolumeBackup.Lifecycle.DELETED)
                .map(OntapController::snapshot).toList(), page.nextToken());
    }

    @Override
    public void close() {
        cloud.close();
    }

    private OntapVolume existing(String volumeId) {
        if (OntapVolumeId.find(volumeId).isEmpty()) {
            throw CsiException.notFound("volume %s does not exist: FSx volume ids look like fsvol-0123456789abcdef0", volumeId);
        }
        return cloud.describeVolume(volumeId).filter(volume -> volume.lifecycle() != Lifecycle.DELETING)
                .orElseThrow(() -> CsiException.notFound("volume %s does not exist", volumeId));
    }

    static Snapshot snapshot(VolumeBackup backup) {
        return new Snapshot(backup.id(), backup.volumeId(), backup.sizeBytes(), backup.creationTime(), backup.available());
    }

    /** The volume with what the node mounts: the SVM's NFS name and the junction path; nothing for a volume without either. */
    private static Volume volume(OntapVolume volume, Optional<StorageVirtualMachine> svm, Optional<NfsMountOptions> mountOptions,
            Optional<ContentSource> source) {
        Map<String, String> context = svm.isPresent() && volume.junctionPath().isPresent()
                ? new OntapContext(svm.get().nfsDnsName(), volume.junctionPath().get(), mountOptions).toMap()
                : Map.of();
        return new Volume(volume.id(), volume.sizeBytes(), context, List.of(), source);
    }

    private static Volume volume(OntapVolume volume, StorageVirtualMachine svm, Optional<NfsMountOptions> mountOptions,
            Optional<ContentSource> source) {
        return volume(volume, Optional.of(svm), mountOptions, source);
    }

    static void requireNfs(List<VolumeCapability> capabilities) {
        for (VolumeCapability capability : capabilities) {
            if (capability.isBlock()) {
                throw CsiException.invalidArgument("%s", NO_BLOCK);
            }
            if (!FS_TYPES.contains(capability.fsType())) {
                throw CsiException.invalidArgument("fsType %s is not supported for FSx for ONTAP volumes; leave it empty or give nfs",
                        capability.fsType());
            }
        }
    }
}
