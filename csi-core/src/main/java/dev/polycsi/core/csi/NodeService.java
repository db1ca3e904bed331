package dev.polycsi.core.csi;

import csi.v1.Csi;
import csi.v1.NodeGrpc;
import dev.polycsi.core.backend.BackendEntry;
import dev.polycsi.core.backend.BackendRegistry;
import dev.polycsi.core.backend.BackendRegistry.Routed;
import dev.polycsi.spi.BackendCapabilities;
import dev.polycsi.spi.BackendCapabilities.NodeFeature;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.controller.CapacityRange;
import dev.polycsi.spi.mount.Mounter;
import dev.polycsi.spi.node.NodeDetails;
import dev.polycsi.spi.node.NodeExpandRequest;
import dev.polycsi.spi.node.NodePublishRequest;
import dev.polycsi.spi.node.NodeUnpublishRequest;
import dev.polycsi.spi.node.StageRequest;
import dev.polycsi.spi.node.UnstageRequest;
import dev.polycsi.spi.node.VolumeStats;
import dev.polycsi.spi.node.VolumeStatsRequest;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** The CSI Node service: validates, claims the volume, routes to the backend. */
public final class NodeService extends NodeGrpc.NodeImplBase {

    private static final Logger LOG = LogManager.getLogger(NodeService.class);

    private final BackendRegistry backends;
    private final Rpc rpc;
    private final PublishedTargets published = new PublishedTargets();
    private final InFlight inFlight;
    private final Mounter mounter;
    private final String nodeId;
    private final TargetPaths paths;
    private final ProvisionerFsType fsTypes;

    public NodeService(BackendRegistry backends, InFlight inFlight, Mounter mounter, String nodeId) {
        this(backends, inFlight, mounter, nodeId, ProvisionerFsType.NONE);
    }

    /** @param fsTypes the external-provisioner's default fs type, which backends without block volumes take as none */
    public NodeService(BackendRegistry backends, InFlight inFlight, Mounter mounter, String nodeId, ProvisionerFsType fsTypes) {
        this.backends = backends;
        this.rpc = new Rpc(backends.metrics());
        backends.metrics().watchPublishedVolumes(published::countByBackend);
        this.inFlight = inFlight;
        this.mounter = mounter;
        this.nodeId = nodeId;
        this.paths = new TargetPaths(mounter);
        this.fsTypes = fsTypes;
    }

    @Override
    public void nodeStageVolume(Csi.NodeStageVolumeRequest request, StreamObserver<Csi.NodeStageVolumeResponse> observer) {
        rpc.run("NodeStageVolume", request, observer, () -> {
            String id = Requests.required(request.getVolumeId(), "volume_id");
            Path staging = Requests.path(request.getStagingTargetPath(), "staging_target_path");
            VolumeCapability capability = Requests.requiredCapability(request.hasVolumeCapability(), request.getVolumeCapability());
            Routed routed = backends.existing(id);
            BackendEntry entry = routed.entry();
            capability = fsTypes.forBackend(entry, capability);
            Requests.supported(entry, capability);
            if (!entry.capabilities().supports(NodeFeature.STAGE_UNSTAGE_VOLUME)) {
                // The driver advertises staging for the backends that need it; the others publish directly.
                return Csi.NodeStageVolumeResponse.getDefaultInstance();
            }
            var spiRequest = new StageRequest(routed.localId(), staging, capability, request.getPublishContextMap(),
                    request.getVolumeContextMap(), Secrets.of(request.getSecretsMap()), Rpc.deadline());
            try (var guard = inFlight.claim(id, "NodeStageVolume")) {
                paths.ensureDirectory(staging);
                entry.run(backend -> backend.node().stage(spiRequest));
            }
            return Csi.NodeStageVolumeResponse.getDefaultInstance();
        });
    }

    @Override
    public void nodeUnstageVolume(Csi.NodeUnstageVolumeRequest request, StreamObserver<Csi.NodeUnstageVolumeResponse> observer) {
        rpc.run("NodeUnstageVolume", request, observer, () -> {
            String id = Requests.required(request.getVolumeId(), "volume_id");
            Path staging = Requests.path(request.getStagingTargetPath(), "staging_target_path");
            Optional<Routed> routed = backends.route(id);
            try (var guard = inFlight.claim(id, "NodeUnstageVolume")) {
                if (routed.isEmpty()) {
                    releaseUnknown(id, staging, false);
                } else if (routed.get().entry().capabilities().supports(NodeFeature.STAGE_UNSTAGE_VOLUME)) {
                    var spiRequest = new UnstageRequest(routed.get().localId(), staging, Rpc.deadline());
                    routed.get().entry().run(backend -> backend.node().unstage(spiRequest));
                }
            }
            return Csi.NodeUnstageVolumeResponse.getDefaultInstance();
        });
    }

