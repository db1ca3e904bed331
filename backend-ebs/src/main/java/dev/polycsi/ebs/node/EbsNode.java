package dev.polycsi.ebs.node;

import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Topology;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.controller.CapacityRange;
import dev.polycsi.spi.mount.FilesystemStats;
import dev.polycsi.spi.mount.MountPoint;
import dev.polycsi.spi.mount.Mounter;
import dev.polycsi.spi.node.NodeDetails;
import dev.polycsi.spi.node.NodeOps;
import dev.polycsi.spi.node.NodeExpandRequest;
import dev.polycsi.spi.node.NodePublishRequest;
import dev.polycsi.spi.node.NodeUnpublishRequest;
import dev.polycsi.spi.node.UnstageRequest;
import dev.polycsi.spi.node.VolumeStatsRequest;
import dev.polycsi.spi.node.StageRequest;
import dev.polycsi.spi.node.VolumeStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The node role of the EBS backend, as aws-ebs-csi-driver's node: stage formats (only a blank
 * disk) and mounts the attached volume, publish bind-mounts it, block volumes are bind-mounted
 * device files. Unlike the official driver it looks for the by-id link first and refuses an
 * NVMe disk whose serial names another volume, also when the link or devicePath is stale.
 */
public final class EbsNode implements NodeOps {

    private static final Logger LOG = LogManager.getLogger(EbsNode.class);

    static final String DEVICE_PATH = "devicePath";
    static final String DEFAULT_FS_TYPE = "ext4";
    static final Set<String> FS_TYPES = Set.of("ext2", "ext3", "ext4", "xfs");

    /**
     * How much larger than its filesystem a device must be to grow the filesystem at stage. EBS
     * grows by whole GiB; mkfs and resize2fs may leave a last, too small block group unused.
     */
    static final long GROWTH_SLACK_BYTES = 16L << 20;

    /**
     * Flags of the mount point itself, which a bind mount can carry. The others in mountFlags
     * (discard, nouuid, data=…) are options of the filesystem, given once at stage.
     */
    static final Set<String> PER_MOUNT_FLAGS = Set.of("ro", "rw", "nosuid", "suid", "nodev", "dev", "noexec", "exec",
            "noatime", "atime", "nodiratime", "diratime", "relatime", "norelatime", "strictatime", "nostrictatime", "nosymfollow");

    private final InstanceIdentity identity;
    private final NodeOptions options;
    private final Mounter mounter;
    private final DeviceResolver devices;
    private final FormatArguments format;

    EbsNode(InstanceIdentity identity, NodeOptions options, Mounter mounter, DeviceResolver devices, FormatArguments format) {
        this.identity = identity;
        this.options = options;
        this.mounter = mounter;
        this.devices = devices;
        this.format = format;
    }

    /** Reads the instance's identity from IMDS (through {@code context.aws()}) and returns the node operations. */
    public static NodeOps create(BackendContext context, NodeOptions options) {
        InstanceIdentity identity = InstanceMetadata.read(context.aws());
        if (!context.nodeId().isEmpty() && !context.nodeId().equals(identity.instanceId())) {
            LOG.warn("The node id {} is not this instance's id {}: ControllerPublish attaches volumes to the EC2 instance named by "
                    + "the node id, so volumes for this node will go to {} or fail; start the node with its instance id",
                    context.nodeId(), identity.instanceId(), context.nodeId());
        }
        EbsNode node = new EbsNode(identity, options, context.mounter(),
                new DeviceResolver(context.diskByIdDirectory(), Path.of("/sys"), DeviceResolver.Wait.DEFAULT),
                FormatArguments.FROM_VOLUME_CONTEXT);
        AttachmentSlots slots = new AttachmentSlots(context.diskByIdDirectory(), node.details().maxVolumes(),
                AttachmentLimits.reserved(identity, options));
        context.metrics().gauge("node_attachment_slots_used",
                "EBS volumes attached to this node that count against its max_volumes_per_node", slots::used);
        context.metrics().gauge("node_attachment_slots_available",
                "EBS volumes this node can still take: max_volumes_per_node less the slots used", slots::available);
        LOG.info("EBS node on {} ({} in {}): {} volumes at most, {} launch EBS mappings, {} network interfaces",
                identity.instanceId(), identity.instanceType(), identity.zone(), node.details().maxVolumes(),
                identity.blockDeviceMappings(), identity.networkInterfaces());
        return node;
    }

    @Override
    public NodeDetails details() {
        return new NodeDetails(Map.of(Topology.ZONE_KEY, identity.zone()), AttachmentLimits.maxVolumes(identity, options));
    }

