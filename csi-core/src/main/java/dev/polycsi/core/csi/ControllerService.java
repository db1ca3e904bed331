package dev.polycsi.core.csi;

import csi.v1.ControllerGrpc;
import csi.v1.Csi;
import dev.polycsi.core.backend.BackendEntry;
import dev.polycsi.core.backend.BackendRegistry;
import dev.polycsi.core.backend.BackendRegistry.Routed;
import dev.polycsi.spi.BackendCapabilities;
import dev.polycsi.spi.BackendFactory;
import dev.polycsi.spi.BackendCapabilities.ControllerFeature;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.Topology;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.controller.CapacityRange;
import dev.polycsi.spi.controller.ContentSource;
import dev.polycsi.spi.controller.CreateSnapshotRequest;
import dev.polycsi.spi.controller.CreateVolumeRequest;
import dev.polycsi.spi.controller.CapacityRequest;
import dev.polycsi.spi.controller.CreationMetadata;
import dev.polycsi.spi.controller.DeleteSnapshotRequest;
import dev.polycsi.spi.controller.DeleteVolumeRequest;
import dev.polycsi.spi.controller.ExpandResult;
import dev.polycsi.spi.controller.ExpandVolumeRequest;
import dev.polycsi.spi.controller.GetVolumeRequest;
import dev.polycsi.spi.controller.ListSnapshotsRequest;
import dev.polycsi.spi.controller.ListVolumesRequest;
import dev.polycsi.spi.controller.ModifyVolumeRequest;
import dev.polycsi.spi.controller.PublishRequest;
import dev.polycsi.spi.controller.Snapshot;
import dev.polycsi.spi.controller.UnpublishRequest;
import dev.polycsi.spi.controller.Volume;
import dev.polycsi.spi.param.ParameterSchema;
import dev.polycsi.spi.param.Parameters;
import io.grpc.stub.StreamObserver;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The CSI Controller service: validates each request as the spec requires, claims the volume,
 * routes it to its backend and converts the answer.
 */
public final class ControllerService extends ControllerGrpc.ControllerImplBase {

    /** The StorageClass parameter that picks the backend. */
    public static final String BACKEND_PARAMETER = "backend";
    static final String PVC_NAME = "csi.storage.k8s.io/pvc/name";
    static final String PVC_NAMESPACE = "csi.storage.k8s.io/pvc/namespace";
    static final String PV_NAME = "csi.storage.k8s.io/pv/name";
    /** Read by the external-provisioner, which puts it in the capability; a client may also send it as a parameter. */
    static final String FS_TYPE = "csi.storage.k8s.io/fstype";

    private static final Logger LOG = LogManager.getLogger(ControllerService.class);

    private final BackendRegistry backends;
    private final Rpc rpc;
    private final InFlight inFlight;
    private final PublishedCapabilities published = new PublishedCapabilities();
    private final ProvisionerFsType fsTypes;

    public ControllerService(BackendRegistry backends, InFlight inFlight) {
        this(backends, inFlight, ProvisionerFsType.NONE);
    }

    /** @param fsTypes the external-provisioner's default fs type, which backends without block volumes take as none */
    public ControllerService(BackendRegistry backends, InFlight inFlight, ProvisionerFsType fsTypes) {
        this.backends = backends;
        this.rpc = new Rpc(backends.metrics());
        this.inFlight = inFlight;
        this.fsTypes = fsTypes;
    }

