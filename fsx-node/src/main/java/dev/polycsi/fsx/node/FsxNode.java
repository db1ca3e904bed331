package dev.polycsi.fsx.node;

import dev.polycsi.aws.imds.Imds;
import dev.polycsi.aws.imds.InstanceZone;
import dev.polycsi.fsx.node.MountProbe.MountHealth;
import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Topology;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.mount.FilesystemStats;
import dev.polycsi.spi.mount.MountPoint;
import dev.polycsi.spi.mount.Mounter;
import dev.polycsi.spi.mount.Unmounted;
import dev.polycsi.spi.node.NodeDetails;
import dev.polycsi.spi.node.NodeOps;
import dev.polycsi.spi.node.NodePublishRequest;
import dev.polycsi.spi.node.NodeUnpublishRequest;
import dev.polycsi.spi.node.VolumeStats;
import dev.polycsi.spi.node.VolumeStatsRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The node role of the FSx backends (FSx for Lustre and File Cache over the Lustre client, FSx for
 * ONTAP over NFS; {@link NetworkVolumes} tells them apart): publish mounts the volume straight at
 * the target ({@code mount -t lustre} as aws-fsx-csi-driver does, {@code mount -t nfs}); there is
 * no staging. Three things the official driver does not do:
 * <ul>
 *   <li>Nothing waits on a dead file system for good. A hung unmount is detached lazily
 *       ({@link Mounter#unmountOrDetach}), so that the pod can go and the volume's next calls are
 *       not refused behind it (the official driver's #495); stat and statvfs run in
 *       {@link BoundedCalls}.</li>
 *   <li>A publish onto a mount that no longer works (the stat fails with ENOTCONN, ESHUTDOWN,
 *       ESTALE, or does not return) unmounts it and mounts again, as the official driver does for
 *       ENOTCONN and ESTALE; one that works is left alone.</li>
 *   <li>NodeGetVolumeStats reports statvfs of the mount (the official driver has none).</li>
 * </ul>
 */
public final class FsxNode implements NodeOps {

    private static final Logger LOG = LogManager.getLogger(FsxNode.class);

    private final Mounter mounter;
    private final InstanceZone zone;
    private final NodeOptions options;
    private final MountProbe probe;
    private final BoundedCalls calls;
    private final NetworkVolumes volumes;

    FsxNode(NetworkVolumes volumes, Mounter mounter, InstanceZone zone, NodeOptions options, MountProbe.Stat stat) {
        this.volumes = volumes;
        this.mounter = mounter;
        this.zone = zone;
        this.options = options;
        this.calls = new BoundedCalls();
        this.probe = new MountProbe(stat, options.mountCheckTimeout(), calls);
    }

    /** Reads the node's zone from IMDS (through {@code context.aws()}). */
    public static FsxNode create(NetworkVolumes volumes, BackendContext context, NodeOptions options) {
        Imds imds = Imds.at(context.aws());
        InstanceZone zone = imds.zone();
        if (zone.zone().isEmpty()) {
            // An FSx file system lives in one zone but answers clients of every zone: without IMDS the node still mounts.
            LOG.warn("No zone from the instance metadata service at {}: {} volumes get no zone topology on this node",
                    imds.where(), volumes.product());
        }
        LOG.info("{} node in zone {}", volumes.product(), zone.zone().orElse("(unknown)"));
        return new FsxNode(volumes, context.mounter(), zone, options, MountProbe.FILES);
    }

    @Override
    public NodeDetails details() {
        return new NodeDetails(zone.zone().map(z -> Map.of(Topology.ZONE_KEY, z)).orElse(Map.of()), 0);
    }

    /**
     * Mounts the volume at the target. A mount of the same file system already there is the
     * publish done, if it answers and is as read-only as asked; one that does not answer is
     * replaced; anything else there is ALREADY_EXISTS.
     */
    @Override
    public void publish(NodePublishRequest request) {
        VolumeCapability capability = request.capability();
        if (capability.isBlock()) {
            throw CsiException.invalidArgument("%s", volumes.blockRefusal());
        }
        if (!volumes.fsTypes().contains(capability.fsType())) {
            throw CsiException.invalidArgument("fsType %s is not supported for %s volumes; leave it empty or give %s",
                    capability.fsType(), volumes.product(),
                    String.join(" or ", volumes.fsTypes().stream().filter(type -> !type.isEmpty()).sorted().toList()));
        }
        String id = volumes.parseId(request.volumeId());
        boolean readOnly = request.readonly() || capability.accessMode().readOnly();
        NetworkMount mount = volumes.mountFor(id, request.volumeContext(), readOnly, capability.mountFlags());
        Path target = request.targetPath();
        Optional<MountPoint> existing = mounter.findMount(target);
        if (existing.isPresent()) {
            requireSameMount(id, mount, existing.get(), target);
            MountHealth health = probe.check(target);
            if (!health.broken()) {
                LOG.debug("{} is already published at {}", id, target);
                return;
            }
            LOG.warn("{} is published at {}, but the mount does not work ({}); unmounting it to mount it again", id, target,
                    health.reason());
            unmount(id.toString(), target);
        }
        LOG.info("Publishing {} at {}: mount -t {}{} {}", id, target, mount.fsType(),
                mount.options().isEmpty() ? "" : " -o " + String.join(",", mount.options()), mount.source());
        mounter.mount(mount.source(), target, mount.fsType(), mount.options());
    }

    private static void requireSameMount(String id, NetworkMount mount, MountPoint existing, Path target) {
        if (!mount.isMountedAs(existing)) {
            throw CsiException.alreadyExists("%s already has %s of type %s mounted, not %s (volume %s)", target, existing.source(),
                    existing.fsType(), mount.source(), id);
        }
        if (mount.readOnly() != existing.readOnly()) {
            throw CsiException.alreadyExists("%s already has volume %s mounted %s; it was asked for %s there", target, id,
                    existing.readOnly() ? "read-only" : "read-write", mount.readOnly() ? "read-only" : "read-write");
        }
    }

    /** Nothing mounted there is success; a hung unmount is detached lazily unless the options say not to. */
    @Override
    public void unpublish(NodeUnpublishRequest request) {
        Path target = request.targetPath();
        if (!mounter.isMounted(target)) {
            LOG.debug("{} is not published at {}", request.volumeId(), target);
            return;
        }
        LOG.info("Unpublishing {} from {}", request.volumeId(), target);
        unmount(request.volumeId(), target);
    }

    private void unmount(String volumeId, Path target) {
        if (!options.lazyUnmount()) {
            mounter.unmount(target);
            return;
        }
        Unmounted unmounted = mounter.unmountOrDetach(target);
        if (unmounted.lazily()) {
            LOG.warn("Unmounting {} of volume {} failed ({}); detached it lazily, as its file system may be unreachable", target,
                    volumeId, unmounted.failure().orElse(""));
        } else if (unmounted.failure().isPresent()) {
            LOG.warn("Unmounting {} of volume {} reported a failure ({}), but it is unmounted", target, volumeId,
                    unmounted.failure().get());
        }
    }

    /**
     * statvfs of the mount: sizes as the file servers report them. A mount that does not work,
     * or whose statvfs does not return in time, is UNAVAILABLE naming why: there are no sizes to
     * report, and the call must not wait for the servers.
     */
    @Override
    public VolumeStats stats(VolumeStatsRequest request) {
        Path path = request.volumePath();
        MountHealth health = probe.check(path);
        if (health.broken()) {
            throw CsiException.unavailable("volume %s is mounted at %s, but the mount does not work: %s", request.volumeId(), path,
                    health.reason());
        }
        FilesystemStats fs;
        try {
            fs = calls.call("statvfs of " + path, options.mountCheckTimeout(), () -> mounter.filesystemStats(path));
        } catch (BoundedCalls.NoAnswer e) {
            throw CsiException.unavailable("volume %s: %s; its file system may be unreachable", request.volumeId(), e.getMessage());
        } catch (IOException e) {
            throw new CsiException(CsiException.Code.INTERNAL, "statvfs of %s failed: %s".formatted(path, e), e);
        }
        return new VolumeStats(fs.totalBytes(), fs.availableBytes(), fs.usedBytes(), fs.totalInodes(), fs.freeInodes(),
                fs.usedInodes(), false, "");
    }
}
