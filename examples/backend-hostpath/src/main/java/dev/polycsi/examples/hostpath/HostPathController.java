package dev.polycsi.examples.hostpath;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Topology;
import dev.polycsi.spi.controller.CapacityRange;
import dev.polycsi.spi.controller.ContentSource;
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
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The controller side: volumes and snapshots as directories and records in a {@link HostPathStore}.
 *
 * <p>Sizes are bookkeeping only. A volume's capacity is recorded and counted against the
 * {@code capacity} option, but nothing stops a pod from writing more than its volume's size:
 * all volumes share the free space of the filesystem that holds the base directory.
 *
 * <p>The core runs at most one call per volume (or snapshot) at a time, but calls for
 * different volumes run in parallel. The only thing they share is the capacity of the
 * backend, so checking that a volume fits and recording it happen under one lock.
 */
final class HostPathController implements ControllerOps {

    /** The size of a volume whose claim gives none. */
    static final long DEFAULT_BYTES = 1L << 30;
    /** Sizes are rounded up to whole MiB, so recorded sizes stay readable. */
    static final long UNIT_BYTES = 1L << 20;

    private final HostPathStore store;
    private final long capacityBytes;
    private final String nodeId;
    private final Object capacityLock = new Object();

    /**
     * @param nodeId this node's id when the node service runs in this process too; empty on a
     *               controller-only process, whose volumes then carry no topology
     */
    HostPathController(HostPathStore store, long capacityBytes, String nodeId) {
        this.store = store;
        this.capacityBytes = capacityBytes;
        this.nodeId = nodeId;
    }

    // ---- volumes

    @Override
    public Volume createVolume(CreateVolumeRequest request) {
        requireThisNodeAllowed(request.topology());
        VolumeRecord volume = findOrReserve(request);
        if (!store.hasVolumeData(volume.id())) {
            // New, or an earlier attempt was cut short: (re)build the files.
            fill(volume, request);
        }
        return toVolume(volume);
    }

    /**
     * The volume named in the request: the existing one if this is a retry, else a new record
     * that claims its share of the capacity before any file is made.
     */
    private VolumeRecord findOrReserve(CreateVolumeRequest request) {
        String id = Ids.volumeId(request.name());
        synchronized (capacityLock) {
            Optional<VolumeRecord> existing = store.findVolume(id);
            if (existing.isPresent()) {
                requireSameRequest(existing.get(), request);
                return existing.get();
            }
            long sourceBytes = request.source().map(source -> content(source).sizeBytes()).orElse(0L);
            // A copy is as large as its source unless the claim asks for more.
            long bytes = request.capacity().resolve(request.source().isPresent() ? sourceBytes : DEFAULT_BYTES, UNIT_BYTES);
            if (bytes < sourceBytes) {
                throw CsiException.outOfRange("volume '%s': %d bytes is smaller than its source %s of %d bytes",
                        request.name(), bytes, request.source().get().id(), sourceBytes);
            }
            requireFree(bytes);
            VolumeRecord volume = new VolumeRecord(id, request.name(), bytes, Instant.now(),
                    request.parameters().raw(), request.source());
            store.saveVolume(volume);
            return volume;
        }
    }

    /** CSI: the same name with an incompatible request is ALREADY_EXISTS. */
    private static void requireSameRequest(VolumeRecord existing, CreateVolumeRequest request) {
        String difference = null;
        if (!existing.name().equals(request.name())) {
            difference = "name '" + existing.name() + "' (two names with the same hash)";
        } else if (!request.capacity().accepts(existing.capacityBytes())) {
            difference = "size of " + existing.capacityBytes() + " bytes";
        } else if (!existing.parameters().equals(request.parameters().raw())) {
            difference = "parameters " + existing.parameters();
        } else if (!existing.source().equals(request.source())) {
            difference = "content source " + existing.source().map(ContentSource::toString).orElse("(none)");
        }
        if (difference != null) {
            throw CsiException.alreadyExists("volume '%s' already exists as %s with another %s",
                    request.name(), existing.id(), difference);
        }
    }