    @Override
    public void createVolume(Csi.CreateVolumeRequest request, StreamObserver<Csi.CreateVolumeResponse> observer) {
        rpc.run("CreateVolume", request, observer, () -> {
            String name = Requests.required(request.getName(), "name");
            Map<String, String> parameters = new HashMap<>(request.getParametersMap());
            List<VolumeCapability> capabilities = withStorageClassFsType(
                    Requests.capabilities(request.getVolumeCapabilitiesList(), "volume_capabilities"), parameters.remove(FS_TYPE));
            CapacityRange capacity = Convert.capacity(request.getCapacityRange(), "capacity_range");
            BackendEntry entry = backends.forCreate(Optional.ofNullable(parameters.remove(BACKEND_PARAMETER)));
            require(entry, ControllerFeature.CREATE_DELETE_VOLUME, "CreateVolume");
            capabilities = fsTypes.forBackend(entry, capabilities);
            capabilities.forEach(capability -> Requests.supported(entry, capability));
            CreationMetadata metadata = new CreationMetadata(
                    valueOrEmpty(parameters.remove(PVC_NAME)),
                    valueOrEmpty(parameters.remove(PVC_NAMESPACE)),
                    valueOrEmpty(parameters.remove(PV_NAME)));
            Parameters parsed = entry.parse(BackendFactory::volumeParameters, parameters);
            Parameters mutable = entry.parse(BackendFactory::mutableParameters, request.getMutableParamsMap());
            Optional<ContentSource> source = contentSource(entry, request);
            var spiRequest = new CreateVolumeRequest(name, capacity, capabilities, parsed, mutable, metadata, source,
                    Convert.topology(request.getAccessibilityRequirements()), Secrets.of(request.getSecretsMap()), Rpc.deadline());
            try (var guard = inFlight.claim("name:" + name, "CreateVolume")) {
                Volume volume = entry.call(backend -> backend.controller().createVolume(spiRequest));
                return Csi.CreateVolumeResponse.newBuilder().setVolume(Convert.volume(entry.name(), volume)).build();
            }
        });
    }

    private Optional<ContentSource> contentSource(BackendEntry entry, Csi.CreateVolumeRequest request) {
        if (!request.hasVolumeContentSource()) {
            return Optional.empty();
        }
        Csi.VolumeContentSource source = request.getVolumeContentSource();
        return switch (source.getTypeCase()) {
            case SNAPSHOT -> {
                require(entry, ControllerFeature.CREATE_DELETE_SNAPSHOT, "CreateVolume from a snapshot");
                String id = Requests.required(source.getSnapshot().getSnapshotId(), "volume_content_source.snapshot.snapshot_id");
                yield Optional.of(new ContentSource.Snapshot(sameBackend(entry, id, "snapshot")));
            }
            case VOLUME -> {
                require(entry, ControllerFeature.CLONE_VOLUME, "CreateVolume from a volume (clone)");
                String id = Requests.required(source.getVolume().getVolumeId(), "volume_content_source.volume.volume_id");
                yield Optional.of(new ContentSource.Volume(sameBackend(entry, id, "volume")));
            }
            case TYPE_NOT_SET -> throw CsiException.invalidArgument("volume_content_source has neither a snapshot nor a volume");
        };
    }

    /** A content source must live in the backend that creates the volume; its local id. */
    private String sameBackend(BackendEntry entry, String handle, String kind) {
        Routed routed = backends.route(handle).orElseThrow(() -> CsiException.notFound("source %s '%s' is not known to this driver", kind, handle));
        if (routed.entry() != entry) {
            throw CsiException.invalidArgument("source %s '%s' belongs to backend '%s', not to '%s'",
                    kind, handle, routed.entry().name(), entry.name());
        }
        return routed.localId();
    }

    @Override
    public void deleteVolume(Csi.DeleteVolumeRequest request, StreamObserver<Csi.DeleteVolumeResponse> observer) {
        rpc.run("DeleteVolume", request, observer, () -> {
            String id = Requests.required(request.getVolumeId(), "volume_id");
            Optional<Routed> routed = backends.route(id);
            if (routed.isEmpty()) {
                LOG.info("DeleteVolume: '{}' belongs to no enabled backend; treating it as already deleted", id);
                return Csi.DeleteVolumeResponse.getDefaultInstance();
            }
            BackendEntry entry = routed.get().entry();
            require(entry, id, ControllerFeature.CREATE_DELETE_VOLUME, "DeleteVolume");
            try (var guard = inFlight.claim(id, "DeleteVolume")) {
                var spiRequest = new DeleteVolumeRequest(routed.get().localId(), Secrets.of(request.getSecretsMap()), Rpc.deadline());
                entry.run(backend -> backend.controller().deleteVolume(spiRequest));
                // A volume made again under the same id starts with no publishes.
                published.unpublished(id, "");
            }
            return Csi.DeleteVolumeResponse.getDefaultInstance();
        });
    }

