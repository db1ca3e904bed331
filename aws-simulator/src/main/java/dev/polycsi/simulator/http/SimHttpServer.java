package dev.polycsi.simulator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.polycsi.simulator.knobs.Counters;
import dev.polycsi.simulator.knobs.Knobs;
import dev.polycsi.simulator.storage.NetworkMountResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * All simulated services on one loopback port. Every request passes the same pipeline:
 * find the service, count the call, wait the configured latency, throttle, inject faults,
 * then let the service answer.
 */
public final class SimHttpServer implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(SimHttpServer.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<AwsService> services;
    private final ControlEndpoint control;
    private final Knobs knobs;
    private final Counters counters;

    private SimHttpServer(HttpServer server, ExecutorService executor, List<AwsService> services, Knobs knobs, Counters counters,
            NetworkMountResolver mounts) {
        this.server = server;
        this.executor = executor;
        this.services = List.copyOf(services);
        this.knobs = knobs;
        this.counters = counters;
        this.control = new ControlEndpoint(knobs, counters, mounts);
    }

    /** Binds 127.0.0.1:{@code port} (0 for any free port) and starts serving. Never binds beyond loopback. */
    public static SimHttpServer start(int port, List<AwsService> services, Knobs knobs, Counters counters,
            NetworkMountResolver mounts) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        SimHttpServer simulator = new SimHttpServer(server, executor, services, knobs, counters, mounts);
        server.createContext("/", simulator::exchange);
        server.setExecutor(executor);
        server.start();
        return simulator;
    }

    public URI endpoint() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            SimRequest request = read(exchange);
            SimResponse response = respond(request);
            if (!response.isDropped()) {
                write(exchange, response);
            }
            // else: closing an exchange whose headers were never sent closes its connection
        } catch (RuntimeException | IOException e) {
            LOG.error("simulator failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        }
    }

    /** The pipeline; public so that tests and benchmarks can drive it without HTTP. */
    public SimResponse respond(SimRequest request) {
        if (control.accepts(request)) {
            return control.handle(request);
        }
        AwsService service = services.stream().filter(s -> s.accepts(request)).findFirst().orElse(null);
        if (service == null) {
            return SimResponse.of(404, "text/plain", "no simulated service answers " + request.method() + " " + request.path() + "\n");
        }
        String action;
        try {
            action = service.actionOf(request);
        } catch (AwsError e) {
            return service.error(e);
        }
        counters.countCall(service.name(), action);
        SimResponse response = serve(service, action, request);
        if (response.status() >= 400) {
            counters.countError(service.name(), action);
        }
        return response;
    }

    private SimResponse serve(AwsService service, String action, SimRequest request) {
        if (service.signed() && !signed(request)) {
            return service.error(new AwsError(403, "MissingAuthenticationToken",
                    "Request is missing Authentication Token"));
        }
        sleep(knobs.latency(action));
        if (!knobs.admit(service.name(), service.throttleClassOf(action, request), System.nanoTime())) {
            counters.countThrottled(service.name(), action);
            return service.error(service.throttled());
        }
        switch (knobs.injectedFault(action)) {
            case 500 -> {
                return service.error(new AwsError(500, "InternalError", "An internal error has occurred (injected)"));
            }
            case 503 -> {
                return service.error(new AwsError(503, "Unavailable", "The service is unavailable (injected)"));
            }
            default -> {
                // no fault this time
            }
        }
        try {
            SimResponse response = service.handle(request);
            if (knobs.dropsAnswer(action)) {
                counters.countDropped(service.name(), action);
                return SimResponse.dropped();
            }
            return response;
        } catch (AwsError e) {
            return service.error(e);
        } catch (RuntimeException e) {
            // A simulator bug must still answer as AWS would, or the SDK sees a dropped connection.
            LOG.error("simulated {} failed on {}", service.name(), action, e);
            return service.error(new AwsError(500, "InternalError", "simulator failure: " + e));
        }
    }

    /** The SDK signs every call with SigV4; AWS refuses a request that is not signed at all. */
    private static boolean signed(SimRequest request) {
        String authorization = request.header("authorization");
        return authorization != null && authorization.startsWith("AWS4-HMAC-SHA256 ");
    }

    private static void sleep(Duration duration) {
        if (!duration.isZero()) {
            try {
                Thread.sleep(duration);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static SimRequest read(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        URI uri = exchange.getRequestURI();
        return new SimRequest(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), headers, body);
    }

    private static void write(HttpExchange exchange, SimResponse response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
        if (response.body().length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
