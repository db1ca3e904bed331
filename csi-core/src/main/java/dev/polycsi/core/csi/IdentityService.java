package dev.polycsi.core.csi;

import com.google.protobuf.BoolValue;
import csi.v1.Csi;
import csi.v1.IdentityGrpc;
import dev.polycsi.core.backend.BackendRegistry;
import dev.polycsi.spi.BackendCapabilities.ControllerFeature;
import dev.polycsi.spi.BackendCapabilities.NodeFeature;
import io.grpc.stub.StreamObserver;

/** The CSI Identity service. */
public final class IdentityService extends IdentityGrpc.IdentityImplBase {

    private final String driverName;
    private final String version;
    private final boolean controller;
    private final BackendRegistry backends;
    private final Rpc rpc;

    public IdentityService(String driverName, String version, boolean controller, BackendRegistry backends) {
        this.driverName = driverName;
        this.version = version;
        this.controller = controller;
        this.backends = backends;
        this.rpc = new Rpc(backends.metrics());
    }

    @Override
    public void getPluginInfo(Csi.GetPluginInfoRequest request, StreamObserver<Csi.GetPluginInfoResponse> observer) {
        rpc.run("GetPluginInfo", request, observer, () -> Csi.GetPluginInfoResponse.newBuilder()
                .setName(driverName)
                .setVendorVersion(version)
                .build());
    }

    @Override
    public void getPluginCapabilities(Csi.GetPluginCapabilitiesRequest request,
            StreamObserver<Csi.GetPluginCapabilitiesResponse> observer) {
        rpc.run("GetPluginCapabilities", request, observer, () -> {
            Csi.GetPluginCapabilitiesResponse.Builder out = Csi.GetPluginCapabilitiesResponse.newBuilder();
            if (controller) {
                out.addCapabilities(service(Csi.PluginCapability.Service.Type.CONTROLLER_SERVICE));
            }
            out.addCapabilities(service(Csi.PluginCapability.Service.Type.VOLUME_ACCESSIBILITY_CONSTRAINTS));
            boolean expands = backends.union(c -> c.controller()).contains(ControllerFeature.EXPAND_VOLUME)
                    || backends.union(c -> c.node()).contains(NodeFeature.EXPAND_VOLUME);
            if (expands) {
                out.addCapabilities(Csi.PluginCapability.newBuilder().setVolumeExpansion(
                        Csi.PluginCapability.VolumeExpansion.newBuilder().setType(Csi.PluginCapability.VolumeExpansion.Type.ONLINE)));
            }
            return out.build();
        });
    }

    private static Csi.PluginCapability service(Csi.PluginCapability.Service.Type type) {
        return Csi.PluginCapability.newBuilder().setService(Csi.PluginCapability.Service.newBuilder().setType(type)).build();
    }

    /** Ready once every enabled backend has started; the sidecars wait for that before they call anything else. */
    @Override
    public void probe(Csi.ProbeRequest request, StreamObserver<Csi.ProbeResponse> observer) {
        rpc.run("Probe", request, observer, () -> Csi.ProbeResponse.newBuilder()
                .setReady(BoolValue.of(backends.isReady()))
                .build());
    }
}
