package dev.polycsi.efs.node;

import dev.polycsi.aws.imds.Imds;
import dev.polycsi.aws.imds.InstanceZone;
import dev.polycsi.efs.mount.EfsMount;
import dev.polycsi.efs.mount.MountPlan;
import dev.polycsi.efs.params.EfsVolumeId;
import dev.polycsi.efs.params.VolumeContext;
import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Topology;
import dev.polycsi.spi.mount.FilesystemStats;
import dev.polycsi.spi.mount.MountPoint;
import dev.polycsi.spi.mount.Mounter;
import dev.polycsi.spi.mount.Unmounted;
import dev.polycsi.spi.node.NodeDetails;
import dev.polycsi.spi.node.NodeOps;
import dev.polycsi.spi.node.NodePublishRequest;
import dev.polycsi.spi.node.NodeUnpublishRequest;
import dev.polycsi.spi.node.VolumeStatsRequest;
import dev.polycsi.spi.node.VolumeStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The node role of the EFS backend: publish mounts the volume with the EFS mount helper
 * ({@code mount -t efs}) straight at the target, as aws-efs-csi-driver does; there is no staging.
 * Unpublish is bounded: the mounter gives up on a hung unmount, and then the mount is detached
 * lazily ({@link Mounter#unmountOrDetach}) so that the pod can go even when the server is gone.
 */
public final class EfsNode implements NodeOps, AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(EfsNode.class);

    static final Set<String> FS_TYPES = Set.of("", "efs");

    private final Mounter mounter;
    private final InstanceZone zone;
    private final NodeOptions options;
    private final Optional<MountWatchdog> watchdog;

    EfsNode(Mounter mounter, InstanceZone zone, NodeOptions options) {
        this(mounter, zone, options, Optional.empty());
    }

    private EfsNode(Mounter mounter, InstanceZone zone, NodeOptions options, Optional<MountWatchdog> watchdog) {
        this.mounter = mounter;
        this.zone = zone;
        this.options = options;
        this.watchdog = watchdog;
    }

    /** Reads the node's zone from IMDS (through {@code context.aws()}). */
    public static EfsNode create(BackendContext context, NodeOptions options) {
        Imds imds = Imds.at(context.aws());
        InstanceZone zone = imds.zone();
        if (zone.zone().isEmpty()) {
            // EFS works across zones: without IMDS the node still serves volumes, but cannot pick per-zone mount targets
            LOG.warn("No zone from the instance metadata service at {}: EFS volumes get no zone topology on this node", imds.where());
        }
        LOG.info("EFS node in zone {} ({})", zone.zone().orElse("(unknown)"), zone.zoneId().orElse("(unknown)"));
        return new EfsNode(context.mounter(), zone, options, MountWatchdog.start(MountWatchdog.systemPath(), Duration.ofSeconds(5)));
    }

    /** Stops the mount watchdog, if this node started one. */
    @Override
    public void close() {
        watchdog.ifPresent(MountWatchdog::close);
    }

    @Override
    public NodeDetails details() {
        return new NodeDetails(zone.zone().map(z -> Map.of(Topology.ZONE_KEY, z)).orElse(Map.of()), 0);
    }

    @Override
    public void publish(NodePublishRequest request) {
        if (!FS_TYPES.contains(request.capability().fsType())) {
            throw CsiException.invalidArgument("fsType %s is not supported for EFS volumes; leave it empty or give efs",
                    request.capability().fsType());
        }
        EfsVolumeId id = EfsVolumeId.parse(request.volumeId());
        VolumeContext context = VolumeContext.parse(request.volumeContext());
        boolean readOnly = request.readonly() || request.capability().accessMode().readOnly();
        EfsMount mount = MountPlan.forPublish(id, context, readOnly, request.capability().mountFlags(), zone.zoneId());
        Path target = request.targetPath();
        Optional<MountPoint> existing = mounter.findMount(target);
        if (existing.isPresent()) {
            if (readOnly && !existing.get().readOnly()) {
                throw CsiException.alreadyExists("%s is already mounted read-write; volume %s was asked for read-only there", target, id);
            }
            LOG.debug("{} is already published at {}", id, target);
            return;
        }
        LOG.info("Publishing {} at {}: mount -t {} -o {} {}", id, target, EfsMount.TYPE, String.join(",", mount.options()), mount.source());
        mounter.mount(mount.source(), target, EfsMount.TYPE, mount.options());
    }

    @Override
    public void unpublish(NodeUnpublishRequest request) {
        String volumeId = request.volumeId();
        Path targetPath = request.targetPath();
        if (!mounter.isMounted(targetPath)) {
            return;
        }
        LOG.info("Unpublishing {} from {}", volumeId, targetPath);
        if (!options.lazyUnmount()) {
            mounter.unmount(targetPath);
            return;
        }
        Unmounted unmounted = mounter.unmountOrDetach(targetPath);
        if (unmounted.lazily()) {
            LOG.warn("Unmounting {} failed ({}); detached it lazily, as its server may be gone", targetPath,
                    unmounted.failure().orElse(""));
        }
    }

    /** Sizes as statvfs reports them through the mount; EFS reports a very large, elastic file system. */
    @Override
    public VolumeStats stats(VolumeStatsRequest request) {
        FilesystemStats fs = mounter.filesystemStats(request.volumePath());
        return new VolumeStats(fs.totalBytes(), fs.availableBytes(), fs.usedBytes(), fs.totalInodes(), fs.freeInodes(), fs.usedInodes(),
                false, "");
    }
}