    /** Block volumes need nothing here: publish binds the device itself. */
    @Override
    public void stage(StageRequest request) {
        if (request.capability().isBlock()) {
            return;
        }
        String fsType = fsType(request.capability());
        List<String> mkfsArguments = format.of(request.volumeContext(), fsType, options.legacyXfs());
        Path device = devices.resolve(request.volumeId(), devicePath(request.publishContext()));
        Path staging = request.stagingPath();
        Optional<MountPoint> existing = mounter.findMount(staging);
        if (existing.isPresent()) {
            if (!DeviceFiles.isMountOf(existing.get(), device)) {
                throw CsiException.failedPrecondition("%s already has %s mounted, not %s, the device of %s",
                        staging, existing.get().source(), device, request.volumeId());
            }
            LOG.debug("{} is already staged at {}", request.volumeId(), staging);
        } else {
            List<String> mountOptions = stageMountOptions(fsType, request.capability().mountFlags());
            LOG.info("Staging {} ({}) at {} as {} with options {}", request.volumeId(), device, staging, fsType, mountOptions);
            mounter.formatAndMount(device, staging, fsType, mkfsArguments, mountOptions);
        }
        boolean readOnly = mounter.findMount(staging).map(MountPoint::readOnly).orElse(false);
        if (!readOnly) {
            growIfSmaller(request.volumeId(), device, staging);
        }
    }

    @Override
    public void unstage(UnstageRequest request) {
        String volumeId = request.volumeId();
        Path stagingPath = request.stagingPath();
        if (mounter.isMounted(stagingPath)) {
            LOG.info("Unstaging {} from {}", volumeId, stagingPath);
            mounter.unmount(stagingPath);
        }
    }

    @Override
    public void publish(NodePublishRequest request) {
        boolean readOnly = request.readonly() || request.capability().accessMode().readOnly();
        List<String> flags = perMountFlags(request.capability().mountFlags());
        if (request.capability().isBlock()) {
            publishBlock(request, readOnly, flags);
        } else {
            publishFilesystem(request, readOnly, flags);
        }
    }

    private void publishFilesystem(NodePublishRequest request, boolean readOnly, List<String> flags) {
        Path staging = request.stagingPath().orElseThrow(() -> CsiException.failedPrecondition(
                "%s has no staging path; EBS volumes are staged before they are published", request.volumeId()));
        MountPoint staged = mounter.findMount(staging).orElseThrow(() -> CsiException.failedPrecondition(
                "%s is not staged at %s", request.volumeId(), staging));
        if (staged.source().startsWith("/")) {
            devices.verify(request.volumeId(), DeviceFiles.realPath(Path.of(staged.source())));
        }
        Path target = request.targetPath();
        Optional<MountPoint> existing = mounter.findMount(target);
        if (existing.isPresent()) {
            MountPoint mounted = existing.get();
            if (!mounted.device().equals(staged.device()) || !mounted.root().equals(staged.root())) {
                throw CsiException.failedPrecondition("%s already has %s (%s) mounted, not the staging path %s of %s",
                        target, mounted.source(), mounted.root(), staging, request.volumeId());
            }
            if (!readOnly || mounted.readOnly()) {
                return;
            }
        }
        LOG.info("Publishing {} from {} at {}{}", request.volumeId(), staging, target, readOnly ? " read-only" : "");
        mounter.bindMount(staging, target, readOnly, flags);
    }

    /**
     * A read-only block publish is a read-only bind mount. The device itself is not set
     * read-only (blockdev --setro): that would reach every other publish of the volume on this
     * node and outlast the unpublish. A read-only bind does not stop writes through a device
     * node; what does is the kubelet, which gives the container the device with "r" permission
     * in its device cgroup.
     */
    private void publishBlock(NodePublishRequest request, boolean readOnly, List<String> flags) {
        Path device = devices.resolve(request.volumeId(), devicePath(request.publishContext()));
        Path target = request.targetPath();
        Optional<MountPoint> existing = mounter.findMount(target);
        if (existing.isPresent()) {
            if (!DeviceFiles.sameDevice(target, device)) {
                throw CsiException.failedPrecondition("%s already has another device bound than %s, the device of %s",
                        target, device, request.volumeId());
            }
            if (!readOnly || existing.get().readOnly()) {
                return;
            }
        }
        LOG.info("Publishing block volume {} ({}) at {}{}", request.volumeId(), device, target, readOnly ? " read-only" : "");
        mounter.bindMount(device, target, readOnly, flags);
    }

    @Override
    public void unpublish(NodeUnpublishRequest request) {
        if (mounter.isMounted(request.targetPath())) {
            LOG.info("Unpublishing {} from {}", request.volumeId(), request.targetPath());
            mounter.unmount(request.targetPath());
        }
    }

