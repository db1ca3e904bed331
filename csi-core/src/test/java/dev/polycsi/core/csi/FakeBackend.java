package dev.polycsi.core.csi;

import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.Backend;
import dev.polycsi.spi.BackendCapabilities;
import dev.polycsi.spi.BackendCapabilities.ControllerFeature;
import dev.polycsi.spi.BackendCapabilities.NodeFeature;
import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.BackendFactory;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.controller.CapacityRange;
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
import dev.polycsi.spi.controller.ModifyVolumeRequest;
import dev.polycsi.spi.controller.Page;
import dev.polycsi.spi.controller.UnpublishRequest;
import dev.polycsi.spi.controller.PublishRequest;
import dev.polycsi.spi.controller.Snapshot;
import dev.polycsi.spi.controller.Volume;
import dev.polycsi.spi.node.NodeDetails;
import dev.polycsi.spi.node.NodeExpandRequest;
import dev.polycsi.spi.node.NodeOps;
import dev.polycsi.spi.node.NodePublishRequest;
import dev.polycsi.spi.node.NodeExpandRequest;
import dev.polycsi.spi.node.NodeUnpublishRequest;
import dev.polycsi.spi.node.StageRequest;
import dev.polycsi.spi.node.UnstageRequest;
import dev.polycsi.spi.node.VolumeStatsRequest;
import dev.polycsi.spi.node.VolumeStats;
import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.ParameterSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A backend for the core's tests: volumes and snapshots in maps, every call recorded as
 * {@code "<method> <argument>"} in {@link #calls}, and a {@link #hook} that runs first in
 * every call, so that a test can make a call throw or block.
 */
final class FakeBackend implements Backend {

    /** Every controller feature and the node features a network filesystem has; filesystem modes only. */
    static final BackendCapabilities FULL = capabilities(
            EnumSet.allOf(ControllerFeature.class),
            EnumSet.of(NodeFeature.GET_VOLUME_STATS, NodeFeature.EXPAND_VOLUME));

    /** Create and delete, nothing else; no attach, no staging, no stats. */
    static final BackendCapabilities MINIMAL = capabilities(EnumSet.of(ControllerFeature.CREATE_DELETE_VOLUME), Set.of());

    static final Parameter<String> COLOUR = Parameter.oneOf("colour", "A test parameter", "red", "green");

    static BackendCapabilities capabilities(Set<ControllerFeature> controller, Set<NodeFeature> node) {
        return capabilities(controller, node, Set.of());
    }

    /** With raw block volumes in {@code blockModes}. */
    static BackendCapabilities capabilities(Set<ControllerFeature> controller, Set<NodeFeature> node, Set<AccessMode> blockModes) {
        return new BackendCapabilities(controller, node, blockModes,
                EnumSet.of(AccessMode.SINGLE_NODE_WRITER, AccessMode.MULTI_NODE_MULTI_WRITER, AccessMode.MULTI_NODE_READER_ONLY));
    }

    final String name;
    final BackendCapabilities capabilities;
    final List<String> calls = new CopyOnWriteArrayList<>();
    final NavigableMap<String, Volume> volumes = new ConcurrentSkipListMap<>();
    final NavigableMap<String, Snapshot> snapshots = new ConcurrentSkipListMap<>();
    final List<CreateVolumeRequest> createRequests = new CopyOnWriteArrayList<>();
    final List<NodePublishRequest> publishRequests = new CopyOnWriteArrayList<>();
    volatile Consumer<String> hook = call -> { };
    volatile Predicate<String> foreignHandles = handle -> false;
    volatile NodeDetails nodeDetails = NodeDetails.NONE;
    volatile VolumeStats stats = new VolumeStats(100, 60, 40, 1000, 900, 100, false, "");
    volatile boolean closed;
    /** The fs types this backend takes, as EFS takes "" and efs; any other is INVALID_ARGUMENT. Empty: every one. */
    volatile Set<String> fsTypes = Set.of();
    /** Every capability a call brought to the backend, in order. */
    final List<VolumeCapability> capabilitiesSeen = new CopyOnWriteArrayList<>();

    FakeBackend(String name, BackendCapabilities capabilities) {
        this.name = name;
        this.capabilities = capabilities;
    }

    /** A factory for this backend, as a plugin would provide it. */
    BackendFactory factory() {
        return factory(null);
    }

    /** A factory whose create() waits for {@code gate} first (null: does not wait). */
    BackendFactory factory(CountDownLatch gate) {
        FakeBackend backend = this;
        return new BackendFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return "the core's test backend " + name;
            }

            @Override
            public ParameterSchema volumeParameters() {
                return ParameterSchema.builder().add(COLOUR).build();
            }

            @Override
            public Backend create(BackendContext context) throws Exception {
                if (gate != null && !gate.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("test gate not opened");
                }
                return backend;
            }
        };
    }

    /** The id of the volume created for {@code name}: "vol-" and the name, or a hash of a long name. */
    static String volumeId(String name) {
        return "vol-" + (name.length() <= 32 ? name : Integer.toHexString(name.hashCode()));
    }

    /** Adds a volume as if created earlier; returns its local id. */
    String addVolume(String id) {
        volumes.put(id, new Volume(id, 1 << 20, Map.of(), List.of(), Optional.empty()));
        return id;
    }

    /** Blocks the calls whose record starts with {@code prefix} until {@code release} opens; counts down {@code entered}. */
    void blockOn(String prefix, CountDownLatch entered, CountDownLatch release) {
        hook = call -> {
            if (call.startsWith(prefix)) {
                entered.countDown();
                try {
                    if (!release.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("test latch not released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    private void record(String call) {
        calls.add(call);
        hook.accept(call);
    }

    private void take(VolumeCapability capability) {
        capabilitiesSeen.add(capability);
        if (!fsTypes.isEmpty() && !capability.isBlock() && !fsTypes.contains(capability.fsType())) {
            throw CsiException.invalidArgument("fsType %s is not supported by backend %s", capability.fsType(), name);
        }
    }

    /** A block and filesystem backend: staging, and block modes besides {@link #capabilities}' filesystem ones. */
    static BackendCapabilities block(Set<ControllerFeature> controller) {
        return new BackendCapabilities(controller, EnumSet.of(NodeFeature.STAGE_UNSTAGE_VOLUME, NodeFeature.EXPAND_VOLUME),
                EnumSet.of(AccessMode.SINGLE_NODE_WRITER), EnumSet.of(AccessMode.SINGLE_NODE_WRITER, AccessMode.MULTI_NODE_MULTI_WRITER));
    }

    List<String> callsStartingWith(String prefix) {
        return calls.stream().filter(c -> c.startsWith(prefix)).toList();
    }

    @Override
    public BackendCapabilities capabilities() {
        return capabilities;
    }

    @Override
    public boolean recognizesForeignHandle(String handle) {
        return foreignHandles.test(handle);
    }

    @Override
    public ControllerOps controller() {
        return controller;
    }

    @Override
    public NodeOps node() {
        return node;
    }

    @Override
    public void close() {
        closed = true;
    }

    private final ControllerOps controller = new ControllerOps() {
        @Override
        public Volume createVolume(CreateVolumeRequest request) {
            record("createVolume " + request.name());
            createRequests.add(request);
            request.capabilities().forEach(FakeBackend.this::take);
            long bytes = request.capacity().resolve(1 << 20, 1);
            return volumes.computeIfAbsent(volumeId(request.name()),
                    id -> new Volume(id, bytes, Map.of("from", name), List.of(), request.source()));
        }

        @Override
        public void deleteVolume(DeleteVolumeRequest request) {
            record("deleteVolume " + request.volumeId());
            volumes.remove(request.volumeId());
        }

        @Override
        public Optional<Volume> findVolume(GetVolumeRequest request) {
            record("findVolume " + request.volumeId());
            return Optional.ofNullable(volumes.get(request.volumeId()));
        }

        @Override
        public Map<String, String> publish(PublishRequest request) {
            record("publish " + request.volumeId() + " " + request.nodeId());
            take(request.capability());
            if (!volumes.containsKey(request.volumeId())) {
                throw CsiException.notFound("volume %s does not exist", request.volumeId());
            }
            return Map.of("device", "/dev/fake-" + request.volumeId());
        }

        @Override
        public void unpublish(UnpublishRequest request) {
            record("unpublish " + request.volumeId() + " " + request.nodeId());
        }

        @Override
        public Page<Volume> listVolumes(ListVolumesRequest request) {
            record("listVolumes " + request.maxEntries() + " " + request.startingToken());
            return page(volumes, request.maxEntries(), request.startingToken());
        }

        @Override
        public long availableCapacity(CapacityRequest request) {
            record("availableCapacity");
            request.capability().ifPresent(FakeBackend.this::take);
            return 42;
        }

        @Override
        public Snapshot createSnapshot(CreateSnapshotRequest request) {
            record("createSnapshot " + request.name() + " " + request.sourceVolumeId());
            return snapshots.computeIfAbsent("snap-" + request.name(),
                    id -> new Snapshot(id, request.sourceVolumeId(), 1 << 20, Instant.EPOCH, true));
        }

        @Override
        public void deleteSnapshot(DeleteSnapshotRequest request) {
            record("deleteSnapshot " + request.snapshotId());
            snapshots.remove(request.snapshotId());
        }

        @Override
        public Page<Snapshot> listSnapshots(ListSnapshotsRequest request) {
            ListSnapshotsRequest filter = request;
            record("listSnapshots " + filter.snapshotId() + " " + filter.sourceVolumeId());
            NavigableMap<String, Snapshot> matching = new ConcurrentSkipListMap<>();
            snapshots.forEach((id, s) -> {
                if ((filter.snapshotId().isEmpty() || filter.snapshotId().equals(id))
                        && (filter.sourceVolumeId().isEmpty() || filter.sourceVolumeId().equals(s.sourceVolumeId()))) {
                    matching.put(id, s);
                }
            });
            return page(matching, request.maxEntries(), request.startingToken());
        }

        @Override
        public ExpandResult expandVolume(ExpandVolumeRequest request) {
            String volumeId = request.volumeId();
            CapacityRange capacity = request.capacity();
            record("expandVolume " + volumeId);
            request.capability().ifPresent(FakeBackend.this::take);
            Volume volume = volumes.get(volumeId);
            if (volume == null) {
                throw CsiException.notFound("volume %s does not exist", volumeId);
            }
            return new ExpandResult(capacity.requiredBytes(), true);
        }

        @Override
        public void modifyVolume(ModifyVolumeRequest request) {
            record("modifyVolume " + request.volumeId());
            if (!volumes.containsKey(request.volumeId())) {
                throw CsiException.notFound("volume %s does not exist", request.volumeId());
            }
        }
    };

    /** Pages by key: the token is the first key of the next page; a token that is no key is ABORTED. */
    private static <T> Page<T> page(NavigableMap<String, T> entries, int maxEntries, String startingToken) {
        String token = startingToken;
        if (!token.isEmpty() && !entries.containsKey(token)) {
            throw CsiException.aborted("starting_token '%s' is not ours", token);
        }
        List<String> keys = new ArrayList<>(token.isEmpty() ? entries.keySet() : entries.tailMap(token, true).keySet());
        int end = maxEntries > 0 ? Math.min(keys.size(), maxEntries) : keys.size();
        List<T> page = keys.subList(0, end).stream().map(entries::get).toList();
        return new Page<>(page, end < keys.size() ? keys.get(end) : "");
    }

    private final NodeOps node = new NodeOps() {
        @Override
        public NodeDetails details() {
            return nodeDetails;
        }

        @Override
        public void stage(StageRequest request) {
            record("stage " + request.volumeId() + " " + request.stagingPath());
            take(request.capability());
        }

        @Override
        public void unstage(UnstageRequest request) {
            record("unstage " + request.volumeId() + " " + request.stagingPath());
        }

        @Override
        public void publish(NodePublishRequest request) {
            record("nodePublish " + request.volumeId() + " " + request.targetPath());
            publishRequests.add(request);
            take(request.capability());
        }

        @Override
        public void unpublish(NodeUnpublishRequest request) {
            record("nodeUnpublish " + request.volumeId() + " " + request.targetPath());
        }

        @Override
        public VolumeStats stats(VolumeStatsRequest request) {
            record("stats " + request.volumeId() + " " + request.volumePath());
            return stats;
        }

        @Override
        public long expand(NodeExpandRequest request) {
            record("nodeExpand " + request.volumeId() + " " + request.volumePath());
            request.capability().ifPresent(FakeBackend.this::take);
            return request.capacity().requiredBytes();
        }
    };
}
