package dev.polycsi.ebs.cloud;

import dev.polycsi.aws.batch.Batcher;
import dev.polycsi.aws.idempotency.ClientTokens;
import dev.polycsi.aws.idempotency.IdempotentCreate;
import dev.polycsi.aws.wait.Backoff;
import dev.polycsi.spi.AwsAccess;
import dev.polycsi.spi.CsiException.Code;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.services.ec2.model.CreateVolumeRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.LockState;
import software.amazon.awssdk.services.ec2.model.ModifyVolumeRequest;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeModification;
import software.amazon.awssdk.services.ec2.model.VolumeStatusDetails;
import software.amazon.awssdk.services.ec2.model.VolumeStatusItem;
import software.amazon.awssdk.services.ec2.model.VolumeStatusName;

/**
 * {@link EbsCloud} over the AWS SDK's EC2 client, doing what aws-ebs-csi-driver's pkg/cloud does
 * with fewer calls: look-ups by id (and by name tag) from concurrent callers are merged into one
 * Describe call per {@link CloudOptions#batchWindow()}, and every wait polls through those merged
 * look-ups, so that many volumes waiting together cost one DescribeVolumes per poll round;
 * attach and detach first look (cheaply, batched) whether there is anything to do before spending
 * a call from EC2's small mutating budget.
 */
public final class SdkEbsCloud implements EbsCloud {

    private static final Logger LOG = LogManager.getLogger();

    /** EC2's error for DeleteSnapshot of a snapshot whose lock is in force. */
    static final String SNAPSHOT_LOCKED = "SnapshotLocked";

    static final int VOLUME_BATCH = 500;
    static final int INSTANCE_BATCH = 50;
    static final int SNAPSHOT_BATCH = 1000;
    static final int MODIFICATION_BATCH = 500;
    static final int VOLUME_STATUS_BATCH = 1000;
    /** EC2 allows up to 200 values per filter. */
    static final int NAME_BATCH = 200;
    /** Device names tried in one attach after EC2 answered "already in use". */
    static final int DEVICE_NAME_TRIES = 5;

    /**
     * How long each wait may take.
     *
     * @param available creating → available
     * @param attaching an attachment still attaching after this is detached again, so that the attacher retries
     * @param detached  detaching → gone
     * @param modified  modifying → optimizing
     * @param initialized a restored volume's initialization, per ControllerPublishVolume (the attacher retries past it)
     */
    record Waits(Duration available, Duration attaching, Duration detached, Duration modified, Duration initialized) {
        static final Waits DEFAULT = new Waits(Duration.ofSeconds(150), Duration.ofSeconds(90), Duration.ofSeconds(180), Duration.ofSeconds(180),
                Duration.ofMinutes(2));

        Waits(Duration available, Duration attaching, Duration detached, Duration modified) {
            this(available, attaching, detached, modified, DEFAULT.initialized());
        }
    }

    private final Ec2Clients ec2;
    private final Waits waits;
    private final Batcher<String, Volume> volumesById;
    private final Batcher<String, Volume> volumesByName;
    private final Batcher<String, software.amazon.awssdk.services.ec2.model.Instance> instances;
    private final Batcher<String, Snapshot> snapshotsById;
    private final Batcher<String, VolumeModification> modifications;
    private final Batcher<String, VolumeStatusItem> volumeStatuses;
    private final ModifyCoalescer coalescer;
    private final IdempotentCreate<Volume> volumeCreation;
    private final DeviceNames deviceNames;
    private final MadeSnapshots madeSnapshots;
    private volatile List<String> zones;

    SdkEbsCloud(Ec2Clients ec2, CloudOptions options, Waits waits, Clock clock) {
        this.ec2 = ec2;
        this.waits = waits;
        Duration window = options.batching() ? options.batchWindow() : Duration.ZERO;
        this.volumesById = new Batcher<>("DescribeVolumes", window, VOLUME_BATCH, this::describeVolumesById, Ec2ErrorMapper::isNotFound);
        this.volumesByName = new Batcher<>("DescribeVolumes-by-name", window, NAME_BATCH, this::describeVolumesByName, e -> false);
        this.instances = new Batcher<>("DescribeInstances", window, INSTANCE_BATCH, this::describeInstances, Ec2ErrorMapper::isNotFound);
        this.snapshotsById = new Batcher<>("DescribeSnapshots", window, SNAPSHOT_BATCH, this::describeSnapshotsById, Ec2ErrorMapper::isNotFound);
        this.modifications = new Batcher<>("DescribeVolumesModifications", window, MODIFICATION_BATCH, this::describeModifications,
                Ec2ErrorMapper::isNotFound);
        this.volumeStatuses = new Batcher<>("DescribeVolumeStatus", window, VOLUME_STATUS_BATCH, this::describeVolumeStatuses,
                Ec2ErrorMapper::isNotFound);
        this.coalescer = new ModifyCoalescer(options.modifyWindow(), this::applyModification);
        // VolumeLimitExceeded: EC2 may have made the volume before answering so (#2711): look, so as not to leak it
        this.volumeCreation = new IdempotentCreate<Volume>("volume", new ClientTokens(clock), e -> isError(e, "IdempotentParameterMismatch"))
                .lookingAgainAfter(e -> isError(e, "VolumeLimitExceeded"))
                .skipping(Ec2Model::gone);
        this.deviceNames = new DeviceNames(clock);
        this.madeSnapshots = new MadeSnapshots(clock);
    }

