/**
 * What the driver tells about itself beyond its answers: the port for its metrics ({@link
 * dev.polycsi.core.telemetry.DriverMetrics}, implemented with Prometheus in the {@code metrics}
 * module) and the context of the call a log line belongs to ({@link
 * dev.polycsi.core.telemetry.CallContext}).
 */
package dev.polycsi.core.telemetry;
