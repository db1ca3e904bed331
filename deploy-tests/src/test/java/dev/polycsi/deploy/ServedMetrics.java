package dev.polycsi.deploy;

import dev.polycsi.metrics.PrometheusMetrics;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The metric families polycsi serves on /metrics, which the dashboard, the alerts and the README
 * may name. {@link #served()} is what the driver serves, read from the driver itself: the
 * families its metrics registry holds (also those with no sample yet) and a running node's scrape
 * (the gauges backends register when they start). {@link #DOCUMENTED}, the README's table, must
 * equal it.
 */
final class ServedMetrics {

    enum Type { COUNTER, GAUGE, HISTOGRAM, SUMMARY, UNTYPED }

    /** A family as the README's table lists it; counters by their name with {@code _total}. */
    record Family(String name, Type type, List<String> labels) {
    }

    /** Every family polycsi serves, polycsi's own first and then the Java client's JvmMetrics. */
    static final List<Family> DOCUMENTED = List.of(
            // CSI calls, as the sidecars and the kubelet make them.
            family("polycsi_csi_operations_seconds", Type.HISTOGRAM, "method_name", "backend", "grpc_status_code"),
            family("polycsi_csi_operations_in_flight", Type.GAUGE, "method_name"),
            // AWS SDK calls, one per call with its retries.
            family("polycsi_aws_api_request_duration_seconds", Type.HISTOGRAM, "backend", "service", "request"),
            family("polycsi_aws_api_request_errors_total", Type.COUNTER, "backend", "service", "request", "error"),
            family("polycsi_aws_api_request_throttles_total", Type.COUNTER, "backend", "service", "request"),
            family("polycsi_aws_api_request_retries_total", Type.COUNTER, "backend", "service", "request"),
            // Operations that take minutes (FSx creations, expansions, modifications).
            family("polycsi_long_operations_in_progress", Type.GAUGE, "backend", "kind"),
            family("polycsi_long_operation_oldest_age_seconds", Type.GAUGE, "backend", "kind"),
            family("polycsi_long_operations_total", Type.COUNTER, "backend", "kind", "outcome"),
            family("polycsi_long_operation_duration_seconds", Type.HISTOGRAM, "backend", "kind"),
            // The node.
            family("polycsi_node_published_volumes", Type.GAUGE, "backend"),
            family("polycsi_node_mount_operations_total", Type.COUNTER, "backend", "operation", "outcome"),
            family("polycsi_node_mount_duration_seconds", Type.HISTOGRAM, "backend", "operation"),
            family("polycsi_node_attachment_slots_used", Type.GAUGE, "backend"),
            family("polycsi_node_attachment_slots_available", Type.GAUGE, "backend"),
            family("polycsi_build_info", Type.GAUGE, "version", "mode"),
            // Prometheus Java client 1.10, JvmMetrics: the families the dashboard and README use,
            // and their neighbours.
            family("jvm_memory_used_bytes", Type.GAUGE, "area"),
            family("jvm_memory_committed_bytes", Type.GAUGE, "area"),
            family("jvm_memory_max_bytes", Type.GAUGE, "area"),
            family("jvm_memory_pool_used_bytes", Type.GAUGE, "pool"),
            family("jvm_gc_collection_seconds", Type.SUMMARY, "gc"),
            family("jvm_threads_current", Type.GAUGE),
            family("jvm_threads_daemon", Type.GAUGE),
            family("jvm_threads_peak", Type.GAUGE),
            family("jvm_threads_state", Type.GAUGE, "state"),
            family("jvm_classes_currently_loaded", Type.GAUGE),
            family("process_cpu_seconds_total", Type.COUNTER),
            family("process_resident_memory_bytes", Type.GAUGE),
            family("process_virtual_memory_bytes", Type.GAUGE),
            family("process_open_fds", Type.GAUGE),
            family("process_start_time_seconds", Type.GAUGE));

    /** Labels every scraped series may carry besides its own: Prometheus's and the ServiceMonitors'. */
    static final Set<String> TARGET_LABELS = Set.of("instance", "job", "namespace", "pod", "service", "container", "endpoint", "node");

    private ServedMetrics() {
    }

    private static Map<String, Type> served;

    /** The families the driver serves, by name and type (counters with their {@code _total}); read once. */
    static synchronized Map<String, Type> served() {
        if (served == null) {
            Map<String, Type> families = new LinkedHashMap<>(registered());
            families.putAll(parseExposition(LiveNode.scrape()));
            served = Map.copyOf(families);
        }
        return served;
    }

    /** The families of the driver's registry as the endpoint would name them, samples or not. */
    static Map<String, Type> registered() {
        Map<String, Type> families = new LinkedHashMap<>();
        for (MetricSnapshot snapshot : new PrometheusMetrics("test", "all").registry().scrape()) {
            String name = snapshot.getMetadata().getPrometheusName();
            switch (snapshot) {
                case CounterSnapshot counter -> families.put(name + "_total", Type.COUNTER);
                case GaugeSnapshot gauge -> families.put(name, Type.GAUGE);
                case HistogramSnapshot histogram -> families.put(name, Type.HISTOGRAM);
                case SummarySnapshot summary -> families.put(name, Type.SUMMARY);
                case InfoSnapshot info -> families.put(name + "_info", Type.GAUGE);
                case StateSetSnapshot stateSet -> families.put(name, Type.GAUGE);
                default -> families.put(name, Type.UNTYPED);
            }
        }
        return families;
    }

    static Map<String, Family> documentedByName() {
        return DOCUMENTED.stream().collect(Collectors.toMap(Family::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    }

    /**
     * The names a query may use for these families' samples: a counter's {@code _total}, a
     * histogram's {@code _bucket}, {@code _sum} and {@code _count}, a summary's own name (its
     * quantiles) with {@code _sum} and {@code _count}, a gauge's own name. A family of unknown type
     * allows all of them. Counters may be named with or without {@code _total}, as the two
     * exposition formats name them.
     */
    static Set<String> sampleNames(Map<String, Type> families) {
        Set<String> names = new LinkedHashSet<>();
        families.forEach((name, type) -> {
            String base = name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
            switch (type) {
                case COUNTER -> names.addAll(List.of(base + "_total", base + "_created"));
                case GAUGE -> names.add(name);
                case HISTOGRAM -> names.addAll(List.of(name + "_bucket", name + "_sum", name + "_count", name + "_created"));
                case SUMMARY -> names.addAll(List.of(name, name + "_sum", name + "_count", name + "_created"));
                case UNTYPED -> {
                    names.addAll(List.of(name, base + "_total"));
                    for (String suffix : List.of("_bucket", "_sum", "_count", "_created")) {
                        names.add(name + suffix);
                    }
                }
            }
        });
        return names;
    }

    /** Families known by name only (a list of names, no types): any sample suffix is allowed. */
    static Map<String, Type> untyped(Set<String> names) {
        Map<String, Type> families = new LinkedHashMap<>();
        names.forEach(name -> families.put(name, Type.UNTYPED));
        return families;
    }

    private static final Pattern TYPE_LINE = Pattern.compile("^#\\s*TYPE\\s+([a-zA-Z_:][a-zA-Z0-9_:]*)\\s+(\\w+)\\s*$");
    private static final Pattern SAMPLE_LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{\\s]");

    /**
     * The families of a scrape in the Prometheus text format or OpenMetrics, from their TYPE
     * lines; samples of no declared family count as untyped families of their own name.
     */
    static Map<String, Type> parseExposition(String text) {
        Map<String, Type> families = new LinkedHashMap<>();
        List<String> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher type = TYPE_LINE.matcher(line.strip());
            if (type.matches()) {
                String name = type.group(1);
                switch (type.group(2)) {
                    case "counter" -> families.put(name, Type.COUNTER);
                    case "gauge", "stateset" -> families.put(name, Type.GAUGE);
                    case "histogram" -> families.put(name, Type.HISTOGRAM);
                    case "summary" -> families.put(name, Type.SUMMARY);
                    // OpenMetrics names an info family without the suffix its sample carries.
                    case "info" -> families.put(name + "_info", Type.GAUGE);
                    default -> families.put(name, Type.UNTYPED);
                }
                continue;
            }
            Matcher sample = SAMPLE_LINE.matcher(line);
            if (!line.startsWith("#") && sample.find()) {
                samples.add(sample.group(1));
            }
        }
        Set<String> declared = sampleNames(families);
        samples.stream().filter(s -> !declared.contains(s)).forEach(s -> families.putIfAbsent(s, Type.UNTYPED));
        return families;
    }

    private static Family family(String name, Type type, String... labels) {
        return new Family(name, type, Arrays.asList(labels));
    }
}