    @Override
    public void nodePublishVolume(Csi.NodePublishVolumeRequest request, StreamObserver<Csi.NodePublishVolumeResponse> observer) {
        rpc.run("NodePublishVolume", request, observer, () -> {
            String id = Requests.required(request.getVolumeId(), "volume_id");
            Path target = Requests.path(request.getTargetPath(), "target_path");
            VolumeCapability capability = Requests.requiredCapability(request.hasVolumeCapability(), request.getVolumeCapability());
            Routed routed = backends.existing(id);
            BackendEntry entry = routed.entry();
            capability = fsTypes.forBackend(entry, capability);
            Requests.supported(entry, capability);
            Optional<Path> staging = Optional.empty();
            if (entry.capabilities().supports(NodeFeature.STAGE_UNSTAGE_VOLUME)) {
                staging = Optional.of(Requests.path(request.getStagingTargetPath(), "staging_target_path"));
            }
            var spiRequest = new NodePublishRequest(routed.localId(), staging, target, capability, request.getReadonly(),
                    request.getPublishContextMap(), request.getVolumeContextMap(), Secrets.of(request.getSecretsMap()), Rpc.deadline());
            try (var guard = inFlight.claim(id + "@" + target, "NodePublishVolume")) {
                if (capability.isBlock()) {
                    paths.ensureFile(target);
                } else {
                    paths.ensureDirectory(target);
                }
                entry.run(backend -> backend.node().publish(spiRequest));
                published.published(target, entry.name());
            }
            return Csi.NodePublishVolumeResponse.getDefaultInstance();
        });
    }

    @Override
    public void nodeUnpublishVolume(Csi.NodeUnpublishVolumeRequest request,
            StreamObserver<Csi.NodeUnpublishVolumeResponse> observer) {
        rpc.run("NodeUnpublishVolume", request, observer, () -> {
            String id = Requests.required(request.getVolumeId(), "volume_id");
            Path target = Requests.path(request.getTargetPath(), "target_path");
            Optional<Routed> routed = backends.route(id);
            try (var guard = inFlight.claim(id + "@" + target, "NodeUnpublishVolume")) {
                if (routed.isEmpty()) {
                    releaseUnknown(id, target, true);
                } else {
                    var spiRequest = new NodeUnpublishRequest(routed.get().localId(), target, Rpc.deadline());
                    routed.get().entry().run(backend -> backend.node().unpublish(spiRequest));
                    paths.remove(target);
                }
                published.unpublished(target);
            }
            return Csi.NodeUnpublishVolumeResponse.getDefaultInstance();
        });
    }

    /**
     * A volume whose backend is gone (plugin removed, handle from elsewhere) must still be
     * releasable, or the pod using it can never terminate: unmount the path, and remove it if it is a publish target.
     */
    private void releaseUnknown(String id, Path path, boolean publishTarget) {
        LOG.warn("volume '{}' belongs to no enabled backend; unmounting {} without it", id, path);
        mounter.unmount(path);
        if (publishTarget) {
            paths.remove(path); // the driver's, as for every backend; a staging path is the CO's and stays
        }
    }

    @Override
    public void nodeGetVolumeStats(Csi.NodeGetVolumeStatsRequest request, StreamObserver<Csi.NodeGetVolumeStatsResponse> observer) {
        rpc.run("NodeGetVolumeStats", request, observer, () -> {
            String id = Requests.required(request.getVolumeId(), "volume_id");
            Optional<Path> staging = request.getStagingTargetPath().isEmpty()
                    ? Optional.empty()
                    : Optional.of(Requests.path(request.getStagingTargetPath(), "staging_target_path"));
            Routed routed = backends.existing(id);
            BackendEntry entry = routed.entry();
            require(entry, NodeFeature.GET_VOLUME_STATS, "NodeGetVolumeStats");
            Path volumePath = publishedAt(id, request.getVolumePath());
            var spiRequest = new VolumeStatsRequest(routed.localId(), volumePath, staging, Rpc.deadline());
            VolumeStats stats = entry.call(backend -> backend.node().stats(spiRequest));
            if (!stats.abnormal()) {
                published.published(volumePath, entry.name());
            }
            Csi.NodeGetVolumeStatsResponse.Builder out = Csi.NodeGetVolumeStatsResponse.newBuilder();
            out.addUsage(Csi.VolumeUsage.newBuilder().setUnit(Csi.VolumeUsage.Unit.BYTES)
                    .setTotal(stats.totalBytes()).setAvailable(Math.max(0, stats.availableBytes())).setUsed(Math.max(0, stats.usedBytes())));
            if (stats.hasInodes()) {
                out.addUsage(Csi.VolumeUsage.newBuilder().setUnit(Csi.VolumeUsage.Unit.INODES)
                        .setTotal(stats.totalInodes()).setAvailable(stats.freeInodes()).setUsed(stats.usedInodes()));
            }
            if (entry.capabilities().supports(NodeFeature.VOLUME_CONDITION)) {
                out.setVolumeCondition(Csi.VolumeCondition.newBuilder().setAbnormal(stats.abnormal()).setMessage(stats.conditionMessage()));
            }
            return out.build();
        });
    }

