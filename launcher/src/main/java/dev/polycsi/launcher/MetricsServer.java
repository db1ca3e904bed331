package dev.polycsi.launcher;

import dev.polycsi.core.telemetry.DriverMetrics;
import dev.polycsi.metrics.MetricsEndpoint;
import dev.polycsi.metrics.PrometheusMetrics;
import java.net.InetSocketAddress;

/**
 * The metrics endpoint of {@code --metrics-address}. Its own class, so that the Prometheus
 * client is loaded only when the endpoint is asked for: a node without it loads none of it.
 */
final class MetricsServer implements AutoCloseable {

    private final PrometheusMetrics metrics;
    private final MetricsEndpoint endpoint;

    private MetricsServer(PrometheusMetrics metrics, MetricsEndpoint endpoint) {
        this.metrics = metrics;
        this.endpoint = endpoint;
    }

    /** Registers the driver's metrics and serves them; fails naming the address if it cannot bind. */
    static MetricsServer start(InetSocketAddress address, String mode) {
        PrometheusMetrics metrics = new PrometheusMetrics(Version.current(), mode);
        return new MetricsServer(metrics, MetricsEndpoint.start(address, metrics));
    }

    DriverMetrics metrics() {
        return metrics;
    }

    /** The URL scrapers use, with the port bound if port 0 was asked. */
    String url() {
        InetSocketAddress bound = endpoint.address();
        String host = bound.getAddress().isAnyLocalAddress() ? "0.0.0.0" : bound.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort() + "/metrics";
    }

    @Override
    public void close() {
        endpoint.close();
    }
}