    @Override
    public VolumeStats stats(VolumeStatsRequest request) {
        Path volumePath = request.volumePath();
        if (!Files.isDirectory(volumePath)) {
            return VolumeStats.block(mounter.blockDeviceSize(volumePath));
        }
        FilesystemStats fs = mounter.filesystemStats(volumePath);
        return new VolumeStats(fs.totalBytes(), fs.availableBytes(), fs.usedBytes(), fs.totalInodes(), fs.freeInodes(),
                fs.usedInodes(), false, "");
    }

    /**
     * Grows the filesystem to the device. A device still smaller than asked for is UNAVAILABLE:
     * EC2 has not grown it on this instance yet, and the kubelet's retry will find it grown.
     */
    @Override
    public long expand(NodeExpandRequest request) {
        String volumeId = request.volumeId();
        Path volumePath = request.volumePath();
        Optional<Path> stagingPath = request.stagingPath();
        CapacityRange capacity = request.capacity();
        Optional<VolumeCapability> capability = request.capability();
        DeviceResolver.requireVolumeId(volumeId);
        boolean published = mounter.isMounted(volumePath);
        boolean block = capability.map(VolumeCapability::isBlock).orElse(published && !Files.isDirectory(volumePath));
        if (block) {
            if (!published) {
                throw CsiException.notFound("block volume %s is not published at %s", volumeId, volumePath);
            }
            return requireGrown(volumeId, volumePath, mounter.blockDeviceSize(volumePath), capacity);
        }
        Path mountPath = stagingPath.filter(mounter::isMounted).orElse(volumePath);
        MountPoint mount = mounter.findMount(mountPath).orElseThrow(() -> CsiException.notFound(
                "%s is neither staged at %s nor mounted at %s", volumeId, stagingPath.map(Path::toString).orElse("(none)"), volumePath));
        if (!mount.source().startsWith("/")) {
            throw CsiException.failedPrecondition("%s at %s is mounted from %s, not from a device", volumeId, mountPath, mount.source());
        }
        Path device = DeviceFiles.realPath(Path.of(mount.source()));
        devices.verify(volumeId, device);
        requireGrown(volumeId, device, mounter.blockDeviceSize(device), capacity);
        LOG.info("Growing the filesystem of {} ({}) at {}", volumeId, device, mountPath);
        mounter.resizeFilesystem(device, mountPath);
        return mounter.blockDeviceSize(device);
    }

    private static long requireGrown(String volumeId, Path device, long size, CapacityRange capacity) {
        if (size < capacity.requiredBytes()) {
            throw CsiException.unavailable("the device %s of %s has %d bytes, fewer than the %d asked for: EC2 has not grown it "
                    + "on this instance yet", device, volumeId, size, capacity.requiredBytes());
        }
        return size;
    }

    /** A volume expanded while it was detached has a filesystem smaller than its device. */
    private void growIfSmaller(String volumeId, Path device, Path staging) {
        Optional<Long> filesystem = FilesystemSize.of(device);
        if (filesystem.isEmpty()) {
            return;
        }
        long deviceBytes = mounter.blockDeviceSize(device);
        if (deviceBytes - filesystem.get() > GROWTH_SLACK_BYTES) {
            LOG.info("The filesystem of {} spans {} of the {} bytes of {}; growing it", volumeId, filesystem.get(), deviceBytes, device);
            mounter.resizeFilesystem(device, staging);
        }
    }

    static String fsType(VolumeCapability capability) {
        String fsType = capability.fsType().isBlank() ? DEFAULT_FS_TYPE : capability.fsType().strip().toLowerCase(Locale.ROOT);
        if (!FS_TYPES.contains(fsType)) {
            throw CsiException.invalidArgument("fsType %s is not supported for EBS volumes; use one of %s", capability.fsType(),
                    FS_TYPES.stream().sorted().toList());
        }
        return fsType;
    }

    /**
     * The volume's mount flags, and nouuid for xfs: a volume restored from a snapshot has the
     * same xfs UUID as its source, and xfs refuses to mount the second one without it.
     */
    static List<String> stageMountOptions(String fsType, List<String> mountFlags) {
        List<String> options = new ArrayList<>(flatten(mountFlags));
        if (fsType.equals("xfs") && !options.contains("nouuid")) {
            options.add("nouuid");
        }
        return List.copyOf(options);
    }

    static List<String> perMountFlags(List<String> mountFlags) {
        return flatten(mountFlags).stream().filter(PER_MOUNT_FLAGS::contains).toList();
    }

    private static List<String> flatten(List<String> flags) {
        return flags.stream()
                .flatMap(flag -> Arrays.stream(flag.split(",")))
                .map(String::strip)
                .filter(flag -> !flag.isEmpty())
                .distinct()
                .toList();
    }

    private static Optional<String> devicePath(Map<String, String> publishContext) {
        return Optional.ofNullable(publishContext.get(DEVICE_PATH));
    }

    InstanceIdentity identity() {
        return identity;
    }
}
