package dev.polycsi.examples.hostpath;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.mount.FilesystemStats;
import dev.polycsi.spi.mount.MountPoint;
import dev.polycsi.spi.mount.Mounter;
import dev.polycsi.spi.node.NodeDetails;
import dev.polycsi.spi.node.NodeOps;
import dev.polycsi.spi.node.NodeExpandRequest;
import dev.polycsi.spi.node.NodePublishRequest;
import dev.polycsi.spi.node.NodeUnpublishRequest;
import dev.polycsi.spi.node.VolumeStatsRequest;
import dev.polycsi.spi.node.VolumeStats;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The node side: a volume is published by bind-mounting its directory onto the pod's target
 * path. A directory needs no preparation per node, so there is no staging.
 *
 * <p>All mounting goes through the core's {@link Mounter}: it knows how to mount safely on
 * this operating system, and tests replace it with a fake.
 */
final class HostPathNode implements NodeOps {

    private final HostPathStore store;
    private final Mounter mounter;
    private final String nodeId;

    HostPathNode(HostPathStore store, Mounter mounter, String nodeId) {
        this.store = store;
        this.mounter = mounter;
        this.nodeId = nodeId;
    }

    @Override
    public NodeDetails details() {
        // The same segment the controller puts on volumes, so the scheduler puts pods here.
        return nodeId.isEmpty() ? NodeDetails.NONE : new NodeDetails(Map.of(HostPathBackend.TOPOLOGY_KEY, nodeId), 0);
    }

    @Override
    public void publish(NodePublishRequest request) {
        String id = request.volumeId();
        Path target = request.targetPath();
        if (store.findVolume(id).isEmpty() || !store.hasVolumeData(id)) {
            throw CsiException.notFound("volume %s does not exist", id);
        }
        // A volume whose access mode is read-only is mounted read-only even if the request
        // does not say so, so that a reader cannot write to a volume others also use.
        boolean readOnly = request.readonly() || request.capability().accessMode().readOnly();

        Optional<MountPoint> existing = mounter.findMount(target);
        if (existing.isPresent()) {
            if (isBindMountOf(existing.get(), id) && existing.get().readOnly() == readOnly) {
                return; // published by an earlier attempt
            }
            throw CsiException.alreadyExists("%s is already mounted (%s of %s, %s), not as volume %s %s",
                    target, existing.get().root(), existing.get().source(), existing.get().options(),
                    id, readOnly ? "read-only" : "read-write");
        }
        mounter.bindMount(store.volumeData(id), target, readOnly, request.capability().mountFlags());
    }

    /**
     * Whether {@code mount} shows our volume's directory. The mount table gives the directory
     * relative to the root of its filesystem, which is not our path when the base directory is
     * a filesystem of its own or is seen at another path inside the driver's container; its
     * last two names, {@code volumes/<id>}, are the same in every case.
     */
    private static boolean isBindMountOf(MountPoint mount, String id) {
        return Path.of(mount.root()).endsWith(Path.of("volumes", id));
    }

    @Override
    public void unpublish(NodeUnpublishRequest request) {
        // The core removes the target afterwards.
        mounter.unmount(request.targetPath());
    }

    /**
     * Sizes as the pod sees them: the volume's recorded capacity and the bytes its files hold,
     * not those of the filesystem that all volumes share. Inode counts cannot be told apart per
     * directory, so they are those of the shared filesystem.
     */
    @Override
    public VolumeStats stats(VolumeStatsRequest request) {
        String volumeId = request.volumeId();
        Path volumePath = request.volumePath();
        VolumeRecord volume = store.findVolume(volumeId)
                .orElseThrow(() -> CsiException.notFound("volume %s does not exist", volumeId));
        long capacity = volume.capacityBytes();
        if (!store.hasVolumeData(volumeId)) {
            // Usage is unknown (-1, as VolumeStats does for what it cannot tell); the condition says why.
            return new VolumeStats(capacity, -1, -1, -1, -1, -1, true,
                    "the directory " + store.volumeData(volumeId) + " of this volume has gone while it is published");
        }
        FilesystemStats filesystem = mounter.filesystemStats(volumePath);
        long used = store.usedBytes(volumeId);
        return new VolumeStats(capacity, Math.max(0, capacity - used), used,
                filesystem.totalInodes(), filesystem.freeInodes(), filesystem.usedInodes(), false, "");
    }

    /** Nothing to grow: the controller has recorded the new size, which is all a directory's size is. */
    @Override
    public long expand(NodeExpandRequest request) {
        return store.findVolume(request.volumeId())
                .orElseThrow(() -> CsiException.notFound("volume %s does not exist", request.volumeId()))
                .capacityBytes();
    }
}
