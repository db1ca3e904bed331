package dev.polycsi.simulator;

import dev.polycsi.simulator.http.AwsService;
import dev.polycsi.simulator.http.SimHttpServer;
import dev.polycsi.simulator.knobs.Counters;
import dev.polycsi.simulator.knobs.Knobs;
import dev.polycsi.simulator.storage.BlockStorage;
import dev.polycsi.simulator.storage.NetworkMountProvider;
import dev.polycsi.simulator.storage.NetworkMountResolver;
import dev.polycsi.simulator.storage.NetworkMounts;
import java.io.IOException;
import java.net.URI;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Function;

/**
 * EC2, EFS, FSx and IMDS on one loopback port, for the driver's real AWS SDK clients: point every
 * client's endpoint override (and the IMDS endpoint) at {@link #endpoint()}.
 */
public final class AwsSimulator implements AutoCloseable {

    private final SimHttpServer server;
    private final Knobs knobs;
    private final Counters counters;
    private final List<AwsService> services;
    private final NetworkMountResolver mounts;

    private AwsSimulator(SimHttpServer server, Knobs knobs, Counters counters, List<AwsService> services,
            NetworkMountResolver mounts) {
        this.server = server;
        this.knobs = knobs;
        this.counters = counters;
        this.services = services;
        this.mounts = mounts;
    }

    /** Starts the given services on one port. */
    public static AwsSimulator start(SimulatorConfig config, Knobs knobs, BlockStorage blockStorage,
            List<Function<SimContext, AwsService>> serviceFactories) throws IOException {
        return start(config, knobs, blockStorage, serviceFactories, InstantSource.system());
    }

    /** As {@link #start(SimulatorConfig, Knobs, BlockStorage, List)}, on another clock: tests move time on to walk state machines. */
    public static AwsSimulator start(SimulatorConfig config, Knobs knobs, BlockStorage blockStorage,
            List<Function<SimContext, AwsService>> serviceFactories, InstantSource clock) throws IOException {
        SimContext context = new SimContext(config, knobs, clock, blockStorage);
        List<AwsService> services = serviceFactories.stream().map(factory -> factory.apply(context)).toList();
        Counters counters = new Counters();
        NetworkMountResolver mounts = new NetworkMounts(services.stream()
                .filter(NetworkMountProvider.class::isInstance)
                .map(service -> ((NetworkMountProvider) service).mounts())
                .toList());
        return new AwsSimulator(SimHttpServer.start(config.port(), services, knobs, counters, mounts), knobs, counters, services, mounts);
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI endpoint() {
        return server.endpoint();
    }

    public Knobs knobs() {
        return knobs;
    }

    public Counters counters() {
        return counters;
    }

    /** The directories behind the simulated file systems, for the node's simulated mounter. */
    public NetworkMountResolver networkMounts() {
        return mounts;
    }

    public List<AwsService> services() {
        return services;
    }

    @Override
    public void close() {
        server.close();
        for (AwsService service : services) {
            if (service instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException("simulated service " + service.name() + " did not close", e);
                }
            }
        }
    }
}