    /** An EC2 client configured from {@code aws} (region, endpoint, credentials when given), with adaptive retries. */
    public static EbsCloud create(AwsAccess aws, CloudOptions options) {
        LOG.info("EC2 client for {} (batching {}, window {}, modify window {}, request rates {})", aws, options.batching(),
                options.batchWindow(), options.modifyWindow(), options.rateLimits());
        return new SdkEbsCloud(Ec2Clients.build(aws, options.rateLimits()), options, Waits.DEFAULT, Clock.systemUTC());
    }

    // ---- volumes

    @Override
    public Disk createDisk(NewDisk disk) {
        return createNamed(disk, Optional.empty(), token -> call("CreateVolume " + disk.name(), () -> {
            CreateVolumeRequest.Builder request = CreateVolumeRequest.builder()
                    .clientToken(token)
                    .availabilityZone(disk.zone())
                    .size(Math.toIntExact(disk.sizeGiB()))
                    .volumeType(disk.type())
                    .encrypted(disk.encrypted())
                    .tagSpecifications(Ec2Model.tagSpecification(ResourceType.VOLUME, withName(disk)));
            disk.iops().ifPresent(request::iops);
            disk.throughput().ifPresent(request::throughput);
            disk.kmsKeyId().ifPresent(request::kmsKeyId);
            disk.snapshotId().ifPresent(request::snapshotId);
            disk.outpostArn().ifPresent(request::outpostArn);
            disk.initializationRate().ifPresent(request::volumeInitializationRate);
            if (disk.multiAttach()) {
                request.multiAttachEnabled(true);
            }
            var created = ec2.forAction("CreateVolume").createVolume(request.build());
            return Volume.builder().volumeId(created.volumeId()).state(created.state()).build();
        }));
    }

    @Override
    public Disk copyDisk(String sourceVolumeId, NewDisk disk) {
        Disk source = getDisk(sourceVolumeId).orElseThrow(() -> new EbsCloudException(Code.NOT_FOUND, "InvalidVolume.NotFound",
                "source volume " + sourceVolumeId + " does not exist", null));
        if (!disk.zone().isBlank() && !disk.zone().equals(source.zone())) {
            throw new EbsCloudException(Code.INVALID_ARGUMENT, "", "a copy of %s is made in its zone %s, not in %s"
                    .formatted(sourceVolumeId, source.zone(), disk.zone()), null);
        }
        if (disk.sizeGiB() < source.sizeGiB()) {
            throw new EbsCloudException(Code.INVALID_ARGUMENT, "", "a copy of %s needs at least %d GiB, not %d"
                    .formatted(sourceVolumeId, source.sizeGiB(), disk.sizeGiB()), null);
        }
        return createNamed(disk, Optional.of(sourceVolumeId), token -> call("CopyVolumes " + disk.name(), () -> {
            var request = software.amazon.awssdk.services.ec2.model.CopyVolumesRequest.builder()
                    .clientToken(token)
                    .sourceVolumeId(sourceVolumeId)
                    .size(Math.toIntExact(disk.sizeGiB()))
                    .tagSpecifications(Ec2Model.tagSpecification(ResourceType.VOLUME, withName(disk)));
            if (!disk.type().isBlank()) {
                request.volumeType(disk.type());
            }
            disk.iops().ifPresent(request::iops);
            disk.throughput().ifPresent(request::throughput);
            if (disk.multiAttach()) {
                request.multiAttachEnabled(true);
            }
            return ec2.forAction("CopyVolumes").copyVolumes(request.build()).volumes().getFirst();
        }));
    }

    /**
     * Creation idempotent by name ({@link IdempotentCreate}): the volume tagged with the name if
     * there is one, else a create call with the name's current ClientToken; then the wait until
     * it is available.
     */
    private Disk createNamed(NewDisk disk, Optional<String> source, Function<String, Volume> create) {
        Volume volume = call("create volume " + disk.name(), () -> volumeCreation.create(disk.name(), () -> volumesByName.get(disk.name()),
                existing -> requireSame(existing, disk, source), token -> {
                    Volume created = create.apply(token);
                    if (!Ec2Model.gone(created)) {
                        LOG.info("volume {}: created {}", disk.name(), created.volumeId());
                    }
                    return created;
                }));
        return awaitAvailable(volume.volumeId());
    }