    @Override
    public void controllerPublishVolume(Csi.ControllerPublishVolumeRequest request,
            StreamObserver<Csi.ControllerPublishVolumeResponse> observer) {
        rpc.run("ControllerPublishVolume", request, observer, () -> {
            String id = Requests.required(request.getVolumeId(), "volume_id");
            String nodeId = Requests.required(request.getNodeId(), "node_id");
            VolumeCapability capability = Requests.requiredCapability(request.hasVolumeCapability(), request.getVolumeCapability());
            Routed routed = backends.existing(id);
            BackendEntry entry = routed.entry();
            capability = fsTypes.forBackend(entry, capability);
            Requests.supported(entry, capability);
            if (!entry.capabilities().supports(ControllerFeature.PUBLISH_UNPUBLISH_VOLUME)) {
                // Attach is a no-op for backends without it (e.g. network file systems), so one
                // driver can serve both kinds of volume under attachRequired=true.
                if (exists(entry, routed.localId()) == Existence.ABSENT) {
                    throw CsiException.notFound("volume '%s' does not exist", id);
                }
                return Csi.ControllerPublishVolumeResponse.getDefaultInstance();
            }
            var spiRequest = new PublishRequest(routed.localId(), nodeId, capability, request.getReadonly(),
                    request.getVolumeContextMap(), Secrets.of(request.getSecretsMap()), Rpc.deadline());
            try (var guard = inFlight.claim(id, "ControllerPublishVolume")) {
                published.requireCompatible(id, nodeId, capability, request.getReadonly());
                Map<String, String> context = entry.call(backend -> backend.controller().publish(spiRequest));
                published.published(id, nodeId, capability, request.getReadonly());
                return Csi.ControllerPublishVolumeResponse.newBuilder().putAllPublishContext(context).build();
            }
        });
    }

    @Override
    public void controllerUnpublishVolume(Csi.ControllerUnpublishVolumeRequest request,
            StreamObserver<Csi.ControllerUnpublishVolumeResponse> observer) {
        rpc.run("ControllerUnpublishVolume", request, observer, () -> {
            String id = Requests.required(request.getVolumeId(), "volume_id");
            String nodeId = Requests.limited(request.getNodeId(), "node_id");
            Optional<Routed> routed = backends.route(id);
            if (routed.isEmpty() || !routed.get().entry().capabilities().supports(ControllerFeature.PUBLISH_UNPUBLISH_VOLUME)) {
                return Csi.ControllerUnpublishVolumeResponse.getDefaultInstance();
            }
            var spiRequest = new UnpublishRequest(routed.get().localId(), nodeId, Secrets.of(request.getSecretsMap()), Rpc.deadline());
            try (var guard = inFlight.claim(id, "ControllerUnpublishVolume")) {
                routed.get().entry().run(backend -> backend.controller().unpublish(spiRequest));
                published.unpublished(id, nodeId);
            }
            return Csi.ControllerUnpublishVolumeResponse.getDefaultInstance();
        });
    }

    @Override
    public void validateVolumeCapabilities(Csi.ValidateVolumeCapabilitiesRequest request,
            StreamObserver<Csi.ValidateVolumeCapabilitiesResponse> observer) {
        rpc.run("ValidateVolumeCapabilities", request, observer, () -> {
            String id = Requests.required(request.getVolumeId(), "volume_id");
            List<VolumeCapability> capabilities = Requests.capabilities(request.getVolumeCapabilitiesList(), "volume_capabilities");
            Routed routed = backends.existing(id);
            BackendEntry entry = routed.entry();
            capabilities = fsTypes.forBackend(entry, capabilities);
            Existence existence = exists(entry, routed.localId());
            if (existence == Existence.ABSENT) {
                throw CsiException.notFound("volume '%s' does not exist", id);
            }
            if (existence == Existence.UNKNOWN) {
                return Csi.ValidateVolumeCapabilitiesResponse.newBuilder()
                        .setMessage("backend '%s' cannot look volumes up, so it cannot confirm that '%s' exists".formatted(entry.name(), id))
                        .build();
            }
            // Parameters are optional here (a static volume has no StorageClass): checked only when given.
            Map<String, String> parameters = withoutDriverKeys(request.getParametersMap());
            if (!parameters.isEmpty()) {
                try {
                    entry.parse(BackendFactory::volumeParameters, parameters);
                } catch (CsiException invalid) {
                    return Csi.ValidateVolumeCapabilitiesResponse.newBuilder().setMessage(invalid.getMessage()).build();
                }
            }
            for (VolumeCapability capability : capabilities) {
                String reason = Requests.unsupportedReason(entry, capability);
                if (reason != null) {
                    return Csi.ValidateVolumeCapabilitiesResponse.newBuilder().setMessage(reason).build();
                }
            }
            return Csi.ValidateVolumeCapabilitiesResponse.newBuilder()
                    .setConfirmed(Csi.ValidateVolumeCapabilitiesResponse.Confirmed.newBuilder()
                            .putAllVolumeContext(request.getVolumeContextMap())
                            .addAllVolumeCapabilities(request.getVolumeCapabilitiesList())
                            .putAllParameters(request.getParametersMap())
                            .putAllMutableParams(request.getMutableParamsMap()))
                    .build();
        });
    }

