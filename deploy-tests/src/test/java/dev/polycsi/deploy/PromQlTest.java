package dev.polycsi.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The name checker of MonitoringTest finds what it must, and nothing in strings, ranges or label lists. */
class PromQlTest {

    private static final Map<String, ServedMetrics.Type> SERVED = Map.of(
            "polycsi_csi_operations_seconds", ServedMetrics.Type.HISTOGRAM,
            "polycsi_aws_api_request_errors_total", ServedMetrics.Type.COUNTER,
            "polycsi_node_published_volumes", ServedMetrics.Type.GAUGE,
            "jvm_gc_collection_seconds", ServedMetrics.Type.SUMMARY);

    @Test
    void findsMetricNamesOutsideStringsRangesAndLabelLists() {
        String expr = """
                histogram_quantile(0.99, sum by (le, method_name) (rate(polycsi_csi_operations_seconds_bucket{
                    backend=~"$backend", method_name="/csi.v1.Node/NodeGetVolumeStats", x='polycsi_in_a_string'}[$__rate_interval])))
                  / on (instance) group_left (process_label) sum without (jvm_gc) (jvm_gc_collection_seconds_count offset 5m) # polycsi_comment
                  > 1e3 * process_cpu_seconds_total
                """;
        assertEquals(List.of("polycsi_csi_operations_seconds_bucket", "jvm_gc_collection_seconds_count", "process_cpu_seconds_total"),
                List.copyOf(PromQl.metricNames(expr)));
        assertEquals(Set.of("le", "method_name", "backend", "x", "instance", "process_label", "jvm_gc"), PromQl.labelNames(expr));
    }

    @Test
    void samplesMustFitTheirFamilysType() {
        String valid = "rate(polycsi_csi_operations_seconds_count[5m]) + rate(polycsi_csi_operations_seconds_sum[5m])"
                + " + polycsi_csi_operations_seconds_bucket + rate(polycsi_aws_api_request_errors_total[5m])"
                + " + polycsi_node_published_volumes + jvm_gc_collection_seconds + jvm_gc_collection_seconds_sum";
        assertEquals(Set.of(), PromQl.unknownMetrics(valid, SERVED));
        // A histogram has no series of its own name, a gauge no _total, a counter needs its _total.
        assertEquals(Set.of("polycsi_csi_operations_seconds"), PromQl.unknownMetrics("rate(polycsi_csi_operations_seconds[5m])", SERVED));
        assertEquals(Set.of("polycsi_node_published_volumes_total"), PromQl.unknownMetrics("polycsi_node_published_volumes_total", SERVED));
        assertEquals(Set.of("polycsi_aws_api_request_errors"), PromQl.unknownMetrics("polycsi_aws_api_request_errors", SERVED));
        assertEquals(Set.of("polycsi_csi_operation_seconds_count"), PromQl.unknownMetrics("polycsi_csi_operation_seconds_count", SERVED));
        assertEquals(Set.of("polycsi_node_published_volumes_bucket"), PromQl.unknownMetrics("polycsi_node_published_volumes_bucket", SERVED));
    }

    @Test
    void namesWithoutTypesAllowEverySuffix() {
        Set<String> names = Set.of("polycsi_csi_operations_seconds", "polycsi_aws_api_request_errors");
        assertEquals(Set.of(), PromQl.unknownMetrics("polycsi_csi_operations_seconds_bucket + polycsi_aws_api_request_errors_total", names));
        assertEquals(Set.of("polycsi_nope"), PromQl.unknownMetrics("polycsi_nope", names));
    }

    @Test
    void readsTheFamiliesOfAScrape() {
        // As the Java client writes the text format: a counter's TYPE line carries _total.
        String scrape = """
                # HELP polycsi_aws_api_request_errors_total AWS calls that failed.
                # TYPE polycsi_aws_api_request_errors_total counter
                polycsi_aws_api_request_errors_total{backend="ebs",error="Timeout",request="AttachVolume",service="EC2"} 1.0
                # TYPE polycsi_csi_operations_seconds histogram
                polycsi_csi_operations_seconds_bucket{le="+Inf",method_name="/csi.v1.Identity/Probe"} 3
                # TYPE polycsi_build info
                polycsi_build_info{mode="node",version="0.1.0"} 1
                jvm_threads_current 21.0
                """;
        Map<String, ServedMetrics.Type> families = ServedMetrics.parseExposition(scrape);
        assertEquals(Map.of("polycsi_aws_api_request_errors_total", ServedMetrics.Type.COUNTER,
                "polycsi_csi_operations_seconds", ServedMetrics.Type.HISTOGRAM,
                "polycsi_build_info", ServedMetrics.Type.GAUGE,
                "jvm_threads_current", ServedMetrics.Type.UNTYPED), families);
        assertEquals(Set.of(), PromQl.unknownMetrics("rate(polycsi_aws_api_request_errors_total[1m]) + polycsi_build_info"
                + " + polycsi_csi_operations_seconds_count + jvm_threads_current", families));
        // OpenMetrics names the counter's family without _total; its samples are the same.
        assertEquals(Set.of(), PromQl.unknownMetrics("polycsi_aws_api_request_errors_total",
                ServedMetrics.parseExposition("# TYPE polycsi_aws_api_request_errors counter\n")));
    }

    @Test
    void labelsMustBeTheFamilysOwn() {
        Map<String, ServedMetrics.Family> documented = ServedMetrics.documentedByName();
        assertEquals(Set.of(), PromQl.unknownLabels(
                "histogram_quantile(0.9, sum by (le, method_name, backend) (rate(polycsi_csi_operations_seconds_bucket{instance=~\"a\"}[5m])))",
                documented));
        assertEquals(Set.of("method"), PromQl.unknownLabels("sum by (method) (polycsi_csi_operations_in_flight)", documented));
        assertEquals(Set.of("le"), PromQl.unknownLabels("sum by (le) (polycsi_node_published_volumes)", documented));
    }

    @Test
    void anUnterminatedStringIsAnError() {
        assertThrows(AssertionError.class, () -> PromQl.metricNames("polycsi_build_info{mode=\"node}"));
    }
}
