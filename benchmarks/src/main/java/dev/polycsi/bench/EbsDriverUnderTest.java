package dev.polycsi.bench;

import csi.v1.ControllerGrpc;
import dev.polycsi.core.backend.BackendOptions;
import dev.polycsi.core.backend.BackendRegistry;
import dev.polycsi.core.csi.ControllerService;
import dev.polycsi.core.csi.InFlight;
import dev.polycsi.core.mount.LinuxMounter;
import dev.polycsi.core.plugin.DiscoveredBackend;
import dev.polycsi.core.server.CsiServer;
import dev.polycsi.core.server.Endpoint;
import dev.polycsi.ebs.EbsBackendFactory;
import dev.polycsi.simulator.AwsSimulator;
import dev.polycsi.simulator.SimulatedInstance;
import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.ec2.Ec2Service;
import dev.polycsi.simulator.imds.ImdsService;
import dev.polycsi.simulator.knobs.Knobs;
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
 * One simulated EC2 account with several instances, and the polycsi controller (EBS backend only)
 * serving CSI on a unix socket in this JVM, with a client channel to it. The simulator is
 * API-only ({@link BlockStorage#NONE}): no sparse files, no loop devices, so hundreds of
 * attachments cost nothing on the host.
 *
 * <p>The instances share the account's EC2 token buckets, as on EC2.
 */
final class EbsDriverUnderTest implements AutoCloseable {

    private final AwsSimulator simulator;
    private final SimulatorConfig config;
    private final BackendRegistry registry;
    private final CsiServer server;
    private final ManagedChannel channel;

    private EbsDriverUnderTest(AwsSimulator simulator, SimulatorConfig config, BackendRegistry registry, CsiServer server,
            ManagedChannel channel) {
        this.simulator = simulator;
        this.config = config;
        this.registry = registry;
        this.server = server;
        this.channel = channel;
    }

    /**
     * @param instances      how many instances the account has, all in the region's first zone
     * @param backendOptions driver options such as {@code ebs.batch-window-ms=500}
     */
    static EbsDriverUnderTest start(int instances, Path workDir, String instanceType, Knobs knobs, List<String> backendOptions,
            EventLoopGroup clientGroup) throws IOException {
        Path dir = Files.createDirectories(workDir.resolve("driver"));
        SimulatorConfig defaults = SimulatorConfig.defaults(dir.resolve("sim"));
        List<SimulatedInstance> all = new java.util.ArrayList<>();
        for (int i = 0; i < instances; i++) {
            all.add(new SimulatedInstance("i-%017x".formatted(0x1000 + i), instanceType, defaults.instanceZone()));
        }
        SimulatorConfig config = defaults.withInstances(all);
        AwsSimulator simulator = AwsSimulator.start(config, knobs, BlockStorage.NONE, List.of(ImdsService::new, Ec2Service::new));
        BackendRegistry registry = null;
        CsiServer server = null;
        try {
            DiscoveredBackend ebs = new DiscoveredBackend(new EbsBackendFactory(), EbsDriverUnderTest.class.getClassLoader(), "class path");
            Map<String, DiscoveredBackend> enabled = Map.of(ebs.name(), ebs);
            registry = new BackendRegistry(enabled.values(), BackendOptions.parse(backendOptions, enabled), "ebs.csi.polycsi.dev",
                    config.instanceId(), Set.of(BackendContext.Role.CONTROLLER), new LinuxMounter(),
                    AwsAccess.simulated(config.region(), simulator.endpoint()), config.deviceDir());
            registry.start().get(60, TimeUnit.SECONDS);
            Path socket = dir.resolve("csi.sock");
            server = CsiServer.start(new Endpoint.Unix(socket), List.of(new ControllerService(registry, new InFlight())));
            ManagedChannel channel = NettyChannelBuilder.forAddress(UnixDomainSocketAddress.of(socket))
                    .eventLoopGroup(clientGroup)
                    .channelType(NioDomainSocketChannel.class)
                    .overrideAuthority("localhost")
                    // Not a TCP socket: Netty would warn about this option on every connection.
                    .withOption(ChannelOption.SO_KEEPALIVE, null)
                    .usePlaintext()
                    .build();
            return new EbsDriverUnderTest(simulator, config, registry, server, channel);
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

    /** The account's instances, the nodes volumes are published to. */
    List<String> instanceIds() {
        return config.instances().stream().map(SimulatedInstance::id).toList();
    }

    /** The zone of every instance, where the volumes must be. */
    String zone() {
        return config.instanceZone();
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