    @Override
    public void listVolumes(Csi.ListVolumesRequest request, StreamObserver<Csi.ListVolumesResponse> observer) {
        rpc.run("ListVolumes", request, observer, () -> {
            List<BackendEntry> listing = supporting(ControllerFeature.LIST_VOLUMES, "ListVolumes");
            Pager.Result<Volume> result = Pager.list(listing, request.getMaxEntries(), request.getStartingToken(),
                    (entry, max, token) -> entry.call(backend -> backend.controller().listVolumes(
                            new ListVolumesRequest(max, token, Rpc.deadline()))));
            Csi.ListVolumesResponse.Builder out = Csi.ListVolumesResponse.newBuilder().setNextToken(result.nextToken());
            result.entries().forEach(e -> out.addEntries(Csi.ListVolumesResponse.Entry.newBuilder()
                    .setVolume(Convert.volume(e.backend().name(), e.value()))));
            return out.build();
        });
    }

    @Override
    public void getCapacity(Csi.GetCapacityRequest request, StreamObserver<Csi.GetCapacityResponse> observer) {
        rpc.run("GetCapacity", request, observer, () -> {
            Map<String, String> parameters = new HashMap<>(request.getParametersMap());
            BackendEntry entry = backends.forCreate(Optional.ofNullable(parameters.remove(BACKEND_PARAMETER)));
            require(entry, ControllerFeature.GET_CAPACITY, "GetCapacity");
            Optional<VolumeCapability> capability = Optional.empty();
            if (!request.getVolumeCapabilitiesList().isEmpty()) {
                List<VolumeCapability> capabilities = fsTypes.forBackend(entry,
                        Requests.capabilities(request.getVolumeCapabilitiesList(), "volume_capabilities"));
                for (VolumeCapability c : capabilities) {
                    if (Requests.unsupportedReason(entry, c) != null) {
                        return Csi.GetCapacityResponse.newBuilder().setAvailableCapacity(0).build();
                    }
                }
                capability = Optional.of(capabilities.getFirst());
            }
            Parameters parsed = entry.parse(BackendFactory::volumeParameters, withoutDriverKeys(parameters));
            var spiRequest = new CapacityRequest(parsed, capability,
                    request.hasAccessibleTopology() ? Optional.of(new Topology(request.getAccessibleTopology().getSegmentsMap())) : Optional.empty(),
                    Rpc.deadline());
            long available = entry.call(backend -> backend.controller().availableCapacity(spiRequest));
            return Csi.GetCapacityResponse.newBuilder().setAvailableCapacity(Math.max(0, available)).build();
        });
    }

    @Override
    public void controllerGetCapabilities(Csi.ControllerGetCapabilitiesRequest request,
            StreamObserver<Csi.ControllerGetCapabilitiesResponse> observer) {
        rpc.run("ControllerGetCapabilities", request, observer, () -> {
            Csi.ControllerGetCapabilitiesResponse.Builder out = Csi.ControllerGetCapabilitiesResponse.newBuilder();
            for (ControllerFeature feature : backends.union(BackendCapabilities::controller)) {
                out.addCapabilities(Csi.ControllerServiceCapability.newBuilder().setRpc(
                        Csi.ControllerServiceCapability.RPC.newBuilder()
                                .setType(Csi.ControllerServiceCapability.RPC.Type.valueOf(feature.name()))));
            }
            return out.build();
        });
    }

