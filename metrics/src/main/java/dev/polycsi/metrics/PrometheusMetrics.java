package dev.polycsi.metrics;

import dev.polycsi.core.telemetry.DriverMetrics;
import dev.polycsi.core.telemetry.MeasuredMounter;
import dev.polycsi.spi.metrics.AwsCall;
import dev.polycsi.spi.metrics.AwsCallObserver;
import dev.polycsi.spi.metrics.BackendMetrics;
import dev.polycsi.spi.mount.Mounter;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@link DriverMetrics} kept in a Prometheus registry. The names follow Prometheus's conventions,
 * and the sidecars' and aws-ebs-csi-driver's where they have one ({@code method_name},
 * {@code grpc_status_code}, {@code request}, {@code error}), so that their dashboards carry
 * over with the {@code polycsi_} prefix. Labels hold only bounded sets (methods, backends,
 * codes, actions): never a volume id, a name or a secret.
 */
public final class PrometheusMetrics implements DriverMetrics {

    private static final Logger LOG = LogManager.getLogger(PrometheusMetrics.class);

    /** CSI calls: from a Probe's microseconds to a CreateVolume waiting its 60 s out, and the attacher's 6 min. */
    private static final double[] RPC_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30, 60, 120, 300, 600};
    /** AWS calls: aws-ebs-csi-driver's buckets (Prometheus's defaults), and the SDK's retries up to its call timeout. */
    private static final double[] AWS_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
    /** Long operations: an EBS snapshot's minute to a large Lustre file system's hour. */
    private static final double[] LONG_OPERATION_BUCKETS = {1, 5, 10, 30, 60, 120, 300, 600, 900, 1200, 1800, 2700, 3600, 7200};
    /** Mounts: a bind mount's milliseconds to a large mkfs or a slow NFS server. */
    private static final double[] MOUNT_BUCKETS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};

    /** A backend gauge's name: lower case words joined by underscores, as Prometheus wants them. */
    private static final Pattern GAUGE_NAME = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Histogram rpcSeconds;
    private final Gauge rpcInFlight;
    private final Histogram awsSeconds;
    private final Counter awsErrors;
    private final Counter awsThrottles;
    private final Counter awsRetries;
    private final Counter longOperationsEnded;
    private final Histogram longOperationSeconds;
    private final Counter mountOperations;
    private final Histogram mountSeconds;
    private final List<Supplier<Collection<RunningOperation>>> longOperationSources = new CopyOnWriteArrayList<>();
    private final List<Supplier<Map<String, Integer>>> publishedSources = new CopyOnWriteArrayList<>();
    /** Backend gauges by name, then by backend: one family per name, one series per backend. */
    private final Map<String, Map<String, DoubleSupplier>> backendGauges = new ConcurrentHashMap<>();
    private final Map<String, String> backendGaugeHelp = new ConcurrentHashMap<>();

    /**
     * @param version the driver's version, and {@code mode} (controller, node, all), for {@code polycsi_build_info}
     */
    public PrometheusMetrics(String version, String mode) {
        rpcSeconds = Histogram.builder().name("polycsi_csi_operations_seconds")
                .help("CSI calls served, by method, backend and gRPC status code, and how long they took")
                .labelNames("method_name", "backend", "grpc_status_code")
                .classicOnly().classicUpperBounds(RPC_BUCKETS).withoutExemplars().register(registry);
        rpcInFlight = Gauge.builder().name("polycsi_csi_operations_in_flight")
                .help("CSI calls being served now, by method")
                .labelNames("method_name").withoutExemplars().register(registry);
        awsSeconds = Histogram.builder().name("polycsi_aws_api_request_duration_seconds")
                .help("AWS API calls, retries included, by backend, service and request (API action), and how long they took")
                .labelNames("backend", "service", "request")
                .classicOnly().classicUpperBounds(AWS_BUCKETS).withoutExemplars().register(registry);
        awsErrors = Counter.builder().name("polycsi_aws_api_request_errors_total")
                .help("AWS API calls that ended in an error, by error code (AWS's, or Timeout or ConnectionError)")
                .labelNames("backend", "service", "request", "error").withoutExemplars().register(registry);
        awsThrottles = Counter.builder().name("polycsi_aws_api_request_throttles_total")
                .help("Attempts of AWS API calls that the service throttled")
                .labelNames("backend", "service", "request").withoutExemplars().register(registry);
        awsRetries = Counter.builder().name("polycsi_aws_api_request_retries_total")
                .help("Attempts of AWS API calls after the first, made by the SDK's retry strategy")
                .labelNames("backend", "service", "request").withoutExemplars().register(registry);
        longOperationsEnded = Counter.builder().name("polycsi_long_operations_total")
                .help("Long operations (creations, expansions that outlive one call) ended, by outcome: succeeded, failed, "
                        + "abandoned (no call asked any more), cancelled (the driver stopped)")
                .labelNames("backend", "kind", "outcome").withoutExemplars().register(registry);
        longOperationSeconds = Histogram.builder().name("polycsi_long_operation_duration_seconds")
                .help("How long long operations that succeeded took, from the first call to the end")
                .labelNames("backend", "kind")
                .classicOnly().classicUpperBounds(LONG_OPERATION_BUCKETS).withoutExemplars().register(registry);
        GaugeWithCallback.builder().name("polycsi_long_operations_in_progress")
                .help("Long operations running now")
                .labelNames("backend", "kind")
                .callback(callback -> runningByKind().forEach((key, ages) -> callback.call(ages.size(), key.backend(), key.kind())))
                .register(registry);
        GaugeWithCallback.builder().name("polycsi_long_operation_oldest_age_seconds")
                .help("How long the oldest long operation running now has been running")
                .labelNames("backend", "kind")
                .callback(callback -> runningByKind().forEach((key, ages) -> callback.call(
                        ages.stream().mapToDouble(age -> age.toNanos() / 1e9).max().orElse(0), key.backend(), key.kind())))
                .register(registry);
        mountOperations = Counter.builder().name("polycsi_node_mount_operations_total")
                .help("Changes to the node's mounts made for a backend, by operation and outcome (success, failure)")
                .labelNames("backend", "operation", "outcome").withoutExemplars().register(registry);
        mountSeconds = Histogram.builder().name("polycsi_node_mount_duration_seconds")
                .help("How long the node's mount operations took")
                .labelNames("backend", "operation")
                .classicOnly().classicUpperBounds(MOUNT_BUCKETS).withoutExemplars().register(registry);
        GaugeWithCallback.builder().name("polycsi_node_published_volumes")
                .help("Volumes published on this node now (publish targets), by backend")
                .labelNames("backend")
                .callback(callback -> publishedByBackend().forEach((backend, count) -> callback.call(count, backend)))
                .register(registry);
        Gauge buildInfo = Gauge.builder().name("polycsi_build_info")
                .help("The driver's version and mode; always 1")
                .labelNames("version", "mode").withoutExemplars().register(registry);
        buildInfo.labelValues(version, mode).set(1);
        JvmMetrics.builder().register(registry);
    }

    /** The registry, for the HTTP server and tests. */
    public PrometheusRegistry registry() {
        return registry;
    }

    @Override
    public RpcTimer rpcStarted(String method) {
        String methodName = CsiMethods.fullName(method);
        long started = System.nanoTime();
        rpcInFlight.labelValues(methodName).inc();
        return (backend, code) -> {
            rpcInFlight.labelValues(methodName).dec();
            rpcSeconds.labelValues(methodName, backend, code).observe((System.nanoTime() - started) / 1e9);
        };
    }

    @Override
    public AwsCallObserver awsCalls(String backend) {
        return call -> recordAwsCall(backend, call);
    }

    private void recordAwsCall(String backend, AwsCall call) {
        awsSeconds.labelValues(backend, call.service(), call.action()).observe(call.duration().toNanos() / 1e9);
        if (call.retries() > 0) {
            awsRetries.labelValues(backend, call.service(), call.action()).inc(call.retries());
        }
        if (call.throttledAttempts() > 0) {
            awsThrottles.labelValues(backend, call.service(), call.action()).inc(call.throttledAttempts());
        }
        call.errorCode().ifPresent(error -> awsErrors.labelValues(backend, call.service(), call.action(), error).inc());
    }

    @Override
    public BackendMetrics backendGauges(String backend) {
        return (name, help, value) -> registerBackendGauge(backend, name, help, value);
    }

    private void registerBackendGauge(String backend, String name, String help, DoubleSupplier value) {
        if (!GAUGE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("gauge name '" + name + "' of backend '" + backend
                    + "': use lower case words joined by underscores, e.g. node_attachment_slots_used");
        }
        Map<String, DoubleSupplier> byBackend = backendGauges.computeIfAbsent(name, n -> {
            Map<String, DoubleSupplier> suppliers = new ConcurrentHashMap<>();
            GaugeWithCallback.builder().name("polycsi_" + n).help(help).labelNames("backend")
                    .callback(callback -> suppliers.forEach((b, supplier) -> callback.call(read(n, b, supplier), b)))
                    .register(registry);
            return suppliers;
        });
        backendGaugeHelp.putIfAbsent(name, help);
        byBackend.put(backend, value);
    }

    /** A gauge a backend cannot read now is NaN: one failing backend must not fail the whole scrape. */
    private static double read(String name, String backend, DoubleSupplier supplier) {
        try {
            return supplier.getAsDouble();
        } catch (RuntimeException e) {
            LOG.debug("gauge {} of backend '{}' could not be read: {}", name, backend, e.toString());
            return Double.NaN;
        }
    }

    @Override
    public Mounter measuredMounter(String backend, Mounter mounter) {
        return new MeasuredMounter(mounter, (operation, succeeded, nanos) -> {
            mountOperations.labelValues(backend, operation, succeeded ? "success" : "failure").inc();
            mountSeconds.labelValues(backend, operation).observe(nanos / 1e9);
        });
    }

    @Override
    public void longOperationEnded(String backend, String kind, LongOperationOutcome outcome, Duration took) {
        longOperationsEnded.labelValues(backend, kind, outcome.name().toLowerCase(Locale.ROOT)).inc();
        if (outcome == LongOperationOutcome.SUCCEEDED) {
            longOperationSeconds.labelValues(backend, kind).observe(took.toNanos() / 1e9);
        }
    }

    @Override
    public void watchLongOperations(Supplier<Collection<RunningOperation>> running) {
        longOperationSources.add(running);
    }

    @Override
    public void watchPublishedVolumes(Supplier<Map<String, Integer>> byBackend) {
        publishedSources.add(byBackend);
    }

    private record Kind(String backend, String kind) {}

    private Map<Kind, List<Duration>> runningByKind() {
        Map<Kind, List<Duration>> byKind = new HashMap<>();
        for (Supplier<Collection<RunningOperation>> source : longOperationSources) {
            for (RunningOperation operation : source.get()) {
                byKind.computeIfAbsent(new Kind(operation.backend(), operation.kind()), k -> new java.util.ArrayList<>())
                        .add(operation.age());
            }
        }
        return byKind;
    }

    private Map<String, Integer> publishedByBackend() {
        Map<String, Integer> counts = new HashMap<>();
        for (Supplier<Map<String, Integer>> source : publishedSources) {
            source.get().forEach((backend, count) -> counts.merge(backend, count, Integer::sum));
        }
        return counts;
    }

    /** The metric families this registry serves, for tests that check dashboards and alerts against it. */
    public Set<String> familyNames() {
        Set<String> names = new java.util.TreeSet<>();
        registry.scrape().forEach(snapshot -> names.add(snapshot.getMetadata().getPrometheusName()));
        return names;
    }
}
