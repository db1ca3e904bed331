package dev.polycsi.bench;

import csi.v1.ControllerGrpc;
import dev.polycsi.core.backend.BackendOptions;
import dev.polycsi.core.backend.BackendRegistry;
import dev.polycsi.core.csi.ControllerService;
import dev.polycsi.core.csi.InFlight;
import dev.polycsi.core.csi.ProvisionerFsType;
import dev.polycsi.core.mount.LinuxMounter;
import dev.polycsi.core.plugin.DiscoveredBackend;
import dev.polycsi.core.server.CsiServer;
import dev.polycsi.core.server.Endpoint;
import dev.polycsi.fsx.lustre.LustreBackendFactory;
import dev.polycsi.fsx.lustre.cloud.SdkLustreCloud;
import dev.polycsi.simulator.AwsSimulator;
import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.fsx.FsxService;
import dev.polycsi.simulator.knobs.Knobs;
import dev.polycsi.simulator.network.SimulatedNetwork;
import dev.polycsi.simulator.storage.BlockStorage;
import dev.polycsi.spi.AwsAccess;
import dev.polycsi.spi.BackendContext;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioDomainSocketChannel;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One simulated account's FSx, and the polycsi controller (fsx-lustre backend only) serving CSI
 * on a unix socket in this JVM, with a client channel to it. The controller is told
 * csi-provisioner's {@code --default-fstype=ext4}, as deploy/kubernetes passes it, since the
 * provisioner then sends ext4 in every capability of a class that names no fs type.
 */
final class LustreDriverUnderTest implements AutoCloseable {

    /** As deploy/kubernetes/base/controller.yaml passes to both the provisioner and polycsi. */
    static final String PROVISIONER_DEFAULT_FSTYPE = "ext4";

    private final AwsSimulator simulator;
    private final SimulatorConfig config;
    private final BackendRegistry registry;
    private final CsiServer server;
    private final ManagedChannel channel;

    private LustreDriverUnderTest(AwsSimulator simulator, SimulatorConfig config, BackendRegistry registry, CsiServer server,
            ManagedChannel channel) {
        this.simulator = simulator;
        this.config = config;
        this.registry = registry;
        this.server = server;
        this.channel = channel;
    }

    /** @param backendOptions driver options of the fsx-lustre backend */
    static LustreDriverUnderTest start(Path workDir, Knobs knobs, List<String> backendOptions, EventLoopGroup clientGroup) throws IOException {
        Path dir = Files.createDirectories(workDir.resolve("driver"));
        SimulatorConfig config = SimulatorConfig.defaults(dir.resolve("sim"));
        // FSx alone: the controller needs no IMDS, no EC2, and the file systems' data directories stay empty
        AwsSimulator simulator = AwsSimulator.start(config, knobs, BlockStorage.NONE, List.of(FsxService::new));
        BackendRegistry registry = null;
        CsiServer server = null;
        try {
            DiscoveredBackend lustre = new DiscoveredBackend(new LustreBackendFactory(), LustreDriverUnderTest.class.getClassLoader(),
                    "class path");
            Map<String, DiscoveredBackend> enabled = Map.of(lustre.name(), lustre);
            registry = new BackendRegistry(enabled.values(), BackendOptions.parse(backendOptions, enabled), "fsx.csi.polycsi.dev",
                    config.instanceId(), Set.of(BackendContext.Role.CONTROLLER), new LinuxMounter(),
                    AwsAccess.simulated(config.region(), simulator.endpoint()), config.deviceDir());
            registry.start().get(60, TimeUnit.SECONDS);
            Path socket = dir.resolve("csi.sock");
            server = CsiServer.start(new Endpoint.Unix(socket), List.of(new ControllerService(registry, new InFlight(),
                    ProvisionerFsType.of(Optional.of(PROVISIONER_DEFAULT_FSTYPE)))));
            ManagedChannel channel = NettyChannelBuilder.forAddress(UnixDomainSocketAddress.of(socket))
                    .eventLoopGroup(clientGroup)
                    .channelType(NioDomainSocketChannel.class)
                    .overrideAuthority("localhost")
                    // Not a TCP socket: Netty would warn about this option on every connection.
                    .withOption(ChannelOption.SO_KEEPALIVE, null)
                    .usePlaintext()
                    .build();
            return new LustreDriverUnderTest(simulator, config, registry, server, channel);
        } catch (Exception e) {
            if (server != null) {
                server.close();
            }
            if (registry != null) {
                registry.close();
            }
            simulator.close();
            throw new IOException("could not start the driver: " + e.getMessage(), e);
        }
    }

    ControllerGrpc.ControllerBlockingStub controller() {
        return ControllerGrpc.newBlockingStub(channel);
    }

    /** The subnet of the account's first zone, one FSx accepts. */
    String subnetId() {
        return SimulatedNetwork.subnetId(config, config.instanceZone());
    }

    /** The account's only security group. */
    String securityGroupId() {
        return SimulatedNetwork.DEFAULT_SECURITY_GROUP_ID;
    }

    /** An FSx client of the benchmark's own, to read what FSx says of the file systems after the timed run. */
    SdkLustreCloud fsx() {
        // no merging window: the benchmark's own look-ups go out one after the other, at once
        return SdkLustreCloud.create(AwsAccess.simulated(config.region(), simulator.endpoint()), 3, java.time.Duration.ZERO);
    }

    AwsSimulator simulator() {
        return simulator;
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.close();
        registry.close();
        simulator.close();
    }
}