    @Override
    public void createSnapshot(Csi.CreateSnapshotRequest request, StreamObserver<Csi.CreateSnapshotResponse> observer) {
        rpc.run("CreateSnapshot", request, observer, () -> {
            String sourceId = Requests.required(request.getSourceVolumeId(), "source_volume_id");
            String name = Requests.required(request.getName(), "name");
            Routed routed = backends.existing(sourceId);
            BackendEntry entry = routed.entry();
            require(entry, ControllerFeature.CREATE_DELETE_SNAPSHOT, "CreateSnapshot");
            Parameters parsed = entry.parse(BackendFactory::snapshotParameters,
                    withoutUndeclaredSidecarKeys(entry, BackendFactory::snapshotParameters, request.getParametersMap()));
            var spiRequest = new CreateSnapshotRequest(name, routed.localId(), parsed, Secrets.of(request.getSecretsMap()), Rpc.deadline());
            try (var guard = inFlight.claim("snapshot-name:" + name, "CreateSnapshot")) {
                Snapshot snapshot = entry.call(backend -> backend.controller().createSnapshot(spiRequest));
                return Csi.CreateSnapshotResponse.newBuilder().setSnapshot(Convert.snapshot(entry.name(), snapshot)).build();
            }
        });
    }

    @Override
    public void deleteSnapshot(Csi.DeleteSnapshotRequest request, StreamObserver<Csi.DeleteSnapshotResponse> observer) {
        rpc.run("DeleteSnapshot", request, observer, () -> {
            String id = Requests.required(request.getSnapshotId(), "snapshot_id");
            Optional<Routed> routed = backends.route(id);
            if (routed.isEmpty()) {
                LOG.info("DeleteSnapshot: '{}' belongs to no enabled backend; treating it as already deleted", id);
                return Csi.DeleteSnapshotResponse.getDefaultInstance();
            }
            require(routed.get().entry(), ControllerFeature.CREATE_DELETE_SNAPSHOT, "DeleteSnapshot");
            try (var guard = inFlight.claim(id, "DeleteSnapshot")) {
                var spiRequest = new DeleteSnapshotRequest(routed.get().localId(), Secrets.of(request.getSecretsMap()), Rpc.deadline());
                routed.get().entry().run(backend -> backend.controller().deleteSnapshot(spiRequest));
            }
            return Csi.DeleteSnapshotResponse.getDefaultInstance();
        });
    }

    @Override
    public void listSnapshots(Csi.ListSnapshotsRequest request, StreamObserver<Csi.ListSnapshotsResponse> observer) {
        rpc.run("ListSnapshots", request, observer, () -> {
            Requests.nonNegative(request.getMaxEntries(), "max_entries");
            List<BackendEntry> listing = supporting(ControllerFeature.LIST_SNAPSHOTS, "ListSnapshots");
            Optional<Routed> bySnapshot = filterRoute(request.getSnapshotId(), listing);
            Optional<Routed> bySource = filterRoute(request.getSourceVolumeId(), listing);
            if (bySnapshot.isEmpty() && !request.getSnapshotId().isEmpty()
                    || bySource.isEmpty() && !request.getSourceVolumeId().isEmpty()
                    || bySnapshot.isPresent() && bySource.isPresent() && bySnapshot.get().entry() != bySource.get().entry()) {
                return Csi.ListSnapshotsResponse.getDefaultInstance();
            }
            // A filter names one backend, so only that backend is asked.
            Optional<Routed> filtered = bySnapshot.or(() -> bySource);
            if (filtered.isPresent()) {
                listing = List.of(filtered.get().entry());
            }
            String snapshotId = bySnapshot.map(Routed::localId).orElse("");
            String sourceId = bySource.map(Routed::localId).orElse("");
            Pager.Result<Snapshot> result = Pager.list(listing, request.getMaxEntries(), request.getStartingToken(),
                    (entry, max, token) -> entry.call(backend -> backend.controller().listSnapshots(
                            new ListSnapshotsRequest(snapshotId, sourceId, max, token, Rpc.deadline()))));
            Csi.ListSnapshotsResponse.Builder out = Csi.ListSnapshotsResponse.newBuilder().setNextToken(result.nextToken());
            result.entries().forEach(e -> out.addEntries(Csi.ListSnapshotsResponse.Entry.newBuilder()
                    .setSnapshot(Convert.snapshot(e.backend().name(), e.value()))));
            return out.build();
        });
    }

