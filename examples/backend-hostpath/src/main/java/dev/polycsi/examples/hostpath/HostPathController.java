package dev.polycsi.examples.hostpath;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Topology;
import dev.polycsi.spi.controller.ControllerOps;
import dev.polycsi.spi.controller.CreateSnapshotRequest;
import dev.polycsi.spi.controller.CreateVolumeRequest;
import dev.polycsi.spi.controller.ExpandResult;
import dev.polycsi.spi.controller.CapacityRequest;
import dev.polycsi.spi.controller.DeleteSnapshotRequest;
import dev.polycsi.spi.controller.DeleteVolumeRequest;
import dev.polycsi.spi.controller.ExpandVolumeRequest;
import dev.polycsi.spi.controller.GetVolumeRequest;
import dev.polycsi.spi.controller.ListSnapshotsRequest;
import dev.polycsi.spi.controller.ListVolumesRequest;
import dev.polycsi.spi.controller.Page;
import dev.polycsi.spi.controller.Snapshot;
import dev.polycsi.spi.controller.TopologyRequirement;
import dev.polycsi.spi.controller.Volume;
import dev.polycsi.spi.operation.LongOperations;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The controller side: volumes and snapshots as directories and records in a {@link HostPathStore}.
 *
 * <p>Sizes are bookkeeping only. A volume's capacity is recorded and counted against the
 * {@code capacity} option ({@link Capacity}), but nothing stops a pod from writing more than its
 * volume's size: all volumes share the free space of the filesystem that holds the base directory.
 *
 * <p>Volumes are made by a {@link VolumeCreator}, within CreateVolume, or, when the options ask
 * for slow creations, by the core's waiter for long operations ({@link SlowCreation}).
 */
final class HostPathController implements ControllerOps {

    private final HostPathStore store;
    private final Capacity capacity;
    private final String nodeId;
    private final VolumeCreator creator;
    private final SlowCreations slow;
    private final LongOperations operations;

    /**
     * @param nodeId     this node's id when the node service runs in this process too; empty on a
     *                   controller-only process, whose volumes then carry no topology
     * @param slow       whether creations take a while, and which fail
     * @param operations the core's waiters, used for slow creations
     */
    HostPathController(HostPathStore store, long capacityBytes, String nodeId, SlowCreations slow, LongOperations operations) {
        this.store = store;
        this.capacity = new Capacity(store, capacityBytes);
        this.nodeId = nodeId;
        this.creator = new VolumeCreator(store, capacity, slow.clock());
        this.slow = slow;
        this.operations = operations;
    }

    // ---- volumes

    @Override
    public Volume createVolume(CreateVolumeRequest request) {
        requireThisNodeAllowed(request.topology());
        if (!slow.enabled()) {
            return toVolume(creator.complete(creator.reserve(request), request));
        }
        // The first call starts the creation; each call waits until shortly before its deadline
        // (then ABORTED, which the provisioner retries); the name is the key, so retries join it.
        VolumeRecord volume = operations.await("create:" + request.name(),
                new SlowCreation(request, store, creator, slow), request.deadline());
        // A call that joined another's creation has not had its own request compared.
        VolumeCreator.requireSameRequest(volume, request);
        return toVolume(volume);
    }

    /**
     * Volumes live on this one node. When the CO restricts where a volume may be reachable
     * and this node is not among the places, the volume cannot be made: CSI says
     * RESOURCE_EXHAUSTED. Without a node id (controller-only) there is nothing to compare.
     */
    private void requireThisNodeAllowed(TopologyRequirement requirement) {
        if (nodeId.isEmpty() || requirement.requisite().isEmpty()) {
            return;
        }
        boolean allowed = requirement.requisite().stream()
                .anyMatch(topology -> nodeId.equals(topology.get(HostPathBackend.TOPOLOGY_KEY)));
        if (!allowed) {
            throw CsiException.resourceExhausted("hostpath volumes live on node %s, which the requisite topology %s excludes",
                    nodeId, requirement.requisite());
        }
    }

    @Override
    public void deleteVolume(DeleteVolumeRequest request) {
        // Snapshots are copies, so a volume with snapshots can go; an unknown id is already deleted.
        store.deleteVolume(request.volumeId());
    }

    /** Only READY volumes: one still being created does not exist for the CO yet. */
    @Override
    public Optional<Volume> findVolume(GetVolumeRequest request) {
        return store.findVolume(request.volumeId()).filter(VolumeRecord::isReady).map(this::toVolume);
    }

