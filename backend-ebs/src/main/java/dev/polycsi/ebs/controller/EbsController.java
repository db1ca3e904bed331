package dev.polycsi.ebs.controller;

import dev.polycsi.ebs.cloud.Disk;
import dev.polycsi.ebs.cloud.DiskModification;
import dev.polycsi.ebs.cloud.DiskSnapshot;
import dev.polycsi.ebs.cloud.EbsCloud;
import dev.polycsi.ebs.cloud.EbsCloudException;
import dev.polycsi.ebs.cloud.NewDisk;
import dev.polycsi.ebs.cloud.NewSnapshot;
import dev.polycsi.ebs.params.IopsLimits;
import dev.polycsi.ebs.params.MutableParameters;
import dev.polycsi.ebs.params.SnapshotParameters;
import dev.polycsi.ebs.params.SnapshotSettings;
import dev.polycsi.ebs.params.Tags;
import dev.polycsi.ebs.params.VolumeChange;
import dev.polycsi.ebs.params.VolumeParameters;
import dev.polycsi.ebs.params.VolumeSettings;
import dev.polycsi.ebs.params.VolumeType;
import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Topology;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.controller.CapacityRange;
import dev.polycsi.spi.controller.ContentSource;
import dev.polycsi.spi.controller.ControllerOps;
import dev.polycsi.spi.controller.CreateSnapshotRequest;
import dev.polycsi.spi.controller.CreateVolumeRequest;
import dev.polycsi.spi.controller.ExpandResult;
import dev.polycsi.spi.controller.DeleteSnapshotRequest;
import dev.polycsi.spi.controller.DeleteVolumeRequest;
import dev.polycsi.spi.controller.ExpandVolumeRequest;
import dev.polycsi.spi.controller.GetVolumeRequest;
import dev.polycsi.spi.controller.ListSnapshotsRequest;
import dev.polycsi.spi.controller.ModifyVolumeRequest;
import dev.polycsi.spi.controller.Page;
import dev.polycsi.spi.controller.UnpublishRequest;
import dev.polycsi.spi.controller.PublishRequest;
import dev.polycsi.spi.controller.Snapshot;
import dev.polycsi.spi.controller.Volume;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The controller role of the EBS backend: CSI requests turned into EC2 calls through
 * {@link EbsCloud}. The core has validated the request shape, the access modes against the
 * backend's capabilities and the parameters against the schemas; the EBS rules that depend on
 * several values at once (IOPS for a size, Multi-Attach for a type, zones) are checked here.
 */
public final class EbsController implements ControllerOps {

    private static final long GIB = 1L << 30;
    /** What aws-ebs-csi-driver creates when the request gives no size. */
    static final long DEFAULT_SIZE_BYTES = 100 * GIB;
    /** Time kept back from the caller's deadline so that an answer still reaches it. */
    static final java.time.Duration DEADLINE_MARGIN = java.time.Duration.ofSeconds(2);