    @Override
    public void controllerExpandVolume(Csi.ControllerExpandVolumeRequest request,
            StreamObserver<Csi.ControllerExpandVolumeResponse> observer) {
        rpc.run("ControllerExpandVolume", request, observer, () -> {
            String id = Requests.required(request.getVolumeId(), "volume_id");
            if (!request.hasCapacityRange()) {
                throw CsiException.invalidArgument("capacity_range is required");
            }
            CapacityRange capacity = Convert.capacity(request.getCapacityRange(), "capacity_range");
            Routed routed = backends.existing(id);
            BackendEntry entry = routed.entry();
            require(entry, id, ControllerFeature.EXPAND_VOLUME, "ControllerExpandVolume");
            Optional<VolumeCapability> capability = request.hasVolumeCapability()
                    ? Optional.of(fsTypes.forBackend(entry, Requests.capability(request.getVolumeCapability(), "volume_capability")))
                    : Optional.empty();
            var spiRequest = new ExpandVolumeRequest(routed.localId(), capacity, capability, Secrets.of(request.getSecretsMap()), Rpc.deadline());
            try (var guard = inFlight.claim(id, "ControllerExpandVolume")) {
                ExpandResult result = entry.call(backend -> backend.controller().expandVolume(spiRequest));
                return Csi.ControllerExpandVolumeResponse.newBuilder()
                        .setCapacityBytes(result.capacityBytes())
                        .setNodeExpansionRequired(result.nodeExpansionRequired())
                        .build();
            }
        });
    }

    @Override
    public void controllerGetVolume(Csi.ControllerGetVolumeRequest request, StreamObserver<Csi.ControllerGetVolumeResponse> observer) {
        rpc.run("ControllerGetVolume", request, observer, () -> {
            String id = Requests.required(request.getVolumeId(), "volume_id");
            Routed routed = backends.existing(id);
            require(routed.entry(), id, ControllerFeature.GET_VOLUME, "ControllerGetVolume");
            var spiRequest = new GetVolumeRequest(routed.localId(), Rpc.deadline());
            Volume volume = routed.entry().call(backend -> backend.controller().findVolume(spiRequest))
                    .orElseThrow(() -> CsiException.notFound("volume '%s' does not exist", id));
            return Csi.ControllerGetVolumeResponse.newBuilder()
                    .setVolume(Convert.volume(routed.entry().name(), volume))
                    .setStatus(Csi.ControllerGetVolumeResponse.VolumeStatus.getDefaultInstance())
                    .build();
        });
    }

    @Override
    public void controllerModifyVolume(Csi.ControllerModifyVolumeRequest request,
            StreamObserver<Csi.ControllerModifyVolumeResponse> observer) {
        rpc.run("ControllerModifyVolume", request, observer, () -> {
            String id = Requests.required(request.getVolumeId(), "volume_id");
            Routed routed = backends.existing(id);
            BackendEntry entry = routed.entry();
            require(entry, id, ControllerFeature.MODIFY_VOLUME, "ControllerModifyVolume");
            if (request.getMutableParametersMap().isEmpty()) {
                // Nothing to change: CSI still wants NOT_FOUND for a volume that does not exist.
                if (exists(entry, routed.localId()) == Existence.ABSENT) {
                    throw CsiException.notFound("volume '%s' does not exist", id);
                }
                return Csi.ControllerModifyVolumeResponse.getDefaultInstance();
            }
            Parameters parsed = entry.parse(BackendFactory::mutableParameters,
                    withoutUndeclaredSidecarKeys(entry, BackendFactory::mutableParameters, request.getMutableParametersMap()));
            var spiRequest = new ModifyVolumeRequest(routed.localId(), parsed, Secrets.of(request.getSecretsMap()), Rpc.deadline());
            try (var guard = inFlight.claim(id, "ControllerModifyVolume")) {
                entry.run(backend -> backend.controller().modifyVolume(spiRequest));
            }
            return Csi.ControllerModifyVolumeResponse.getDefaultInstance();
        });
    }

    private enum Existence { PRESENT, ABSENT, UNKNOWN }