    /** The volume of this name must be what the request asks for; else ALREADY_EXISTS. */
    private static void requireSame(Volume volume, NewDisk disk, Optional<String> source) {
        List<String> differences = new ArrayList<>();
        if (volume.size() != null && volume.size() != disk.sizeGiB()) {
            differences.add("size " + volume.size() + " GiB, not " + disk.sizeGiB());
        }
        if (!disk.zone().isBlank() && !disk.zone().equals(volume.availabilityZone())) {
            differences.add("zone " + volume.availabilityZone() + ", not " + disk.zone());
        }
        if (!disk.type().isBlank() && !disk.type().equals(volume.volumeTypeAsString())) {
            differences.add("type " + volume.volumeTypeAsString() + ", not " + disk.type());
        }
        Optional<String> snapshot = Ec2Model.nonBlank(volume.snapshotId());
        if (!snapshot.equals(disk.snapshotId())) {
            differences.add("source snapshot " + snapshot.orElse("none") + ", not " + disk.snapshotId().orElse("none"));
        }
        Optional<String> sourceVolume = Ec2Model.nonBlank(volume.sourceVolumeId());
        if (!sourceVolume.equals(source)) {
            differences.add("source volume " + sourceVolume.orElse("none") + ", not " + source.orElse("none"));
        }
        if (!differences.isEmpty()) {
            throw new EbsCloudException(Code.ALREADY_EXISTS, "", "volume %s already exists as %s with %s"
                    .formatted(disk.name(), volume.volumeId(), String.join(", ", differences)), null);
        }
    }

    private Disk awaitAvailable(String volumeId) {
        return await(waits.available(), "volume " + volumeId + " to become available", () -> {
            Optional<Volume> volume = volumesById.get(volumeId);
            if (volume.isEmpty()) {
                return Optional.empty(); // not visible yet: EC2's Describe is eventually consistent
            }
            return switch (volume.get().stateAsString()) {
                case "available", "in-use" -> Optional.of(Ec2Model.disk(volume.get()));
                case "error" -> {
                    LOG.warn("volume {} ended in state error; deleting it", volumeId);
                    try {
                        deleteDisk(volumeId);
                    } catch (EbsCloudException e) {
                        LOG.warn("could not delete failed volume {}: {}", volumeId, e.getMessage());
                    }
                    throw new EbsCloudException(Code.INTERNAL, "", "volume " + volumeId + " failed to create (state error); deleted it", null);
                }
                case "deleting", "deleted" -> throw new EbsCloudException(Code.ABORTED, "",
                        "volume " + volumeId + " was deleted while it was being created", null);
                default -> Optional.empty();
            };
        });
    }

    private static Map<String, String> withName(NewDisk disk) {
        Map<String, String> tags = new HashMap<>(disk.tags());
        tags.put(VOLUME_NAME_TAG, disk.name());
        return tags;
    }

    @Override
    public Optional<Disk> findDiskByName(String name) {
        return volumesByName.get(name).map(Ec2Model::disk);
    }

    @Override
    public Optional<Disk> getDisk(String volumeId) {
        return volumesById.get(volumeId).map(Ec2Model::disk);
    }

    @Override
    public void deleteDisk(String volumeId) {
        try {
            call("DeleteVolume " + volumeId, () -> ec2.forAction("DeleteVolume").deleteVolume(r -> r.volumeId(volumeId)));
        } catch (EbsCloudException e) {
            if (!Ec2ErrorMapper.isNotFound(e)) {
                throw e;
            }
            LOG.debug("volume {} does not exist; nothing to delete", volumeId);
        }
    }

    // ---- attachments

