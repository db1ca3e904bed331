package dev.polycsi.core.telemetry;

import dev.polycsi.spi.metrics.AwsCallObserver;
import dev.polycsi.spi.metrics.BackendMetrics;
import dev.polycsi.spi.mount.Mounter;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the core measures, for the metrics endpoint. {@link #NONE} when the endpoint is off: every
 * method then does nothing and hands back what it was given, so that a driver without metrics
 * loads no metrics library and pays no more than a call to an empty method.
 */
public interface DriverMetrics {

    DriverMetrics NONE = new DriverMetrics() { };

    /** A CSI call starts (counted in flight); the answer ends it. {@code method} is the short name, e.g. {@code CreateVolume}. */
    default RpcTimer rpcStarted(String method) {
        return RpcTimer.NONE;
    }

    /** Observes the AWS calls of one backend's SDK clients. */
    default AwsCallObserver awsCalls(String backend) {
        return AwsCallObserver.NONE;
    }

    /** Where one backend registers gauges of its own. */
    default BackendMetrics backendGauges(String backend) {
        return BackendMetrics.NONE;
    }

    /** {@code mounter} as one backend uses it, its operations counted and timed. */
    default Mounter measuredMounter(String backend, Mounter mounter) {
        return mounter;
    }

    /** A long operation ended. */
    default void longOperationEnded(String backend, String kind, LongOperationOutcome outcome, Duration took) {
    }

    /** Reads the long operations running now at each scrape. */
    default void watchLongOperations(Supplier<Collection<RunningOperation>> running) {
    }

    /** Reads the volumes published on this node now, by backend, at each scrape. */
    default void watchPublishedVolumes(Supplier<Map<String, Integer>> byBackend) {
    }

    /** Ends a CSI call. */
    @FunctionalInterface
    interface RpcTimer {
        RpcTimer NONE = (backend, code) -> { };

        /**
         * @param backend the backend the call went to, or {@code none}
         * @param code    the gRPC status code's name, e.g. {@code OK}
         */
        void ended(String backend, String code);
    }

    /** A long operation running now. */
    record RunningOperation(String backend, String kind, Duration age) {}

    enum LongOperationOutcome {
        /** It ended as asked. */
        SUCCEEDED,
        /** The service reported a failure, or checking it failed for good. */
        FAILED,
        /** No call asked for it any more; the next call starts a new waiter. */
        ABANDONED,
        /** The driver stopped meanwhile. */
        CANCELLED
    }
}
