package dev.polycsi.spi.metrics;

import java.util.function.DoubleSupplier;

/**
 * Gauges a backend exposes on the driver's metrics endpoint, from {@link
 * dev.polycsi.spi.BackendContext#metrics()}. The core names each {@code polycsi_<name>} and adds
 * the label {@code backend}; the value is read when the endpoint is scraped.
 */
public interface BackendMetrics {

    /** Records nothing: metrics are off. */
    BackendMetrics NONE = (name, help, value) -> { };

    /**
     * Registers a gauge read at each scrape. {@code name} is lower case with underscores and a
     * unit suffix where it has one (Prometheus's conventions), e.g. {@code
     * node_attachment_slots_used}; several backends may register the same name. A value that
     * cannot be read then is reported as NaN rather than failing the scrape. Never put an id or
     * a secret in a name: the series must stay few.
     */
    void gauge(String name, String help, DoubleSupplier value);
}
