package dev.polycsi.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.core.telemetry.DriverMetrics;
import dev.polycsi.core.telemetry.DriverMetrics.LongOperationOutcome;
import dev.polycsi.core.telemetry.DriverMetrics.RunningOperation;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.metrics.AwsCall;
import dev.polycsi.spi.metrics.BackendMetrics;
import dev.polycsi.spi.mount.FilesystemStats;
import dev.polycsi.spi.mount.MountPoint;
import dev.polycsi.spi.mount.Mounter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the endpoint serves after the driver has reported to it, read back over HTTP as Prometheus would. */
class PrometheusMetricsTest {

    private PrometheusMetrics metrics;
    private MetricsEndpoint endpoint;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        metrics = new PrometheusMetrics("1.2.3", "controller");
        endpoint = MetricsEndpoint.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), metrics);
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    private Scrape scrape() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + endpoint.address().getPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), "the text format by default");
        return Scrape.parse(response.body());
    }

    @Test
    void csiCallsAreCountedByFullMethodBackendAndCodeAndInFlightWhileServed() throws Exception {
        DriverMetrics.RpcTimer first = metrics.rpcStarted("CreateVolume");
        DriverMetrics.RpcTimer second = metrics.rpcStarted("CreateVolume");
        Map<String, String> createVolume = Map.of("method_name", "/csi.v1.Controller/CreateVolume");
        assertEquals(2, scrape().value("polycsi_csi_operations_in_flight", createVolume));
        first.ended("ebs", "OK");
        second.ended("fsx-lustre", "ABORTED");
        metrics.rpcStarted("NodePublishVolume").ended("efs", "OK");

        Scrape scrape = scrape();
        assertEquals(0, scrape.value("polycsi_csi_operations_in_flight", createVolume));
        assertEquals(1, scrape.value("polycsi_csi_operations_seconds_count",
                Map.of("method_name", "/csi.v1.Controller/CreateVolume", "backend", "ebs", "grpc_status_code", "OK")));
        assertEquals(1, scrape.value("polycsi_csi_operations_seconds_count",
                Map.of("method_name", "/csi.v1.Controller/CreateVolume", "backend", "fsx-lustre", "grpc_status_code", "ABORTED")));
        assertEquals(1, scrape.value("polycsi_csi_operations_seconds_count", Map.of("method_name", "/csi.v1.Node/NodePublishVolume")));
        assertEquals(1, scrape.value("polycsi_csi_operations_seconds_bucket",
                Map.of("backend", "ebs", "grpc_status_code", "OK", "le", "+Inf")));
    }

    @Test
    void awsCallsGiveDurationsRetriesThrottlesAndErrorsByCode() throws Exception {
        var ebs = metrics.awsCalls("ebs");
        ebs.completed(new AwsCall("EC2", "CreateVolume", Duration.ofMillis(30), 1, 0, Optional.empty()));
        ebs.completed(new AwsCall("EC2", "CreateVolume", Duration.ofMillis(900), 3, 2, Optional.empty()));
        ebs.completed(new AwsCall("EC2", "AttachVolume", Duration.ofMillis(20), 1, 0, Optional.of("InvalidInstanceID.NotFound")));
        metrics.awsCalls("fsx-lustre").completed(new AwsCall("FSx", "CreateFileSystem", Duration.ofSeconds(2), 4, 4,
                Optional.of("ThrottlingException")));

        Scrape scrape = scrape();
        Map<String, String> createVolume = Map.of("backend", "ebs", "service", "EC2", "request", "CreateVolume");
        assertEquals(2, scrape.value("polycsi_aws_api_request_duration_seconds_count", createVolume));
        assertEquals(0.93, scrape.value("polycsi_aws_api_request_duration_seconds_sum", createVolume), 1e-9);
        assertEquals(1, scrape.value("polycsi_aws_api_request_duration_seconds_bucket", Map.of("request", "CreateVolume", "le", "0.05")));
        assertEquals(2, scrape.value("polycsi_aws_api_request_retries_total", createVolume));
        assertEquals(2, scrape.value("polycsi_aws_api_request_throttles_total", createVolume));
        assertEquals(0, scrape.value("polycsi_aws_api_request_errors_total", createVolume));
        assertEquals(1, scrape.value("polycsi_aws_api_request_errors_total",
                Map.of("request", "AttachVolume", "error", "InvalidInstanceID.NotFound")));
        assertEquals(4, scrape.value("polycsi_aws_api_request_throttles_total", Map.of("backend", "fsx-lustre", "service", "FSx")));
        assertEquals(1, scrape.value("polycsi_aws_api_request_errors_total", Map.of("backend", "fsx-lustre", "error", "ThrottlingException")));
    }

    @Test
    void longOperationsShowWhatRunsTheOldestAndHowTheyEnded() throws Exception {
        List<RunningOperation> running = List.of(
                new RunningOperation("fsx-lustre", "create", Duration.ofMinutes(12)),
                new RunningOperation("fsx-lustre", "create", Duration.ofMinutes(3)),
                new RunningOperation("fsx-ontap", "expand", Duration.ofSeconds(40)));
        metrics.watchLongOperations(() -> running);
        metrics.longOperationEnded("fsx-lustre", "create", LongOperationOutcome.SUCCEEDED, Duration.ofMinutes(9));
        metrics.longOperationEnded("fsx-lustre", "create", LongOperationOutcome.FAILED, Duration.ofMinutes(2));
        metrics.longOperationEnded("filecache", "create", LongOperationOutcome.ABANDONED, Duration.ofMinutes(10));

        Scrape scrape = scrape();
        Map<String, String> lustreCreate = Map.of("backend", "fsx-lustre", "kind", "create");
        assertEquals(2, scrape.value("polycsi_long_operations_in_progress", lustreCreate));
        assertEquals(720, scrape.value("polycsi_long_operation_oldest_age_seconds", lustreCreate), 1e-6);
        assertEquals(1, scrape.value("polycsi_long_operations_in_progress", Map.of("backend", "fsx-ontap", "kind", "expand")));
        assertEquals(1, scrape.value("polycsi_long_operations_total", Map.of("backend", "fsx-lustre", "outcome", "succeeded")));
        assertEquals(1, scrape.value("polycsi_long_operations_total", Map.of("backend", "fsx-lustre", "outcome", "failed")));
        assertEquals(1, scrape.value("polycsi_long_operations_total", Map.of("backend", "filecache", "outcome", "abandoned")));
        assertEquals(1, scrape.value("polycsi_long_operation_duration_seconds_count", lustreCreate), "only the succeeded one is timed");
        assertEquals(540, scrape.value("polycsi_long_operation_duration_seconds_sum", lustreCreate), 1e-6);
    }

    @Test
    void backendGaugesAreOneFamilyPerNameWithASeriesPerBackendAndAFailingOneIsNaN() throws Exception {
        BackendMetrics ebs = metrics.backendGauges("ebs");
        BackendMetrics other = metrics.backendGauges("other-block");
        ebs.gauge("node_attachment_slots_used", "slots used", () -> 3);
        other.gauge("node_attachment_slots_used", "slots used", () -> 5);
        ebs.gauge("node_attachment_slots_available", "slots left", () -> {
            throw new IllegalStateException("cannot list the devices");
        });
        assertThrows(IllegalArgumentException.class, () -> ebs.gauge("Slots-Used", "bad name", () -> 1));

        Scrape scrape = scrape();
        assertEquals(3, scrape.value("polycsi_node_attachment_slots_used", Map.of("backend", "ebs")));
        assertEquals(5, scrape.value("polycsi_node_attachment_slots_used", Map.of("backend", "other-block")));
        assertTrue(Double.isNaN(scrape.value("polycsi_node_attachment_slots_available", Map.of("backend", "ebs"))));
        assertTrue(scrape.has("polycsi_build_info", Map.of("version", "1.2.3", "mode", "controller")));
    }

    @Test
    void mountOperationsAreCountedByOutcomeAndTheFailureReachesTheCaller() throws Exception {
        Mounter failing = new FakeMounter();
        Mounter measured = metrics.measuredMounter("efs", failing);
        measured.mount("fs-1.efs.us-east-1.amazonaws.com:/", Path.of("/tmp/a"), "nfs4", List.of());
        CsiException thrown = assertThrows(CsiException.class, () -> measured.unmount(Path.of("/tmp/a")));
        assertEquals("unmount failed", thrown.getMessage());
        assertEquals(Optional.empty(), measured.findMount(Path.of("/tmp/a")));

        Scrape scrape = scrape();
        assertEquals(1, scrape.value("polycsi_node_mount_operations_total", Map.of("backend", "efs", "operation", "mount", "outcome", "success")));
        assertEquals(1, scrape.value("polycsi_node_mount_operations_total", Map.of("backend", "efs", "operation", "unmount", "outcome", "failure")));
        assertEquals(2, scrape.value("polycsi_node_mount_duration_seconds_count", Map.of("backend", "efs")));
        assertFalse(scrape.has("polycsi_node_mount_operations_total", Map.of("operation", "find_mount")), "look-ups are not counted");
    }

    @Test
    void publishedVolumesAreSummedOverSources() throws Exception {
        metrics.watchPublishedVolumes(() -> Map.of("ebs", 2, "efs", 1));
        Scrape scrape = scrape();
        assertEquals(2, scrape.value("polycsi_node_published_volumes", Map.of("backend", "ebs")));
        assertEquals(1, scrape.value("polycsi_node_published_volumes", Map.of("backend", "efs")));
    }

    @Test
    void theJvmIsMeasuredToo() throws Exception {
        Scrape scrape = scrape();
        assertTrue(scrape.value("jvm_memory_used_bytes", Map.of("area", "heap")) > 0);
        assertTrue(scrape.value("jvm_threads_current", Map.of()) > 0);
        assertTrue(scrape.families().contains("jvm_gc_collection_seconds"), scrape.families().toString());
        assertTrue(scrape.families().contains("process_cpu_seconds_total"), scrape.families().toString());
    }

    @Test
    void closingFreesThePort() throws Exception {
        int port = endpoint.address().getPort();
        endpoint.close();
        assertThrows(ConnectException.class, () -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()));
        endpoint = MetricsEndpoint.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), metrics);
        assertEquals(port, endpoint.address().getPort());
    }

    @Test
    void aPortInUseFailsNamingTheAddress() {
        InetSocketAddress taken = new InetSocketAddress(InetAddress.getLoopbackAddress(), endpoint.address().getPort());
        var failure = assertThrows(java.io.UncheckedIOException.class, () -> MetricsEndpoint.start(taken, metrics));
        assertTrue(failure.getMessage().contains(String.valueOf(taken.getPort())), failure.getMessage());
        assertTrue(failure.getMessage().startsWith("cannot serve metrics on"), failure.getMessage());
    }

    /** Mounts succeed, unmounts fail, look-ups find nothing. */
    private static final class FakeMounter implements Mounter {
        @Override
        public void mount(String source, Path target, String fsType, List<String> options) {
        }

        @Override
        public void bindMount(Path source, Path target, boolean readOnly, List<String> options) {
        }

        @Override
        public void unmount(Path target) {
            throw CsiException.internal("unmount failed");
        }

        @Override
        public Optional<MountPoint> findMount(Path target) {
            return Optional.empty();
        }

        @Override
        public Optional<String> filesystemOn(Path device) {
            return Optional.empty();
        }

        @Override
        public void formatAndMount(Path device, Path target, String fsType, List<String> formatOptions, List<String> mountOptions) {
        }

        @Override
        public void resizeFilesystem(Path device, Path mountPath) {
        }

        @Override
        public FilesystemStats filesystemStats(Path path) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long blockDeviceSize(Path device) {
            return 0;
        }
    }
}
