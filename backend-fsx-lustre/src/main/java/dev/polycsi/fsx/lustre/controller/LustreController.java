package dev.polycsi.fsx.lustre.controller;

import dev.polycsi.aws.idempotency.ClientTokens;
import dev.polycsi.fsx.lustre.cloud.Lifecycle;
import dev.polycsi.fsx.lustre.cloud.LustreCloud;
import dev.polycsi.fsx.lustre.cloud.LustreFileSystem;
import dev.polycsi.fsx.lustre.cloud.SdkLustreCloud;
import dev.polycsi.fsx.lustre.params.ExistingFileSystem;
import dev.polycsi.fsx.lustre.params.LustreChange;
import dev.polycsi.fsx.lustre.params.LustreSettings;
import dev.polycsi.fsx.lustre.params.LustreVolumeId;
import dev.polycsi.fsx.lustre.params.MutableParameters;
import dev.polycsi.fsx.lustre.params.StorageCapacity;
import dev.polycsi.fsx.lustre.params.VolumeParameters;
import dev.polycsi.fsx.support.FsxTags;
import dev.polycsi.fsx.support.PollOptions;
import dev.polycsi.spi.AwsAccess;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.controller.ControllerOps;
import dev.polycsi.spi.controller.CreateVolumeRequest;
import dev.polycsi.spi.controller.DeleteVolumeRequest;
import dev.polycsi.spi.controller.ExpandResult;
import dev.polycsi.spi.controller.ExpandVolumeRequest;
import dev.polycsi.spi.controller.GetVolumeRequest;
import dev.polycsi.spi.controller.ModifyVolumeRequest;
import dev.polycsi.spi.controller.Volume;
import dev.polycsi.spi.operation.LongOperations;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The controller of {@code backend: fsx-lustre}: one FSx for Lustre file system per volume, its
 * id the volume id ({@code fs-…}, as aws-fsx-csi-driver's, so that static volumes written for it
 * work too). Creation, expansion and modification take minutes, so each runs as a long operation
 * of the core ({@link FileSystemCreation}, {@link StorageExpansion}, {@link LustreModification}):
 * a call waits until shortly before its deadline and answers ABORTED with the state, and its retry
 * joins the same waiter or, after a restart, finds the work again in FSx.
 *
 * <p>Volumes report no topology. A Lustre file system lives in its subnet's zone but is reachable
 * over TCP from every zone of its VPC, so restricting pods to that zone would only refuse
 * schedulings that work (the official driver reports none either, and PersistentVolumes carried
 * over from it keep scheduling as before). Learning the zone would also take EC2's
 * DescribeSubnets (FSx does not report a Lustre file system's zone): an SDK of 24 MB and a
 * permission the official IAM policy does not grant. A CreateVolume's topology requirement is
 * therefore met by any subnet, and not consulted.
 */
public final class LustreController implements ControllerOps {

    private static final Logger LOG = LogManager.getLogger(LustreController.class);

    /** The filesystem types a capability may name: none, or the one it is. */
    static final Set<String> FS_TYPES = Set.of("", "lustre");
    /** FSx's ClientRequestToken has at most 63 characters. */
    static final int TOKEN_LENGTH = 63;

    private final LustreCloud cloud;
    private final LongOperations operations;
    private final ClientTokens tokens;
    private final ReportedFailures reported = new ReportedFailures();
    private final Clock clock;
    private final Duration firstPoll;

    public LustreController(LustreCloud cloud, LongOperations operations) {
        this(cloud, operations, Clock.systemUTC(), PollOptions.DEFAULT_FIRST_POLL);
    }

    LustreController(LustreCloud cloud, LongOperations operations, Clock clock) {
        this(cloud, operations, clock, PollOptions.DEFAULT_FIRST_POLL);
    }

    LustreController(LustreCloud cloud, LongOperations operations, Clock clock, Duration firstPoll) {
        this.cloud = cloud;
        this.operations = operations;
        this.tokens = new ClientTokens(clock, TOKEN_LENGTH);
        this.clock = clock;
        this.firstPoll = firstPoll;
    }

    /** The controller on FSx as {@code aws} reaches it, waiting through the core's {@code operations}; it owns and closes its client. */
    public static LustreController create(AwsAccess aws, LongOperations operations, PollOptions options) {
        return new LustreController(SdkLustreCloud.create(aws), operations, Clock.systemUTC(), options.firstPoll());
    }

    @Override
    public Volume createVolume(CreateVolumeRequest request) {
        requireLustreFsType(request.capabilities());
        LustreSettings settings = VolumeParameters.resolve(request);
        long capacityGiB = settings.capacity().forCreate(request.capacity());
        Map<String, String> tags = new LinkedHashMap<>(settings.extraTags());
        tags.put(FsxTags.VOLUME_NAME_TAG, request.name());
        FsxTags.checkLimits(tags, "file system");
        VolumeRequest wanted = new VolumeRequest(request.name(), settings, capacityGiB, request.capacity(), tags);

        LustreFileSystem fileSystem = operations.await("create:" + request.name(), new FileSystemCreation(wanted, cloud, tokens, firstPoll),
                request.deadline());
        // A call that joined a running waiter did not run its own check: compare its own request.
        wanted.requireCompatible(fileSystem);
        return volume(fileSystem);
    }

    /**
     * Deletes the file system, without a final backup, and does not wait: FSx finishes it. An id
     * that names no file system, or one being deleted, is deleted already. A file system without
     * the {@code CSIVolumeName} tag was not made by a CSI driver: it is a static volume, whose
     * data is its owner's, and is left alone (a Delete reclaim policy on a static
     * PersistentVolume does not delete it, as the EFS backend leaves static file systems alone).
     */
    @Override
    public void deleteVolume(DeleteVolumeRequest request) {
        String volumeId = request.volumeId();
        if (LustreVolumeId.find(volumeId).isEmpty()) {
            LOG.info("DeleteVolume: {} is no FSx file system id; nothing to delete", volumeId);
            return;
        }
        Optional<LustreFileSystem> fileSystem = cloud.describe(volumeId);
        if (fileSystem.isEmpty() || fileSystem.get().lifecycle() == Lifecycle.DELETING) {
            LOG.info("DeleteVolume: file system {} is {}", volumeId, fileSystem.isEmpty() ? "gone" : "being deleted");
            return;
        }
        if (fileSystem.get().volumeName().isEmpty()) {
            LOG.warn("DeleteVolume: file system {} has no {} tag, so it was not created for a volume; leaving it and its data alone",
                    volumeId, FsxTags.VOLUME_NAME_TAG);
            return;
        }
        if (!cloud.delete(volumeId)) {
            LOG.info("DeleteVolume: file system {} is gone", volumeId);
        }
    }

    /** The file system, in any state but DELETING, with the volume context the node mounts it by. */
    @Override
    public Optional<Volume> findVolume(GetVolumeRequest request) {
        if (LustreVolumeId.find(request.volumeId()).isEmpty()) {
            return Optional.empty();
        }
        return cloud.describe(request.volumeId()).filter(fs -> fs.lifecycle() != Lifecycle.DELETING).map(LustreController::volume);
    }

    /**
     * Grows the file system to the next size FSx allows that holds required_bytes (SCRATCH_1
     * cannot grow: OUT_OF_RANGE), through UpdateFileSystem, and answers once FSx has the new size
     * (UPDATED_OPTIMIZING). Nothing to do on the node: Lustre clients see the new size at once.
     */
    @Override
    public ExpandResult expandVolume(ExpandVolumeRequest request) {
        LustreFileSystem fileSystem = existing(request.volumeId());
        ExistingFileSystem existing = fileSystem.existing();
        long targetGiB = StorageCapacity.of(existing).forExpansion(existing.storageCapacityGiB(), request.capacity());
        if (targetGiB <= fileSystem.storageCapacityGiB()) {
            return new ExpandResult(fileSystem.capacityBytes(), false);
        }
        long grownGiB = operations.await("expand:" + fileSystem.id(),
                new StorageExpansion(cloud, fileSystem.id(), targetGiB, tokens, reported, clock, firstPoll), request.deadline());
        if (grownGiB < targetGiB) {
            // this call joined the increase of an earlier, smaller request
            throw CsiException.aborted("file system %s has grown to %d GiB, not yet the %d GiB asked for; retry", fileSystem.id(),
                    grownGiB, targetGiB);
        }
        return new ExpandResult(StorageCapacity.bytes(grownGiB), false);
    }

    /**
     * Changes the throughput or the metadata configuration (a VolumeAttributesClass), refused as
     * INVALID_ARGUMENT where FSx cannot make the change on this file system, and answers once FSx
     * has made it. Asking for what the file system has already asks FSx for nothing.
     */
    @Override
    public void modifyVolume(ModifyVolumeRequest request) {
        LustreChange change = MutableParameters.resolve(request.mutableParameters());
        LustreFileSystem fileSystem = existing(request.volumeId());
        ExistingFileSystem existing = fileSystem.existing();
        change.checkApplicableTo(existing);
        if (change.pendingOn(existing).isEmpty()) {
            return;
        }
        LustreChange made = operations.await("modify:" + fileSystem.id(),
                new LustreModification(cloud, fileSystem.id(), change, tokens, reported, firstPoll), request.deadline());
        if (!made.equals(change)) {
            throw CsiException.aborted("file system %s was being changed to %s; retry to change it to %s", fileSystem.id(), made.describe(),
                    change.describe());
        }
    }

    /** Closes the FSx client, which this controller owns. */
    @Override
    public void close() {
        cloud.close();
    }

    /** The file system a volume id names; NOT_FOUND when none does, as CSI asks of expansion and modification. */
    private LustreFileSystem existing(String volumeId) {
        if (LustreVolumeId.find(volumeId).isEmpty()) {
            throw CsiException.notFound("volume %s does not exist: FSx file system ids look like fs-0123456789abcdef0", volumeId);
        }
        return cloud.describe(volumeId).filter(fs -> fs.lifecycle() != Lifecycle.DELETING)
                .orElseThrow(() -> CsiException.notFound("volume %s does not exist", volumeId));
    }

    /** No topology: see the class comment. The context is what the node mounts, {@code <dnsname>@tcp:/<mountname>}. */
    static Volume volume(LustreFileSystem fileSystem) {
        // a file system that FAILED early may have neither name yet; it is still the volume
        Map<String, String> context = fileSystem.dnsName().isEmpty() || fileSystem.mountName().isEmpty()
                ? Map.of() : fileSystem.volumeContext().toMap();
        return new Volume(fileSystem.id(), fileSystem.capacityBytes(), context, List.of(), Optional.empty());
    }

    static void requireLustreFsType(List<VolumeCapability> capabilities) {
        for (VolumeCapability capability : capabilities) {
            if (!FS_TYPES.contains(capability.fsType())) {
                throw CsiException.invalidArgument("fsType %s is not supported for FSx for Lustre volumes; leave it empty or give lustre",
                        capability.fsType());
            }
        }
    }
}