    @Override
    public String attachDisk(String volumeId, String instanceId, boolean shared) {
        Disk disk = getDisk(volumeId).orElseThrow(() -> volumeNotFound(volumeId));
        Optional<Disk.Attachment> current = disk.attachmentTo(instanceId);
        if (current.isPresent() && !current.get().state().equals("detaching") && !current.get().state().equals("detached")) {
            return awaitAttached(volumeId, instanceId);
        }
        if (current.isPresent() && current.get().state().equals("detaching")) {
            awaitDetached(volumeId, instanceId);
        }
        if (!shared || !disk.multiAttach()) {
            Optional<Disk.Attachment> elsewhere = disk.attachments().stream()
                    .filter(a -> !a.instanceId().equals(instanceId) && !a.state().equals("detached"))
                    .findFirst();
            if (elsewhere.isPresent()) {
                // what EC2 would answer without Multi-Attach; found without spending a call from the mutating budget
                throw new EbsCloudException(Code.FAILED_PRECONDITION, "VolumeInUse", "volume %s is attached to %s (%s); %s"
                        .formatted(volumeId, elsewhere.get().instanceId(), elsewhere.get().state(),
                                disk.multiAttach() ? "this use of it needs it on one node alone" : "detach it there first"), null);
            }
        }
        Instance instance = getInstance(instanceId).orElseThrow(() -> new EbsCloudException(Code.NOT_FOUND, "InvalidInstanceID.NotFound",
                "instance " + instanceId + " does not exist", null));
        for (int attempt = 1; ; attempt++) {
            String device = deviceNames.reserve(instanceId, instance.devicesInUse());
            try {
                call("AttachVolume " + volumeId + " " + instanceId + " " + device,
                        () -> ec2.forAction("AttachVolume").attachVolume(r -> r.volumeId(volumeId).instanceId(instanceId).device(device)));
                LOG.info("attaching {} to {} as {}", volumeId, instanceId, device);
                return awaitAttached(volumeId, instanceId);
            } catch (EbsCloudException e) {
                if (e.awsErrorCode().equals("InvalidParameterValue") && e.getMessage().contains("already in use") && attempt < DEVICE_NAME_TRIES) {
                    LOG.info("EC2 says {} is in use on {}; avoiding it for an hour", device, instanceId);
                    deviceNames.markLikelyBad(instanceId, device);
                    continue;
                }
                if (e.awsErrorCode().equals("VolumeInUse")) {
                    // a concurrent attach of the same volume to this instance won the race
                    Optional<Disk.Attachment> now = getDisk(volumeId).flatMap(d -> d.attachmentTo(instanceId));
                    if (now.isPresent()) {
                        return awaitAttached(volumeId, instanceId);
                    }
                }
                throw e;
            } finally {
                deviceNames.release(instanceId, device);
            }
        }
    }

    /** Until attached; one still attaching after {@link Waits#attaching()} is detached again and DEADLINE_EXCEEDED, as the official driver. */
    private String awaitAttached(String volumeId, String instanceId) {
        try {
            return await(waits.attaching(), "volume " + volumeId + " to attach to " + instanceId, () -> {
                Disk disk = getDisk(volumeId).orElseThrow(() -> volumeNotFound(volumeId));
                return disk.attachmentTo(instanceId).filter(a -> a.state().equals("attached")).map(Disk.Attachment::device);
            });
        } catch (EbsCloudException e) {
            if (e.code() == Code.DEADLINE_EXCEEDED) {
                LOG.warn("volume {} still not attached to {} after {} s; detaching it so that the attach is retried", volumeId, instanceId,
                        waits.attaching().toSeconds());
                try {
                    call("DetachVolume " + volumeId, () -> ec2.forAction("DetachVolume").detachVolume(r -> r.volumeId(volumeId).instanceId(instanceId)));
                } catch (EbsCloudException detach) {
                    LOG.warn("could not detach stuck volume {}: {}", volumeId, detach.getMessage());
                }
            }
            throw e;
        }
    }

    @Override
    public void detachDisk(String volumeId, String instanceId) {
        Optional<Disk> disk = getDisk(volumeId);
        Optional<Disk.Attachment> attachment = disk.flatMap(d -> d.attachmentTo(instanceId));
        if (attachment.isEmpty() || attachment.get().state().equals("detached")) {
            return; // volume gone or not attached there: nothing to do, and no mutating call spent
        }
        if (!attachment.get().state().equals("detaching")) {
            try {
                call("DetachVolume " + volumeId + " " + instanceId, () -> ec2.forAction("DetachVolume").detachVolume(r -> r.volumeId(volumeId).instanceId(instanceId)));
                LOG.info("detaching {} from {}", volumeId, instanceId);
            } catch (EbsCloudException e) {
                if (Ec2ErrorMapper.isNotFound(e)) {
                    return;
                }
                if (!e.awsErrorCode().equals("IncorrectState")) {
                    throw e;
                }
                // already detaching (or just detached): the wait below tells
            }
        }
        awaitDetached(volumeId, instanceId);
    }

    private void awaitDetached(String volumeId, String instanceId) {
        await(waits.detached(), "volume " + volumeId + " to detach from " + instanceId, () -> {
            Optional<Disk.Attachment> attachment = getDisk(volumeId).flatMap(d -> d.attachmentTo(instanceId));
            return attachment.isEmpty() || attachment.get().state().equals("detached") ? Optional.of(true) : Optional.empty();
        });
    }