    @Override
    public Page<Volume> listVolumes(ListVolumesRequest request) {
        List<Volume> volumes = store.listVolumes().stream().filter(VolumeRecord::isReady).map(this::toVolume).toList();
        return Pages.page(volumes, Volume::id, request.maxEntries(), request.startingToken(), Ids.VOLUME);
    }

    @Override
    public long availableCapacity(CapacityRequest request) {
        if (request.capability().isPresent() && request.capability().get().isBlock()) {
            return 0; // no block volumes here, so no room for one
        }
        return capacity.free();
    }

    @Override
    public ExpandResult expandVolume(ExpandVolumeRequest request) {
        VolumeRecord volume = store.findVolume(request.volumeId())
                .filter(VolumeRecord::isReady)
                .orElseThrow(() -> CsiException.notFound("volume %s does not exist", request.volumeId()));
        long wanted = request.capacity().resolve(volume.capacityBytes(), VolumeCreator.UNIT_BYTES);
        if (wanted <= volume.capacityBytes()) {
            // Already that large (a retry), or asked to shrink, which CSI has no call for.
            return new ExpandResult(volume.capacityBytes(), false);
        }
        capacity.claim(wanted - volume.capacityBytes(), () -> {
            store.saveVolume(volume.withCapacity(wanted));
            return null;
        });
        // A directory has no filesystem of its own to grow on the node.
        return new ExpandResult(wanted, false);
    }

    private Volume toVolume(VolumeRecord volume) {
        List<Topology> accessible = nodeId.isEmpty()
                ? List.of()
                : List.of(Topology.of(HostPathBackend.TOPOLOGY_KEY, nodeId));
        // The node finds everything from the volume id, so the volume context stays empty.
        return new Volume(volume.id(), volume.capacityBytes(), Map.of(), accessible, volume.source());
    }

    // ---- snapshots

    @Override
    public Snapshot createSnapshot(CreateSnapshotRequest request) {
        String id = Ids.snapshotId(request.name());
        SnapshotRecord snapshot;
        Optional<SnapshotRecord> existing = store.findSnapshot(id);
        if (existing.isPresent()) {
            snapshot = existing.get();
            if (!snapshot.name().equals(request.name()) || !snapshot.sourceVolumeId().equals(request.sourceVolumeId())) {
                throw CsiException.alreadyExists("snapshot '%s' already exists as %s of volume %s",
                        request.name(), id, snapshot.sourceVolumeId());
            }
        } else {
            VolumeRecord source = existingVolume(request.sourceVolumeId());
            snapshot = new SnapshotRecord(id, request.name(), source.id(), source.capacityBytes(), Instant.now());
            store.saveSnapshot(snapshot);
        }
        if (!store.hasSnapshotData(id)) {
            try {
                VolumeRecord source = existingVolume(snapshot.sourceVolumeId());
                store.createSnapshotData(id, store.volumeData(source.id()));
            } catch (RuntimeException e) {
                store.deleteSnapshot(id); // leave nothing behind; a retry starts afresh
                throw e;
            }
        }
        return toSnapshot(snapshot);
    }

    /** A complete volume to take a snapshot of, or NOT_FOUND. */
    private VolumeRecord existingVolume(String volumeId) {
        return store.findVolume(volumeId)
                .filter(found -> found.isReady() && store.hasVolumeData(found.id()))
                .orElseThrow(() -> CsiException.notFound("source volume %s does not exist", volumeId));
    }

    @Override
    public void deleteSnapshot(DeleteSnapshotRequest request) {
        store.deleteSnapshot(request.snapshotId());
    }

    @Override
    public Page<Snapshot> listSnapshots(ListSnapshotsRequest request) {
        List<Snapshot> snapshots = store.listSnapshots().stream()
                .filter(snapshot -> request.snapshotId().isEmpty() || snapshot.id().equals(request.snapshotId()))
                .filter(snapshot -> request.sourceVolumeId().isEmpty() || snapshot.sourceVolumeId().equals(request.sourceVolumeId()))
                .map(this::toSnapshot)
                .toList();
        return Pages.page(snapshots, Snapshot::id, request.maxEntries(), request.startingToken(), Ids.SNAPSHOT);
    }

    private Snapshot toSnapshot(SnapshotRecord snapshot) {
        // The copy is made within CreateSnapshot, so a snapshot is ready as soon as its files are complete.
        return new Snapshot(snapshot.id(), snapshot.sourceVolumeId(), snapshot.sizeBytes(), snapshot.createdAt(),
                store.hasSnapshotData(snapshot.id()));
    }
}
