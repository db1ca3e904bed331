package dev.polycsi.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a registry in the Prometheus text format at {@code http://HOST:PORT/metrics} (and
 * OpenMetrics or protobuf to a scraper that asks for them). Scrapes run on virtual threads: a
 * slow scraper holds no platform thread of the driver.
 */
public final class MetricsEndpoint implements AutoCloseable {

    private final HTTPServer server;
    private final InetSocketAddress address;

    private MetricsEndpoint(HTTPServer server, InetSocketAddress address) {
        this.server = server;
        this.address = address;
    }

    /** Binds {@code address} (port 0: a free one) and serves; fails with the address if it cannot bind. */
    public static MetricsEndpoint start(InetSocketAddress address, PrometheusMetrics metrics) {
        ExecutorService scrapes = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("metrics-", 0).factory());
        try {
            HTTPServer server = HTTPServer.builder()
                    .inetAddress(address.getAddress())
                    .port(address.getPort())
                    .registry(metrics.registry())
                    .executorService(scrapes)
                    .buildAndStart();
            return new MetricsEndpoint(server, new InetSocketAddress(address.getAddress(), server.getPort()));
        } catch (IOException e) {
            scrapes.shutdownNow();
            throw new UncheckedIOException("cannot serve metrics on " + address + ": " + e.getMessage(), e);
        }
    }

    /** Where it listens, with the port it was given if it asked for 0. */
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        server.close();
    }
}