    @Override
    public void nodeExpandVolume(Csi.NodeExpandVolumeRequest request, StreamObserver<Csi.NodeExpandVolumeResponse> observer) {
        rpc.run("NodeExpandVolume", request, observer, () -> {
            String id = Requests.required(request.getVolumeId(), "volume_id");
            Optional<Path> staging = request.getStagingTargetPath().isEmpty()
                    ? Optional.empty()
                    : Optional.of(Requests.path(request.getStagingTargetPath(), "staging_target_path"));
            CapacityRange capacity = Convert.capacity(request.getCapacityRange(), "capacity_range");
            Optional<VolumeCapability> requested = request.hasVolumeCapability()
                    ? Optional.of(Requests.capability(request.getVolumeCapability(), "volume_capability"))
                    : Optional.empty();
            Routed routed = backends.existing(id);
            BackendEntry entry = routed.entry();
            Optional<VolumeCapability> capability = fsTypes.forBackend(entry, requested);
            require(entry, NodeFeature.EXPAND_VOLUME, "NodeExpandVolume");
            Path volumePath = publishedAt(id, request.getVolumePath());
            var spiRequest = new NodeExpandRequest(routed.localId(), volumePath, staging, capacity, capability, Rpc.deadline());
            try (var guard = inFlight.claim(id, "NodeExpandVolume")) {
                long bytes = entry.call(backend -> backend.node().expand(spiRequest));
                return Csi.NodeExpandVolumeResponse.newBuilder().setCapacityBytes(bytes).build();
            }
        });
    }

    @Override
    public void nodeGetCapabilities(Csi.NodeGetCapabilitiesRequest request, StreamObserver<Csi.NodeGetCapabilitiesResponse> observer) {
        rpc.run("NodeGetCapabilities", request, observer, () -> {
            Csi.NodeGetCapabilitiesResponse.Builder out = Csi.NodeGetCapabilitiesResponse.newBuilder();
            for (NodeFeature feature : backends.union(BackendCapabilities::node)) {
                out.addCapabilities(Csi.NodeServiceCapability.newBuilder().setRpc(Csi.NodeServiceCapability.RPC.newBuilder()
                        .setType(Csi.NodeServiceCapability.RPC.Type.valueOf(feature.name()))));
            }
            return out.build();
        });
    }

    /**
     * One node id for all backends; the topology is the union of the backends' segments; the
     * volume limit is the smallest any backend sets, since Kubernetes counts it per driver.
     */
    @Override
    public void nodeGetInfo(Csi.NodeGetInfoRequest request, StreamObserver<Csi.NodeGetInfoResponse> observer) {
        rpc.run("NodeGetInfo", request, observer, () -> {
            Map<String, String> topology = new LinkedHashMap<>();
            int maxVolumes = 0;
            for (BackendEntry entry : backends.all()) {
                NodeDetails details = entry.call(backend -> backend.node().details());
                details.topology().forEach((key, value) -> {
                    String previous = topology.putIfAbsent(key, value);
                    if (previous != null && !previous.equals(value)) {
                        LOG.warn("backend '{}' reports topology {}={}, but another backend reported {}; keeping the first",
                                entry.name(), key, value, previous);
                    }
                });
                if (details.maxVolumes() > 0) {
                    maxVolumes = maxVolumes == 0 ? details.maxVolumes() : Math.min(maxVolumes, details.maxVolumes());
                }
            }
            Csi.NodeGetInfoResponse.Builder out = Csi.NodeGetInfoResponse.newBuilder()
                    .setNodeId(nodeId)
                    .setMaxVolumesPerNode(maxVolumes);
            if (!topology.isEmpty()) {
                out.setAccessibleTopology(Csi.Topology.newBuilder().putAllSegments(topology));
            }
            return out.build();
        });
    }

    /**
     * The volume path of NodeGetVolumeStats or NodeExpandVolume, which must have the volume
     * mounted (or, raw block, bound): CSI answers NOT_FOUND where nothing is, and a relative
     * path names nothing this driver published.
     */
    private Path publishedAt(String id, String volumePath) {
        if (volumePath.isEmpty()) {
            throw CsiException.invalidArgument("volume_path is required");
        }
        Path path = volumePath.indexOf('\0') < 0 ? Path.of(volumePath).normalize() : null;
        if (path == null || !path.isAbsolute() || !mounter.isMounted(path)) {
            throw CsiException.notFound("volume '%s' is not published at volume_path '%s'", id, volumePath);
        }
        return path;
    }

    private static void require(BackendEntry entry, NodeFeature feature, String rpc) {
        if (!entry.capabilities().supports(feature)) {
            throw CsiException.unimplemented("%s: backend '%s' does not support %s", rpc, entry.name(), feature);
        }
    }
}