    private void fill(VolumeRecord volume, CreateVolumeRequest request) {
        try {
            Optional<Path> copyOf = request.source().map(source -> content(source).data());
            store.createVolumeData(volume.id(), copyOf, DirectorySettings.from(request.parameters()));
        } catch (RuntimeException e) {
            // Leave nothing behind, which also gives the capacity back; a retry starts afresh.
            store.deleteVolume(volume.id());
            throw e;
        }
    }

    /** The files and size of what a volume is made from. */
    private record SourceContent(Path data, long sizeBytes) {}

    /** NOT_FOUND unless the source exists and is complete, as CSI asks for a missing source. */
    private SourceContent content(ContentSource source) {
        return switch (source) {
            case ContentSource.Snapshot snapshot -> store.findSnapshot(snapshot.id())
                    .filter(found -> store.hasSnapshotData(found.id()))
                    .map(found -> new SourceContent(store.snapshotData(found.id()), found.sizeBytes()))
                    .orElseThrow(() -> CsiException.notFound("source snapshot %s does not exist", snapshot.id()));
            case ContentSource.Volume volume -> store.findVolume(volume.id())
                    .filter(found -> store.hasVolumeData(found.id()))
                    .map(found -> new SourceContent(store.volumeData(found.id()), found.capacityBytes()))
                    .orElseThrow(() -> CsiException.notFound("source volume %s does not exist", volume.id()));
        };
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

    /** Must be called holding {@code capacityLock}. */
    private void requireFree(long bytes) {
        long free = capacityBytes - usedBytes();
        if (bytes > free) {
            throw CsiException.resourceExhausted("hostpath: %d bytes asked for, %d of %d bytes free (option 'capacity')",
                    bytes, Math.max(0, free), capacityBytes);
        }
    }

    private long usedBytes() {
        return store.listVolumes().stream().mapToLong(VolumeRecord::capacityBytes).sum();
    }

    @Override
    public void deleteVolume(DeleteVolumeRequest request) {
        // Snapshots are copies, so a volume with snapshots can go; an unknown id is already deleted.
        store.deleteVolume(request.volumeId());
    }

    @Override
    public Optional<Volume> findVolume(GetVolumeRequest request) {
        return store.findVolume(request.volumeId()).map(this::toVolume);
    }

    @Override
    public Page<Volume> listVolumes(ListVolumesRequest request) {
        List<Volume> volumes = store.listVolumes().stream().map(this::toVolume).toList();
        return Pages.page(volumes, Volume::id, request.maxEntries(), request.startingToken(), Ids.VOLUME);
    }

    @Override
    public long availableCapacity(CapacityRequest request) {
        if (request.capability().isPresent() && request.capability().get().isBlock()) {
            return 0; // no block volumes here, so no room for one
        }
        return Math.max(0, capacityBytes - usedBytes());
    }

    @Override
    public ExpandResult expandVolume(ExpandVolumeRequest request) {
        String volumeId = request.volumeId();
        CapacityRange capacity = request.capacity();
        synchronized (capacityLock) {
            VolumeRecord volume = store.findVolume(volumeId)
                    .orElseThrow(() -> CsiException.notFound("volume %s does not exist", volumeId));
            long wanted = capacity.resolve(volume.capacityBytes(), UNIT_BYTES);
            if (wanted <= volume.capacityBytes()) {
                // Already that large (a retry), or asked to shrink, which CSI has no call for.
                return new ExpandResult(volume.capacityBytes(), false);
            }
            requireFree(wanted - volume.capacityBytes());
            store.saveVolume(volume.withCapacity(wanted));
            // A directory has no filesystem of its own to grow on the node.
            return new ExpandResult(wanted, false);
        }
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
                .filter(found -> store.hasVolumeData(found.id()))
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