    @Override
    public void awaitInitialized(String volumeId, Duration atMost) {
        Duration limit = atMost.compareTo(waits.initialized()) < 0 ? atMost : waits.initialized();
        java.util.concurrent.atomic.AtomicReference<String> progress = new java.util.concurrent.atomic.AtomicReference<>("");
        try {
            await(limit, "volume " + volumeId + " to be initialized from its snapshot", () -> {
                Optional<VolumeStatusItem> item = volumeStatuses.get(volumeId);
                if (item.isEmpty()) {
                    throw volumeNotFound(volumeId);
                }
                Optional<String> state = item.filter(i -> i.volumeStatus() != null).stream()
                        .flatMap(i -> i.volumeStatus().details().stream())
                        .filter(detail -> detail.name() == VolumeStatusName.INITIALIZATION_STATE)
                        .map(VolumeStatusDetails::status)
                        .findFirst();
                if (state.isEmpty() || state.get().equals("completed")) {
                    return Optional.of(true);
                }
                item.map(VolumeStatusItem::initializationStatusDetails).ifPresent(details -> progress.set(
                        " (%s, %s%% done, about %s s left)".formatted(details.initializationTypeAsString(), details.progress(),
                                details.estimatedTimeToCompleteInSeconds())));
                return Optional.empty();
            });
        } catch (EbsCloudException e) {
            if (e.code() != Code.DEADLINE_EXCEEDED) {
                throw e;
            }
            // a state that clears by itself: the attacher calls again, and the attachment made stays
            throw new EbsCloudException(Code.UNAVAILABLE, "", ("volume %s is still being initialized from its snapshot%s; "
                    + "blockAttachUntilInitialized holds ControllerPublishVolume until it is").formatted(volumeId, progress.get()), e);
        }
    }

    @Override
    public Optional<Instance> getInstance(String instanceId) {
        return instances.get(instanceId).map(Ec2Model::instance);
    }

    // ---- modifications

    @Override
    public Disk modifyDisk(String volumeId, DiskModification modification) {
        if (modification.isEmpty()) {
            return getDisk(volumeId).orElseThrow(() -> volumeNotFound(volumeId));
        }
        return coalescer.submit(volumeId, modification);
    }

    /** One merged change: skipped if the volume has it already, joined if EC2 is already making it. */
    private Disk applyModification(String volumeId, DiskModification wanted) {
        Volume volume = volumesById.get(volumeId).orElseThrow(() -> volumeNotFound(volumeId));
        if (satisfies(volume, wanted)) {
            LOG.debug("volume {} already has {}", volumeId, wanted);
            return Ec2Model.disk(volume);
        }
        try {
            ModifyVolumeRequest.Builder request = ModifyVolumeRequest.builder().volumeId(volumeId);
            wanted.sizeGiB().filter(size -> size > volume.size()).ifPresent(size -> request.size(Math.toIntExact(size)));
            wanted.type().filter(type -> !type.equals(volume.volumeTypeAsString())).ifPresent(request::volumeType);
            wanted.iops().filter(iops -> !iops.equals(volume.iops())).ifPresent(request::iops);
            wanted.throughput().filter(t -> !t.equals(volume.throughput())).ifPresent(request::throughput);
            call("ModifyVolume " + volumeId, () -> ec2.forAction("ModifyVolume").modifyVolume(request.build()));
            LOG.info("modifying volume {}: {}", volumeId, wanted);
        } catch (EbsCloudException e) {
            if (!e.awsErrorCode().equals("IncorrectModificationState")) {
                throw e;
            }
            // EC2 is already modifying it: fine if that is this change (e.g. our own call before a restart)
            Optional<VolumeModification> running = modifications.get(volumeId);
            if (running.isEmpty() || !targets(running.get(), wanted)) {
                throw e;
            }
        }
        await(waits.modified(), "volume " + volumeId + " modification", () -> {
            VolumeModification m = modifications.get(volumeId).orElseThrow(() -> new EbsCloudException(Code.INTERNAL, "",
                    "EC2 lost the modification of volume " + volumeId, null));
            return switch (m.modificationStateAsString()) {
                case "optimizing", "completed" -> Optional.of(m);
                case "failed" -> throw new EbsCloudException(Code.INTERNAL, "", "modification of volume %s failed: %s"
                        .formatted(volumeId, m.statusMessage()), null);
                default -> Optional.empty();
            };
        });
        return getDisk(volumeId).orElseThrow(() -> volumeNotFound(volumeId));
    }

    private static boolean satisfies(Volume v, DiskModification m) {
        return m.sizeGiB().map(size -> v.size() != null && size <= v.size()).orElse(true)
                && m.type().map(type -> type.equals(v.volumeTypeAsString())).orElse(true)
                && m.iops().map(iops -> iops.equals(v.iops())).orElse(true)
                && m.throughput().map(t -> t.equals(v.throughput())).orElse(true);
    }

    private static boolean targets(VolumeModification running, DiskModification m) {
        return m.sizeGiB().map(size -> running.targetSize() != null && size <= running.targetSize()).orElse(true)
                && m.type().map(type -> type.equals(running.targetVolumeTypeAsString())).orElse(true)
                && m.iops().map(iops -> iops.equals(running.targetIops())).orElse(true)
                && m.throughput().map(t -> t.equals(running.targetThroughput())).orElse(true);
    }

