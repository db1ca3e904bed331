package dev.polycsi.spi.metrics;

/**
 * Told of every AWS API call a backend's SDK clients make. The core gives each backend one
 * through {@link dev.polycsi.spi.AwsAccess#calls()}; aws-support's client builder attaches it, so
 * a backend that builds its clients there is measured without a line of its own.
 */
@FunctionalInterface
public interface AwsCallObserver {

    /** Observes nothing: metrics are off. */
    AwsCallObserver NONE = call -> { };

    /** Called once per API call, on the calling thread, after its last attempt; must be quick. */
    void completed(AwsCall call);
}
