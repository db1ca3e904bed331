package dev.polycsi.core.telemetry;

import dev.polycsi.spi.metrics.BackendMetrics;
import dev.polycsi.spi.mount.Mounter;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/** A {@link DriverMetrics} that keeps what it is told, for tests of what the core reports. */
public final class RecordingMetrics implements DriverMetrics {

    /** A CSI call that ended. */
    public record Rpc(String method, String backend, String code) {}

    /** A long operation that ended. */
    public record Operation(String backend, String kind, LongOperationOutcome outcome, Duration took) {}

    /** The methods whose calls started, in order. */
    public final List<String> started = new CopyOnWriteArrayList<>();
    public final List<Rpc> rpcs = new CopyOnWriteArrayList<>();
    public final List<Operation> operations = new CopyOnWriteArrayList<>();
    /** Measured mount operations: {@code "<backend> <operation> ok|failed"}. */
    public final List<String> mounts = new CopyOnWriteArrayList<>();
    /** The measured mounter handed out for each backend. */
    public final Map<String, Mounter> mounters = new ConcurrentHashMap<>();
    /** Registered gauges by {@code "<backend>/<name>"}. */
    public final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();
    private volatile Supplier<Collection<RunningOperation>> running;
    private volatile Supplier<Map<String, Integer>> published;

    @Override
    public RpcTimer rpcStarted(String method) {
        started.add(method);
        return (backend, code) -> rpcs.add(new Rpc(method, backend, code));
    }

    @Override
    public BackendMetrics backendGauges(String backend) {
        return (name, help, value) -> gauges.put(backend + "/" + name, value);
    }

    @Override
    public Mounter measuredMounter(String backend, Mounter mounter) {
        Mounter measured = new MeasuredMounter(mounter,
                (operation, succeeded, nanos) -> mounts.add(backend + " " + operation + (succeeded ? " ok" : " failed")));
        mounters.put(backend, measured);
        return measured;
    }

    @Override
    public void longOperationEnded(String backend, String kind, LongOperationOutcome outcome, Duration took) {
        operations.add(new Operation(backend, kind, outcome, took));
    }

    @Override
    public void watchLongOperations(Supplier<Collection<RunningOperation>> running) {
        this.running = running;
    }

    @Override
    public void watchPublishedVolumes(Supplier<Map<String, Integer>> byBackend) {
        this.published = byBackend;
    }

    /** What a scrape would read of the running long operations now. */
    public Collection<RunningOperation> runningOperations() {
        return running.get();
    }

    /** What a scrape would read of the published volumes now. */
    public Map<String, Integer> publishedVolumes() {
        return published.get();
    }
}
