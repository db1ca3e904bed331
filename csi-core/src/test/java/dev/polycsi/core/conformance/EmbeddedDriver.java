package dev.polycsi.core.conformance;

import dev.polycsi.core.backend.BackendRegistry;
import dev.polycsi.core.csi.ControllerService;
import dev.polycsi.core.csi.IdentityService;
import dev.polycsi.core.csi.InFlight;
import dev.polycsi.core.csi.NodeService;
import dev.polycsi.core.mount.LinuxMounter;
import dev.polycsi.core.plugin.DiscoveredBackend;
import dev.polycsi.core.plugin.PluginLoader;
import dev.polycsi.core.server.CsiServer;
import dev.polycsi.core.server.Endpoint;
import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.BackendFactory;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.param.Parameters;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * polycsi's core in the test's own JVM, serving one backend found on the test class path through
 * {@code META-INF/services/dev.polycsi.spi.BackendFactory}, as {@code polycsi all} would: the real
 * gRPC services on {@code workDir/csi.sock}, the real Linux mounter, controller and node roles.
 *
 * <p>It is how a backend module, in this repository or outside it, runs {@link CsiConformanceSuite}
 * at {@code mvn test}, before its plugin JAR exists. Loading the JAR from a plugin directory, with
 * its own class loader and the SPI version check, is what {@code polycsi --plugin-dir} adds.
 */
public final class EmbeddedDriver implements DriverUnderTest {

    /** The node id the driver reports in NodeGetInfo and hands the backend. */
    public static final String NODE_ID = "conformance-node";

    /** The CSI driver name it reports. */
    public static final String DRIVER_NAME = "conformance.polycsi.dev";

    private final Path socket;
    private final BackendRegistry registry;
    private final CsiServer server;
    private final CompletableFuture<Void> started;

    private EmbeddedDriver(Path socket, BackendRegistry registry, CsiServer server) {
        this.socket = socket;
        this.registry = registry;
        this.server = server;
        this.started = registry.start();
    }

    /**
     * Serves {@code backend} on {@code workDir/csi.sock} and starts it; returns without waiting
     * for the backend to be ready (the suite waits for Probe).
     *
     * @param backend the factory's {@code name()}, as in {@code backend: <name>}
     * @param options the backend's driver options, as {@code --backend-option <backend>.<key>=<value>} gives them
     * @throws IllegalStateException when no such backend is on the class path or an option is refused
     */
    public static EmbeddedDriver start(Path workDir, String backend, Map<String, String> options) throws Exception {
        Map<String, DiscoveredBackend> found = new PluginLoader(EmbeddedDriver.class.getClassLoader()).discover(Optional.empty());
        DiscoveredBackend discovered = found.get(backend);
        if (discovered == null) {
            throw new IllegalStateException("no backend named '" + backend + "' on the test class path (found: " + found.keySet()
                    + "); list its factory in src/main/resources/META-INF/services/" + BackendFactory.class.getName());
        }
        Parameters parsed;
        try {
            parsed = discovered.factory().options().parse(options);
        } catch (CsiException e) {
            throw new IllegalStateException("backend '" + backend + "' refuses its options " + options + ": " + e.getMessage(), e);
        }
        Path socket = workDir.resolve("csi.sock");
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > Endpoint.MAX_SOCKET_PATH_BYTES) {
            throw new IllegalStateException("socket path too long for a unix socket: " + socket);
        }
        LinuxMounter mounter = new LinuxMounter();
        BackendRegistry registry = new BackendRegistry(List.of(discovered), Map.of(backend, parsed), DRIVER_NAME, NODE_ID,
                Set.of(BackendContext.Role.CONTROLLER, BackendContext.Role.NODE), mounter);
        InFlight inFlight = new InFlight();
        CsiServer server = CsiServer.start(new Endpoint.Unix(socket), List.of(
                new IdentityService(DRIVER_NAME, "conformance", true, registry),
                new ControllerService(registry, inFlight),
                new NodeService(registry, inFlight, mounter, NODE_ID)));
        return new EmbeddedDriver(socket, registry, server);
    }

    @Override
    public Path socket() {
        return socket;
    }

    /** False once the backend has failed to start, so that the suite stops waiting for it. */
    @Override
    public boolean running() {
        return !started.isCompletedExceptionally();
    }

    /** Why the backend failed to start, if it did; the driver's log is the test's own output. */
    @Override
    public String diagnostics() {
        if (!started.isCompletedExceptionally()) {
            return "";
        }
        StringWriter trace = new StringWriter();
        started.exceptionNow().printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    @Override
    public void close() {
        try {
            server.shutdown(Duration.ofSeconds(10));
        } finally {
            registry.close();
        }
    }
}