    /**
     * Whether the volume exists; UNKNOWN for a backend that cannot look volumes up, which only
     * one that creates no volumes may be (the registry refuses the others at start).
     */
    private static Existence exists(BackendEntry entry, String localId) {
        var lookup = new GetVolumeRequest(localId, Rpc.deadline());
        try {
            return entry.call(backend -> backend.controller().findVolume(lookup)).isPresent() ? Existence.PRESENT : Existence.ABSENT;
        } catch (CsiException e) {
            if (e.code() == CsiException.Code.UNIMPLEMENTED) {
                return Existence.UNKNOWN;
            }
            throw e;
        }
    }

    /**
     * Snapshot and modify parameters without the keys the sidecars add with
     * {@code --extra-create-metadata} / {@code --extra-modify-metadata} (e.g.
     * {@code csi.storage.k8s.io/volumesnapshot/name}), unless the backend's schema declares them
     * because it uses them (e.g. in tag templates).
     */
    private static Map<String, String> withoutUndeclaredSidecarKeys(BackendEntry entry,
            Function<BackendFactory, ParameterSchema> schema, Map<String, String> parameters) {
        Set<String> declared = new HashSet<>();
        entry.schema(schema).parameters().forEach(p -> declared.add(p.key().toLowerCase(Locale.ROOT)));
        Map<String, String> kept = new HashMap<>(parameters);
        kept.keySet().removeIf(key -> key.startsWith("csi.storage.k8s.io/") && !declared.contains(key.toLowerCase(Locale.ROOT)));
        return kept;
    }

    /** Mount capabilities without a filesystem type get the one the parameters name. */
    private static List<VolumeCapability> withStorageClassFsType(List<VolumeCapability> capabilities, String fsType) {
        if (fsType == null || fsType.isBlank()) {
            return capabilities;
        }
        return capabilities.stream()
                .map(c -> c.isBlock() || !c.fsType().isEmpty() ? c
                        : new VolumeCapability(c.accessType(), fsType.trim(), c.mountFlags(), c.mountGroup(), c.accessMode()))
                .toList();
    }

    /**
     * StorageClass parameters as the backend's schema sees them: without the backend choice and
     * the keys the Kubernetes sidecars add ({@code csi.storage.k8s.io/...}).
     */
    private static Map<String, String> withoutDriverKeys(Map<String, String> parameters) {
        Map<String, String> backendParameters = new HashMap<>(parameters);
        backendParameters.remove(BACKEND_PARAMETER);
        backendParameters.keySet().removeIf(key -> key.startsWith("csi.storage.k8s.io/"));
        return backendParameters;
    }

    private List<BackendEntry> supporting(ControllerFeature feature, String rpc) {
        List<BackendEntry> supporting = backends.all().stream().filter(e -> e.capabilities().supports(feature)).toList();
        if (supporting.isEmpty()) {
            throw CsiException.unimplemented("%s: no enabled backend supports it", rpc);
        }
        return supporting;
    }

    private static void require(BackendEntry entry, ControllerFeature feature, String rpc) {
        if (!entry.capabilities().supports(feature)) {
            throw CsiException.unimplemented("%s: backend '%s' does not support %s", rpc, entry.name(), feature);
        }
    }

    /**
     * As {@link #require(BackendEntry, ControllerFeature, String)}, for a call about one volume,
     * which the driver may advertise because another of its backends supports it (csi-resizer
     * expands a File Cache volume because FSx for Lustre's can grow): the message names the volume
     * and what its backend is, in the backend's own words.
     */
    private static void require(BackendEntry entry, String volumeId, ControllerFeature feature, String rpc) {
        if (!entry.capabilities().supports(feature)) {
            String description = entry.factory().description();
            throw CsiException.unimplemented("%s: volume '%s' is of backend '%s', which does not support %s%s", rpc, volumeId, entry.name(),
                    feature, description.isBlank() ? "" : " (" + description + ")");
        }
    }

    /** The backend of a ListSnapshots filter among those that list; empty if none or no filter. */
    private Optional<Routed> filterRoute(String handle, List<BackendEntry> listing) {
        if (handle.isEmpty()) {
            return Optional.empty();
        }
        return backends.route(handle).filter(routed -> listing.contains(routed.entry()));
    }

    private static String valueOrEmpty(String value) {
        return value == null ? "" : value;
    }
}