    @Override
    public void tagDisk(String volumeId, Map<String, String> add, Set<String> remove) {
        if (!add.isEmpty()) {
            call("CreateTags " + volumeId, () -> ec2.forAction("CreateTags").createTags(r -> r.resources(volumeId)
                    .tags(add.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())));
        }
        if (!remove.isEmpty()) {
            call("DeleteTags " + volumeId, () -> ec2.forAction("DeleteTags").deleteTags(r -> r.resources(volumeId)
                    .tags(remove.stream().map(key -> Tag.builder().key(key).build()).toList())));
        }
    }

    // ---- snapshots

    @Override
    public DiskSnapshot createSnapshot(NewSnapshot snapshot) {
        DiskSnapshot made = createOrFindSnapshot(snapshot);
        if (snapshot.fastRestoreZones().isEmpty() && snapshot.lock().isEmpty()) {
            return made;
        }
        try {
            // fast restore first: a snapshot locked already could not be deleted if that failed
            if (!snapshot.fastRestoreZones().isEmpty()) {
                enableFastRestores(made.snapshotId(), snapshot.fastRestoreZones());
            }
            snapshot.lock().ifPresent(lock -> lock(made.snapshotId(), lock));
        } catch (EbsCloudException e) {
            LOG.warn("snapshot {}: deleting {} again, as {}", snapshot.name(), made.snapshotId(), e.getMessage());
            try {
                deleteSnapshot(made.snapshotId());
            } catch (EbsCloudException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return made;
    }

    /**
     * EC2 answers per zone; any zone that failed fails the whole, with EC2's code and message.
     * Enabling a zone again is no change in EC2, so a retry may ask for every zone again.
     */
    private void enableFastRestores(String snapshotId, List<String> zones) {
        var answer = call("EnableFastSnapshotRestores " + snapshotId, () -> ec2.forAction("EnableFastSnapshotRestores")
                .enableFastSnapshotRestores(r -> r.sourceSnapshotIds(snapshotId).availabilityZones(zones)));
        List<String> failures = new ArrayList<>();
        String firstCode = "";
        for (var item : answer.unsuccessful()) {
            for (var zoneError : item.fastSnapshotRestoreStateErrors()) {
                String code = zoneError.error() == null ? "" : zoneError.error().code();
                firstCode = firstCode.isEmpty() ? code : firstCode;
                failures.add(zoneError.availabilityZone() + ": " + (zoneError.error() == null ? "unknown error" : code + " " + zoneError.error().message()));
            }
        }
        if (!failures.isEmpty()) {
            Code code = firstCode.isEmpty() ? Code.INTERNAL : Ec2ErrorMapper.codeFor(firstCode, 400);
            throw new EbsCloudException(code == Code.INTERNAL ? Code.FAILED_PRECONDITION : code, firstCode,
                    "fast snapshot restore of %s could not be enabled in %s".formatted(snapshotId, String.join("; ", failures)), null);
        }
        LOG.info("snapshot {}: fast snapshot restore enabling in {}", snapshotId, zones);
    }

    /** A lock still in force is left alone, so that a retry neither restarts its duration nor trips over compliance rules. */
    private void lock(String snapshotId, SnapshotLock lock) {
        boolean locked = call("DescribeLockedSnapshots " + snapshotId, () -> ec2.forAction("DescribeLockedSnapshots")
                .describeLockedSnapshots(r -> r.snapshotIds(snapshotId))).snapshots().stream()
                .anyMatch(info -> snapshotId.equals(info.snapshotId()) && info.lockState() != LockState.EXPIRED);
        if (locked) {
            return;
        }
        call("LockSnapshot " + snapshotId, () -> ec2.forAction("LockSnapshot").lockSnapshot(r -> {
            r.snapshotId(snapshotId).lockMode(lock.mode());
            lock.durationDays().ifPresent(r::lockDuration);
            lock.expirationDate().ifPresent(r::expirationDate);
            lock.coolOffHours().ifPresent(r::coolOffPeriod);
        }));
        LOG.info("snapshot {}: locked in {} mode", snapshotId, lock.mode());
    }

    private DiskSnapshot createOrFindSnapshot(NewSnapshot snapshot) {
        Optional<DiskSnapshot> existing = findSnapshotByName(snapshot.name()).or(() -> madeHere(snapshot.name()));
        if (existing.isPresent()) {
            if (!existing.get().volumeId().equals(snapshot.volumeId())) {
                throw new EbsCloudException(Code.ALREADY_EXISTS, "", "snapshot %s already exists as %s of volume %s, not of %s"
                        .formatted(snapshot.name(), existing.get().snapshotId(), existing.get().volumeId(), snapshot.volumeId()), null);
            }
            return existing.get();
        }
        Map<String, String> tags = new HashMap<>(snapshot.tags());
        tags.put(SNAPSHOT_NAME_TAG, snapshot.name());
        var created = call("CreateSnapshot " + snapshot.name(), () -> ec2.forAction("CreateSnapshot").createSnapshot(r -> {
            r.volumeId(snapshot.volumeId())
                    .description("Created by polycsi for " + snapshot.name())
                    .tagSpecifications(Ec2Model.tagSpecification(ResourceType.SNAPSHOT, tags));
            snapshot.outpostArn().ifPresent(r::outpostArn);
        }));
        LOG.info("snapshot {}: created {} of {}", snapshot.name(), created.snapshotId(), snapshot.volumeId());
        DiskSnapshot made = new DiskSnapshot(created.snapshotId(), created.volumeId(), created.volumeSize() == null ? 0 : created.volumeSize(),
                created.startTime() == null ? java.time.Instant.now() : created.startTime(), created.stateAsString(), Ec2Model.tags(created.tags()));
        madeSnapshots.add(snapshot.name(), made);
        return made;
    }

    /**
     * The snapshot this process made for the name, which DescribeSnapshots may not list yet: as
     * EC2 describes it by id now, else as it was created (EC2 does not know the id yet either).
     */
    private Optional<DiskSnapshot> madeHere(String name) {
        return madeSnapshots.get(name).map(made -> getSnapshot(made.snapshotId()).orElse(made));
    }

    @Override
    public Optional<DiskSnapshot> findSnapshotByName(String name) {
        DescribeSnapshotsResponse found = call("DescribeSnapshots " + name, () -> ec2.forAction("DescribeSnapshots").describeSnapshots(r -> r.ownerIds("self")
                .filters(Filter.builder().name("tag:" + SNAPSHOT_NAME_TAG).values(name).build())));
        return found.snapshots().stream().min(Comparator.comparing(Snapshot::startTime, Comparator.nullsLast(Comparator.naturalOrder())))
                .map(Ec2Model::snapshot);
    }

    @Override
    public Optional<DiskSnapshot> getSnapshot(String snapshotId) {
        return snapshotsById.get(snapshotId).map(Ec2Model::snapshot);
    }

    @Override
    public void deleteSnapshot(String snapshotId) {
        try {
            call("DeleteSnapshot " + snapshotId, () -> ec2.forAction("DeleteSnapshot").deleteSnapshot(r -> r.snapshotId(snapshotId)));
        } catch (EbsCloudException e) {
            if (e.awsErrorCode().equals(SNAPSHOT_LOCKED)) {
                throw new EbsCloudException(Code.FAILED_PRECONDITION, SNAPSHOT_LOCKED, ("snapshot %s is locked (EC2 snapshot lock) and cannot "
                        + "be deleted until its lock expires or, in governance mode or a compliance cooling-off period, someone "
                        + "allowed to runs aws ec2 unlock-snapshot; EC2 said: %s").formatted(snapshotId, e.getMessage()), e);
            }
            if (!Ec2ErrorMapper.isNotFound(e)) {
                throw e;
            }
        }
        madeSnapshots.deleted(snapshotId);
    }

    /**
     * EC2 takes MaxResults from 5 to 1000 only; CSI may ask for fewer than 5. Then a page of 5 is
     * fetched and cut, and the token carries where in that page the next call goes on
     * ({@link SnapshotTokens}).
     */
    @Override
    public SnapshotPage listSnapshots(Optional<String> sourceVolumeId, int maxResults, String nextToken) {
        SnapshotTokens.Position from = SnapshotTokens.parse(nextToken);
        List<Filter> filters = new ArrayList<>();
        filters.add(Filter.builder().name("tag-key").values(SNAPSHOT_NAME_TAG).build());
        sourceVolumeId.ifPresent(v -> filters.add(Filter.builder().name("volume-id").values(v).build()));
        int ask = maxResults <= 0 ? 0 : Math.clamp(Math.max(maxResults, from.skip() + maxResults), 5, 1000);
        DescribeSnapshotsRequest.Builder request = DescribeSnapshotsRequest.builder().ownerIds("self").filters(filters);
        if (ask > 0) {
            request.maxResults(ask);
        }
        from.ec2Token().ifPresent(request::nextToken);
        DescribeSnapshotsResponse page = call("DescribeSnapshots", () -> ec2.forAction("DescribeSnapshots").describeSnapshots(request.build()));
        List<Snapshot> items = page.snapshots();
        int start = Math.min(from.skip(), items.size());
        int end = maxResults <= 0 ? items.size() : Math.min(items.size(), start + maxResults);
        String next;
        if (end < items.size()) {
            next = SnapshotTokens.format(new SnapshotTokens.Position(from.ec2Token(), end));
        } else {
            next = page.nextToken() == null ? "" : page.nextToken();
        }
        return new SnapshotPage(items.subList(start, end).stream().map(Ec2Model::snapshot).toList(), next);
    }

    // ---- zones

    @Override
    public List<String> availabilityZones() {
        List<String> cached = zones;
        if (cached == null) {
            cached = call("DescribeAvailabilityZones", () -> ec2.forAction("DescribeAvailabilityZones").describeAvailabilityZones(r -> r.filters(
                    Filter.builder().name("state").values("available").build())))
                    .availabilityZones().stream().map(z -> z.zoneName()).toList();
            zones = cached; // zones do not come and go while the driver runs
        }
        return cached;
    }

    @Override
    public void close() {
        ec2.close();
    }

    // ---- batched look-ups

    private Map<String, Volume> describeVolumesById(List<String> ids) {
        Map<String, Volume> found = new HashMap<>();
        call("DescribeVolumes", () -> ec2.forAction("DescribeVolumes").describeVolumes(r -> r.volumeIds(ids))).volumes().forEach(v -> found.put(v.volumeId(), v));
        return found;
    }

    /** Live volumes by their name tag; of several with one name (made outside the driver), the oldest. */
    private Map<String, Volume> describeVolumesByName(List<String> names) {
        Map<String, Volume> found = new HashMap<>();
        Filter filter = Filter.builder().name("tag:" + VOLUME_NAME_TAG).values(names).build();
        List<Volume> volumes = call("DescribeVolumes by name", () -> ec2.forAction("DescribeVolumes").describeVolumesPaginator(r -> r.filters(filter)).volumes().stream().toList());
        volumes.stream()
                .filter(v -> !Ec2Model.gone(v))
                .sorted(Comparator.comparing(Volume::createTime, Comparator.nullsLast(Comparator.naturalOrder())))
                .forEach(v -> Ec2Model.tag(v, VOLUME_NAME_TAG).ifPresent(name -> found.putIfAbsent(name, v)));
        return found;
    }

    private Map<String, software.amazon.awssdk.services.ec2.model.Instance> describeInstances(List<String> ids) {
        Map<String, software.amazon.awssdk.services.ec2.model.Instance> found = new HashMap<>();
        call("DescribeInstances", () -> ec2.forAction("DescribeInstances").describeInstances(r -> r.instanceIds(ids))).reservations()
                .forEach(reservation -> reservation.instances().forEach(i -> found.put(i.instanceId(), i)));
        return found;
    }

    private Map<String, Snapshot> describeSnapshotsById(List<String> ids) {
        Map<String, Snapshot> found = new HashMap<>();
        call("DescribeSnapshots", () -> ec2.forAction("DescribeSnapshots").describeSnapshots(r -> r.snapshotIds(ids))).snapshots().forEach(s -> found.put(s.snapshotId(), s));
        return found;
    }

    /** Many restores waiting at once cost one DescribeVolumeStatus per round, as the other waits. */
    private Map<String, VolumeStatusItem> describeVolumeStatuses(List<String> volumeIds) {
        Map<String, VolumeStatusItem> found = new HashMap<>();
        call("DescribeVolumeStatus", () -> ec2.forAction("DescribeVolumeStatus").describeVolumeStatus(r -> r.volumeIds(volumeIds)))
                .volumeStatuses().forEach(item -> found.put(item.volumeId(), item));
        return found;
    }

    /** The latest modification per volume (EC2 may list earlier ones too). */
    private Map<String, VolumeModification> describeModifications(List<String> volumeIds) {
        Map<String, VolumeModification> found = new HashMap<>();
        call("DescribeVolumesModifications", () -> ec2.forAction("DescribeVolumesModifications").describeVolumesModifications(r -> r.volumeIds(volumeIds))).volumesModifications()
                .forEach(m -> found.merge(m.volumeId(), m, (a, b) -> Objects.compare(a.startTime(), b.startTime(),
                        Comparator.nullsFirst(Comparator.naturalOrder())) >= 0 ? a : b));
        return found;
    }

    // ---- helpers

    private static <T> T call(String what, Supplier<T> call) {
        return Ec2ErrorMapper.call(what, call);
    }

    /** Waits for a transition; a timeout is an {@link EbsCloudException} too, as every failure of this class. */
    private static <T> T await(Duration limit, String what, Supplier<Optional<T>> check) {
        return call("waiting for " + what, () -> Backoff.transitions(limit).await(what, check));
    }

    private static boolean isError(RuntimeException failure, String awsErrorCode) {
        return failure instanceof EbsCloudException e && e.awsErrorCode().equals(awsErrorCode);
    }

    private static EbsCloudException volumeNotFound(String volumeId) {
        return new EbsCloudException(Code.NOT_FOUND, "InvalidVolume.NotFound", "volume " + volumeId + " does not exist", null);
    }
}