    private static final Pattern VOLUME_ID = Pattern.compile("vol-[0-9a-f]{8,32}");
    private static final Pattern SNAPSHOT_ID = Pattern.compile("snap-[0-9a-f]{8,32}");
    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,32}");

    private final EbsCloud cloud;
    private final Map<String, String> driverTags;

    public EbsController(EbsCloud cloud, ControllerOptions options) {
        this.cloud = cloud;
        this.driverTags = driverTags(options);
    }

    private static Map<String, String> driverTags(ControllerOptions options) {
        Map<String, String> tags = new HashMap<>(options.extraTags());
        if (!options.clusterId().isEmpty()) {
            tags.put("kubernetes.io/cluster/" + options.clusterId(), "owned");
            tags.put("KubernetesCluster", options.clusterId());
        }
        return Map.copyOf(tags);
    }

    @Override
    public Volume createVolume(CreateVolumeRequest request) {
        long sizeGiB = supported(request.capacity().resolve(DEFAULT_SIZE_BYTES, GIB) / GIB);
        VolumeSettings settings = VolumeParameters.resolve(request, sizeGiB, driverTags);
        boolean multiAttach = wantsMultiAttach(request, settings);
        Map<String, String> tags = new HashMap<>(settings.tags());
        tags.put(EbsCloud.VOLUME_NAME_TAG, request.name());
        Tags.checkLimits(tags);

        Disk disk;
        Optional<ContentSource> source = request.source();
        if (source.isPresent() && source.get() instanceof ContentSource.Volume clone) {
            disk = cloneVolume(request, clone.id(), sizeGiB, settings, tags, multiAttach);
        } else {
            Optional<String> snapshotId = source.map(ContentSource::id);
            snapshotId.ifPresent(id -> requireSnapshotId(id));
            String zone = ZonePicker.pick(request.topology(), cloud::availabilityZones);
            disk = cloud.createDisk(new NewDisk(request.name(), sizeGiB, zone, settings.type(), settings.iops(), settings.throughput(),
                    settings.encrypted(), settings.kmsKeyId(), tags, snapshotId, multiAttach, Optional.empty(), settings.initializationRate()));
        }
        if (!request.capacity().accepts(disk.sizeBytes())) {
            throw CsiException.alreadyExists("volume '%s' exists as %s with %d GiB, outside the requested capacity range",
                    request.name(), disk.volumeId(), disk.sizeGiB());
        }
        return toVolume(disk, settings.volumeContext(), source);
    }

    /**
     * A copy of a volume (EC2 CopyVolumes): in the source's zone, at least its size, with the
     * source's encryption, since EC2 copies the data and its key with it.
     */
    private Disk cloneVolume(CreateVolumeRequest request, String sourceId, long sizeGiB, VolumeSettings settings,
            Map<String, String> tags, boolean multiAttach) {
        requireVolumeId(sourceId);
        Disk sourceDisk = cloud.getDisk(sourceId)
                .orElseThrow(() -> CsiException.notFound("source volume %s does not exist", sourceId));
        if (!ZonePicker.allows(request.topology(), sourceDisk.zone())) {
            throw CsiException.invalidArgument("accessibility_requirements: source volume %s is in %s, which the requirements exclude; "
                    + "a clone stays in its source's zone", sourceId, sourceDisk.zone());
        }
        if (sizeGiB < sourceDisk.sizeGiB()) {
            throw CsiException.outOfRange("capacity_range: a clone of %s needs at least its %d GiB, not %d GiB",
                    sourceId, sourceDisk.sizeGiB(), sizeGiB);
        }
        if (settings.kmsKeyId().isPresent() && !settings.kmsKeyId().equals(sourceDisk.kmsKeyId())) {
            throw CsiException.invalidArgument("parameter 'kmsKeyId': a clone keeps its source's key (%s)",
                    sourceDisk.kmsKeyId().orElse("the default EBS key"));
        }
        if (settings.encrypted() && !sourceDisk.encrypted()) {
            throw CsiException.invalidArgument("parameter 'encrypted': source volume %s is not encrypted, and a clone keeps its "
                    + "source's encryption; take a snapshot and restore it instead", sourceId);
        }
        return cloud.copyDisk(sourceId, new NewDisk(request.name(), sizeGiB, sourceDisk.zone(), settings.type(), settings.iops(),
                settings.throughput(), sourceDisk.encrypted(), sourceDisk.kmsKeyId(), tags, Optional.empty(), multiAttach,
                Optional.empty()));
    }

    /** ReadWriteMany raw block needs io2 Multi-Attach; the core has already refused it for filesystems. */
    private static boolean wantsMultiAttach(CreateVolumeRequest request, VolumeSettings settings) {
        boolean multi = request.capabilities().stream().anyMatch(c -> c.accessMode() == AccessMode.MULTI_NODE_MULTI_WRITER);
        if (multi && !settings.type().equals("io2")) {
            throw CsiException.invalidArgument("parameter 'type': MULTI_NODE_MULTI_WRITER needs io2 Multi-Attach, not %s", settings.type());
        }
        return multi;
    }

    @Override
    public void deleteVolume(DeleteVolumeRequest request) {
        String volumeId = request.volumeId();
        if (!VOLUME_ID.matcher(volumeId).matches()) {
            return; // no such volume can exist: already deleted, as CSI wants
        }
        cloud.deleteDisk(volumeId);
    }

    @Override
    public Optional<Volume> findVolume(GetVolumeRequest request) {
        String volumeId = request.volumeId();
        if (!VOLUME_ID.matcher(volumeId).matches()) {
            return Optional.empty();
        }
        return cloud.getDisk(volumeId).filter(EbsController::exists)
                .map(disk -> toVolume(disk, Map.of(), disk.snapshotId().map(ContentSource.Snapshot::new)));
    }

    @Override
    public Map<String, String> publish(PublishRequest request) {
        requireVolumeId(request.volumeId());
        if (!INSTANCE_ID.matcher(request.nodeId()).matches()) {
            throw CsiException.notFound("node_id '%s' is not an EC2 instance id; the EBS backend needs the node's instance id "
                    + "(the driver uses it by default; check --node-id)", request.nodeId());
        }
        // Only ReadWriteMany raw block may share an io2 Multi-Attach volume with other nodes; a
        // filesystem, or a single-node mode, must have the volume to itself. The cloud checks
        // this on the look-up it makes anyway, so a publish costs one look-up, not two.
        boolean shared = request.capability().isBlock() && request.capability().accessMode() == AccessMode.MULTI_NODE_MULTI_WRITER;
        String device = cloud.attachDisk(request.volumeId(), request.nodeId(), shared);
        // after the attachment, as in the official driver: the blocks arrive whether attached or not
        if ("true".equals(request.volumeContext().get(VolumeParameters.BLOCK_ATTACH_CONTEXT))) {
            // answer before the attacher stops listening, so that its retry carries on the wait
            cloud.awaitInitialized(request.volumeId(), request.deadline().minus(DEADLINE_MARGIN).timeLeft());
        }
        return Map.of(PublishContext.DEVICE_PATH, device);
    }

    @Override
    public void unpublish(UnpublishRequest request) {
        String volumeId = request.volumeId();
        String nodeId = request.nodeId();
        if (!VOLUME_ID.matcher(volumeId).matches() || !INSTANCE_ID.matcher(nodeId).matches()) {
            return; // cannot be attached: already detached
        }
        cloud.detachDisk(volumeId, nodeId);
    }

    @Override
    public Snapshot createSnapshot(CreateSnapshotRequest request) {
        requireVolumeId(request.sourceVolumeId());
        SnapshotSettings settings = SnapshotParameters.resolve(request.parameters());
        Map<String, String> tags = new HashMap<>(settings.tags());
        tags.putAll(driverTags);
        tags.put(EbsCloud.SNAPSHOT_NAME_TAG, request.name());
        Tags.checkLimits(tags);
        checkFastRestoreZones(settings.fastRestoreZones());
        // The cloud finds a snapshot of this name first (ALREADY_EXISTS for another source), and
        // EC2 answers NOT_FOUND for a source volume that is gone.
        return toSnapshot(cloud.createSnapshot(new NewSnapshot(request.name(), request.sourceVolumeId(), tags, settings.outpostArn(),
                settings.fastRestoreZones(), settings.lock())));
    }

    /** Before the snapshot is made: EC2 would only refuse a zone once there is a snapshot to delete again. */
    private void checkFastRestoreZones(List<String> zones) {
        if (zones.isEmpty()) {
            return;
        }
        List<String> region = cloud.availabilityZones();
        List<String> unknown = zones.stream().filter(zone -> !region.contains(zone)).toList();
        if (!unknown.isEmpty()) {
            throw CsiException.invalidArgument("parameter 'fastSnapshotRestoreAvailabilityZones': %s %s not among the region's available "
                    + "zones (%s)", String.join(", ", unknown), unknown.size() == 1 ? "is" : "are", String.join(", ", region));
        }
    }

    @Override
    public void deleteSnapshot(DeleteSnapshotRequest request) {
        if (SNAPSHOT_ID.matcher(request.snapshotId()).matches()) {
            cloud.deleteSnapshot(request.snapshotId());
        }
    }

    @Override
    public Page<Snapshot> listSnapshots(ListSnapshotsRequest request) {
        ListSnapshotsRequest filter = request;
        if (!filter.snapshotId().isEmpty()) {
            // One snapshot at most: no paging, whatever the token
            Optional<DiskSnapshot> found = SNAPSHOT_ID.matcher(filter.snapshotId()).matches()
                    ? cloud.getSnapshot(filter.snapshotId()) : Optional.empty();
            return new Page<>(found.filter(s -> filter.sourceVolumeId().isEmpty() || s.volumeId().equals(filter.sourceVolumeId()))
                    .map(EbsController::toSnapshot).stream().toList(), "");
        }
        if (!filter.sourceVolumeId().isEmpty() && !VOLUME_ID.matcher(filter.sourceVolumeId()).matches()) {
            return new Page<>(List.of(), "");
        }
        try {
            EbsCloud.SnapshotPage page = cloud.listSnapshots(
                    filter.sourceVolumeId().isEmpty() ? Optional.empty() : Optional.of(filter.sourceVolumeId()),
                    request.maxEntries(), request.startingToken());
            return new Page<>(page.snapshots().stream().map(EbsController::toSnapshot).toList(), page.nextToken());
        } catch (EbsCloudException e) {
            if (!request.startingToken().isEmpty() && e.code() == CsiException.Code.INVALID_ARGUMENT) {
                throw CsiException.aborted("starting_token '%s' was not issued by ListSnapshots (%s)", request.startingToken(), e.getMessage());
            }
            throw e;
        }
    }

    @Override
    public ExpandResult expandVolume(ExpandVolumeRequest request) {
        String volumeId = request.volumeId();
        CapacityRange capacity = request.capacity();
        requireVolumeId(volumeId);
        boolean block = request.capability().map(VolumeCapability::isBlock).orElse(false);
        Disk disk = cloud.getDisk(volumeId).filter(EbsController::exists)
                .orElseThrow(() -> CsiException.notFound("volume %s does not exist", volumeId));
        long wantedGiB = supported(capacity.resolve(disk.sizeBytes(), GIB) / GIB);
        if (wantedGiB > disk.sizeGiB()) {
            disk = cloud.modifyDisk(volumeId, new DiskModification(Optional.of(wantedGiB), Optional.empty(),
                    iopsFollowingSize(disk, wantedGiB), Optional.empty()));
        }
        // A raw block device needs nothing on the node: the kernel sees the new size by itself
        return new ExpandResult(disk.sizeBytes(), !block);
    }

    @Override
    public void modifyVolume(ModifyVolumeRequest request) {
        String volumeId = request.volumeId();
        requireVolumeId(volumeId);
        VolumeChange asked = MutableParameters.resolve(request.mutableParameters());
        Disk disk = cloud.getDisk(volumeId).filter(EbsController::exists)
                .orElseThrow(() -> CsiException.notFound("volume %s does not exist", volumeId));
        asked.checkApplicableTo(disk.type());
        VolumeChange change = asked.forSize(disk.sizeGiB(), disk.type(), disk.tags());
        if (change.iops().isPresent() && change.throughput().isPresent()) {
            VolumeParameters.checkThroughputRatio("throughput", change.throughput().get(), change.iops().get());
        }
        if (change.changesDisk() && !alreadyHas(disk, change)) {
            cloud.modifyDisk(volumeId, new DiskModification(Optional.empty(), change.type(), change.iops(), change.throughput()));
        }
        if (!change.addTags().isEmpty() || !change.removeTags().isEmpty()) {
            cloud.tagDisk(volumeId, change.addTags(), change.removeTags());
        }
    }

    /**
     * allowAutoIOPSIncreaseOnModify, as the official driver keeps it: a volume tagged with it and
     * with its iopsPerGB gets new size × iopsPerGB IOPS in the resize, within its type's limits;
     * never fewer IOPS than it has.
     */
    private static Optional<Integer> iopsFollowingSize(Disk disk, long newSizeGiB) {
        if (!"true".equals(disk.tags().get(Tags.ALLOW_AUTO_IOPS_INCREASE_ON_MODIFY_TAG))) {
            return Optional.empty();
        }
        Optional<Long> perGiB = Optional.ofNullable(disk.tags().get(Tags.IOPS_PER_GB_TAG)).flatMap(EbsController::positive);
        Optional<IopsLimits> limits = Arrays.stream(VolumeType.values()).filter(t -> t.wireName().equals(disk.type())).findFirst()
                .flatMap(VolumeType::iopsLimits);
        if (perGiB.isEmpty() || limits.isEmpty()) {
            return Optional.empty(); // a ratio tag edited by hand, or a type without IOPS since: nothing to follow
        }
        long requested = newSizeGiB > Long.MAX_VALUE / perGiB.get() ? Long.MAX_VALUE : perGiB.get() * newSizeGiB;
        int iops = limits.get().provisioned(requested, newSizeGiB, true, Tags.IOPS_PER_GB_TAG, VolumeType.parse("type", disk.type()));
        return disk.iops().filter(current -> current >= iops).isPresent() ? Optional.empty() : Optional.of(iops);
    }

    private static Optional<Long> positive(String value) {
        try {
            long parsed = Long.parseLong(value.trim());
            return parsed > 0 ? Optional.of(parsed) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A repeated ControllerModifyVolume, e.g. after a restart, must not start a second modification. */
    private static boolean alreadyHas(Disk disk, VolumeChange change) {
        return change.type().map(disk.type()::equals).orElse(true)
                && change.iops().map(iops -> disk.iops().equals(Optional.of(iops))).orElse(true)
                && change.throughput().map(mibs -> disk.throughput().equals(Optional.of(mibs))).orElse(true);
    }

    private static boolean exists(Disk disk) {
        return !disk.state().equals("deleting") && !disk.state().equals("deleted");
    }

    private static Volume toVolume(Disk disk, Map<String, String> context, Optional<ContentSource> source) {
        return new Volume(disk.volumeId(), disk.sizeBytes(), context, List.of(Topology.zone(disk.zone())), source);
    }

    private static Snapshot toSnapshot(DiskSnapshot snapshot) {
        return new Snapshot(snapshot.snapshotId(), snapshot.volumeId(), snapshot.sizeGiB() * GIB, snapshot.startTime(), snapshot.ready());
    }

    /**
     * EC2's largest volume (io2 Block Express: 64 TiB). What each type allows below that is EC2's
     * to say; past it, a size is OUT_OF_RANGE here rather than overflowing the int that EC2's
     * API takes (found by the hostile-input campaign: INTERNAL for 2^62 bytes).
     */
    static final long MAX_SIZE_GIB = 65_536;

    private static long supported(long sizeGiB) {
        if (sizeGiB > MAX_SIZE_GIB) {
            throw CsiException.outOfRange("capacity_range: %d GiB is more than the %d GiB of EC2's largest volume", sizeGiB, MAX_SIZE_GIB);
        }
        return sizeGiB;
    }

    private static void requireVolumeId(String volumeId) {
        if (!VOLUME_ID.matcher(volumeId).matches()) {
            throw CsiException.notFound("volume '%s' does not exist: EBS volume ids look like vol-0123456789abcdef0", volumeId);
        }
    }

    private static void requireSnapshotId(String snapshotId) {
        if (!SNAPSHOT_ID.matcher(snapshotId).matches()) {
            throw CsiException.notFound("snapshot '%s' does not exist: EBS snapshot ids look like snap-0123456789abcdef0", snapshotId);
        }
    }

    /** Closes the EC2 clients, which this controller owns. */
    @Override
    public void close() {
        cloud.close();
    }
}
