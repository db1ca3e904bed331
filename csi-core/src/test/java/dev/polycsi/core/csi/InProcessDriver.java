package dev.polycsi.core.csi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.polycsi.core.backend.BackendRegistry;
import dev.polycsi.core.conformance.CsiClient;
import dev.polycsi.core.plugin.DiscoveredBackend;
import dev.polycsi.core.server.CsiServer;
import dev.polycsi.core.server.Endpoint;
import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.BackendFactory;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.function.Executable;

/**
 * The core's services on a unix socket in a test directory, with test backends, and a client:
 * requests travel through gRPC exactly as from the sidecars.
 */
final class InProcessDriver implements AutoCloseable {

    static final String DRIVER_NAME = "test.polycsi.dev";
    static final String VERSION = "1.2.3-test";
    static final String NODE_ID = "node-1";

    final BackendRegistry registry;
    final CompletableFuture<Void> started;
    final FakeMounter mounter = new FakeMounter();
    final InFlight inFlight = new InFlight();
    final CsiServer server;
    final CsiClient client;

    private InProcessDriver(Path dir, boolean controller, List<BackendFactory> factories, ProvisionerFsType fsTypes) throws Exception {
        List<DiscoveredBackend> discovered = factories.stream()
                .map(f -> new DiscoveredBackend(f, InProcessDriver.class.getClassLoader(), "test (" + f.name() + ")"))
                .toList();
        registry = new BackendRegistry(discovered, Map.of(), DRIVER_NAME, NODE_ID,
                Set.of(BackendContext.Role.CONTROLLER, BackendContext.Role.NODE), mounter);
        Path socket = dir.resolve("csi.sock");
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length > Endpoint.MAX_SOCKET_PATH_BYTES) {
            throw new IllegalStateException("socket path too long for a unix socket: " + socket);
        }
        server = CsiServer.start(new Endpoint.Unix(socket), List.of(
                new IdentityService(DRIVER_NAME, VERSION, controller, registry),
                new ControllerService(registry, inFlight, fsTypes),
                new NodeService(registry, inFlight, mounter, NODE_ID, fsTypes)));
        client = new CsiClient(socket, Duration.ofSeconds(30));
        started = registry.start();
    }

    /** Starts the server and the backends, and waits until they are ready. */
    static InProcessDriver start(Path dir, FakeBackend... backends) throws Exception {
        return start(dir, ProvisionerFsType.NONE, backends);
    }

    /** Like {@link #start(Path, FakeBackend...)}, told the provisioner's default fs type. */
    static InProcessDriver start(Path dir, ProvisionerFsType fsTypes, FakeBackend... backends) throws Exception {
        InProcessDriver driver = new InProcessDriver(dir, true, Arrays.stream(backends).map(FakeBackend::factory).toList(), fsTypes);
        try {
            driver.awaitReady();
        } catch (Exception | Error e) {
            driver.close();
            throw e;
        }
        return driver;
    }

    /** Waits until every backend has started. */
    void awaitReady() throws Exception {
        started.get(30, TimeUnit.SECONDS);
    }

    /** Starts the server and begins starting the backends; {@link #started} completes when they are. */
    static InProcessDriver startUnready(Path dir, boolean controller, List<BackendFactory> factories) throws Exception {
        return new InProcessDriver(dir, controller, factories, ProvisionerFsType.NONE);
    }

    @Override
    public void close() {
        client.close();
        server.shutdown(Duration.ofSeconds(5));
        registry.close();
    }

    /** The call must fail with {@code code}; returns the failure. */
    static StatusRuntimeException expect(Status.Code code, Supplier<?> call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, (Executable) call::get);
        assertEquals(code, e.getStatus().getCode(), () -> "expected " + code + ", got " + e.getStatus());
        return e;
    }

    /** The description of a failure, never null. */
    static String description(StatusRuntimeException e) {
        return String.valueOf(e.getStatus().getDescription());
    }
}
