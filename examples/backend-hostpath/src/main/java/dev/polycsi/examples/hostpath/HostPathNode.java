package dev.polycsi.examples.hostpath;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.controller.CapacityRange;
import dev.polycsi.spi.mount.FilesystemStats;
import dev.polycsi.spi.mount.MountPoint;
import dev.polycsi.spi.mount.Mounter;
import dev.polycsi.spi.node.NodeDetails;
import dev.polycsi.spi.node.NodeOps;
import dev.polycsi.spi.node.NodePublishRequest;
import dev.polycsi.spi.node.VolumeStats;
import java.io.IOException;
import java.nio.file.Files;
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
        try {
            // The kubelet creates only the parent; CSI leaves the target itself to the plugin.
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new CsiException(CsiException.Code.INTERNAL, "cannot create " + target + ": " + e, e);
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
    public void unpublish(String volumeId, Path targetPath) {
        mounter.unmount(targetPath);
        try {
            // The kubelet expects the plugin to remove the target it created. This fails rather
            // than deleting anything if the directory still holds files: they are not ours.
            Files.deleteIfExists(targetPath);
        } catch (IOException e) {
            throw new CsiException(CsiException.Code.INTERNAL, "cannot remove " + targetPath + " after unmounting: " + e, e);
        }
    }

    /**
     * Sizes as the pod sees them: the volume's recorded capacity and the bytes its files hold,
     * not those of the filesystem that all volumes share. Inode counts cannot be told apart per
     * directory, so they are those of the shared filesystem.
     */
    @Override
    public VolumeStats stats(String volumeId, Path volumePath, Optional<Path> stagingPath) {
        VolumeRecord volume = store.findVolume(volumeId)
                .orElseThrow(() -> CsiException.notFound("volume %s does not exist", volumeId));
        if (mounter.findMount(volumePath).isEmpty()) {
            throw CsiException.notFound("volume %s is not published at %s", volumeId, volumePath);
        }
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
    public long expand(String volumeId, Path volumePath, Optional<Path> stagingPath, CapacityRange capacity,
            Optional<VolumeCapability> capability) {
        return store.findVolume(volumeId)
                .orElseThrow(() -> CsiException.notFound("volume %s does not exist", volumeId))
                .capacityBytes();
    }
}
