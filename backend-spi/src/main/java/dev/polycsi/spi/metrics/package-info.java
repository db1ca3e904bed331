/**
 * What a backend reports to the driver's metrics endpoint (off unless {@code --metrics-address}
 * is given; then these cost nothing to ignore): its AWS calls, observed for it by the client
 * builder, and gauges of its own state, such as the EBS attachment slots left on a node.
 */
package dev.polycsi.spi.metrics;
