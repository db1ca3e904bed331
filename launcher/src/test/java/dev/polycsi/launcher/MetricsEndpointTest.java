package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import csi.v1.Csi;
import dev.polycsi.core.conformance.CsiClient;
import dev.polycsi.metrics.Scrape;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The metrics endpoint end to end: {@code polycsi} against a separate simulator, called over
 * gRPC as the sidecars call, scraped over HTTP as Prometheus scrapes. What the driver counts is
 * checked against what the simulator counted on its side of the wire.
 */
class MetricsEndpointTest extends FsxLongOperations {

    private static final Pattern SERVING = Pattern.compile("serving metrics on (http://\\S+/metrics)");
    /** The simulator's counters: {@code "ec2.CreateVolume":{"calls":N,"errors":N,"throttled":N,…}}. */
    private static final Pattern COUNTER = Pattern.compile("\"(\\w+)\\.(\\w+)\":\\{\"calls\":(\\d+),\"errors\":(\\d+),\"throttled\":(\\d+)");
    /** The simulator's service keys of the SDK clients' services, and the SDK's service ids. */
    private static final Map<String, String> SDK_SERVICES = Map.of("ec2", "EC2", "efs", "EFS", "fsx", "FSx");
    private static final String UNKNOWN_INSTANCE = "i-00000000000000000";

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    Map<String, String> parameters() {
        return Map.of("backend", "fsx-lustre", "subnetId", "subnet-0123456789abcdef0", "deploymentType", "PERSISTENT_2",
                "perUnitStorageThroughput", "125");
    }

    private SubprocessDriver driver(String name, List<String> arguments) throws Exception {
        List<String> all = new ArrayList<>(arguments);
        all.addAll(List.of("--simulate", "--simulator-url", simulator.endpoint().toString()));
        return SubprocessDriver.start(Files.createDirectories(dir.resolve(name)), Duration.ofSeconds(60), all);
    }

    @Test
    void withoutTheFlagTheDriverListensOnNoTcpPort() throws Exception {
        try (SubprocessDriver driver = driver("off", List.of("controller", "--backends", "ebs"))) {
            assertEquals(Set.of(), listeningTcpPorts(driver.process().pid()));
            assertFalse(Files.readString(driver.log()).contains("serving metrics"));
        }
    }

    /** The node's footprint: without the endpoint, not one class of the Prometheus client is loaded. */
    @Test
    void withoutTheFlagNoMetricsLibraryIsLoaded() throws Exception {
        Path work = Files.createDirectories(dir.resolve("classes"));
        Path classes = work.resolve("classes.log");
        List<String> command = new ArrayList<>(SimulateModeTest.java("node", "--simulate", "--simulator-url", simulator.endpoint().toString(),
                "--backends", "ebs,efs", "--endpoint", "unix://" + work.resolve("csi.sock")));
        command.add(1, "-Xlog:class+load=info:file=" + classes);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve("driver.log").toFile());
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        Process node = builder.start();
        try (CsiClient csi = new CsiClient(work.resolve("csi.sock"))) {
            csi.waitUntilReady(Duration.ofSeconds(60), node::isAlive);
            csi.node().nodeGetInfo(Csi.NodeGetInfoRequest.getDefaultInstance());
        } finally {
            node.destroy();
            node.waitFor();
        }
        String loaded = Files.readString(classes);
        assertTrue(loaded.contains("dev.polycsi.core.csi.NodeService"), "the class log covers the driver's classes");
        assertEquals(List.of(), loaded.lines().filter(line -> line.contains("io.prometheus") || line.contains("dev.polycsi.metrics."))
                .toList());
    }

    @Test
    void theEndpointListensWhereToldAndOnlyThere() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (SubprocessDriver driver = driver("on", List.of("controller", "--backends", "ebs", "--metrics-address", "127.0.0.1:" + port))) {
            assertEquals(Set.of("127.0.0.1:" + port), listeningTcpPorts(driver.process().pid()));
            assertEquals("http://127.0.0.1:" + port + "/metrics", metricsUrl(driver));
            Scrape scrape = scrape(metricsUrl(driver));
            assertTrue(scrape.has("polycsi_build_info", Map.of("mode", "controller")), scrape.text());
            assertTrue(scrape.value("jvm_memory_used_bytes", Map.of("area", "heap")) > 0);
        }
    }

    @Test
    void countersAgreeWithTheSimulatorsAndNoLabelNamesAVolume() throws Exception {
        // Few EC2 tokens: the parallel creations are throttled, and the SDK retries them.
        simulator.knobs("throttle.ec2.CreateVolume=1/2", "delay.fsx.filesystem.available=6s");
        try (SubprocessDriver driver = driver("workload", List.of("all", "--backends", "ebs,fsx-lustre",
                "--backend-option", "fsx-lustre.first-poll-seconds=1", "--metrics-address", "127.0.0.1:0", "--log-format", "json"));
                CsiClient csi = new CsiClient(driver.socket(), Duration.ofSeconds(60));
                CsiClient shortCalls = new CsiClient(driver.socket(), CALL_DEADLINE)) {
            String url = metricsUrl(driver);

            List<String> volumes = createEbsVolumes(csi, 6);
            StatusRuntimeException bad = expectFailure(() -> csi.controller().createVolume(ebsRequest("pvc-metrics-bad")
                    .toBuilder().putParameters("type", "gp9").build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
            StatusRuntimeException unknownNode = expectFailure(() -> csi.controller().controllerPublishVolume(
                    Csi.ControllerPublishVolumeRequest.newBuilder().setVolumeId(volumes.getFirst()).setNodeId(UNKNOWN_INSTANCE)
                            .setVolumeCapability(ebsRequest("x").getVolumeCapabilities(0)).build()));
            assertEquals(Status.Code.NOT_FOUND, unknownNode.getStatus().getCode());

            // A Lustre file system that outlives several calls: in progress while it is made.
            List<StatusRuntimeException> aborted = new ArrayList<>();
            assertCreating(expectFailure(shortCalls, "pvc-metrics-lustre"), "pvc-metrics-lustre");
            Scrape during = scrape(url);
            assertEquals(1, during.value("polycsi_long_operations_in_progress", Map.of("backend", "fsx-lustre", "kind", "create")));
            assertTrue(during.value("polycsi_long_operation_oldest_age_seconds", Map.of("backend", "fsx-lustre", "kind", "create")) > 0);
            Csi.Volume lustre = createUntilOk(shortCalls, "pvc-metrics-lustre", aborted);
            for (String volume : volumes) {
                csi.controller().deleteVolume(Csi.DeleteVolumeRequest.newBuilder().setVolumeId(volume).build());
            }

            Scrape scrape = scrape(url);
            Map<String, String> ebsCreate = Map.of("method_name", "/csi.v1.Controller/CreateVolume", "backend", "ebs");
            assertEquals(6, scrape.value("polycsi_csi_operations_seconds_count", with(ebsCreate, "grpc_status_code", "OK")));
            assertEquals(1, scrape.value("polycsi_csi_operations_seconds_count", with(ebsCreate, "grpc_status_code", "INVALID_ARGUMENT")));
            assertEquals(6, scrape.value("polycsi_csi_operations_seconds_count",
                    Map.of("method_name", "/csi.v1.Controller/DeleteVolume", "backend", "ebs", "grpc_status_code", "OK")));
            assertEquals(1, scrape.value("polycsi_csi_operations_seconds_count",
                    Map.of("method_name", "/csi.v1.Controller/ControllerPublishVolume", "grpc_status_code", "NOT_FOUND")));
            Map<String, String> lustreCreate = Map.of("method_name", "/csi.v1.Controller/CreateVolume", "backend", "fsx-lustre");
            assertEquals(1 + aborted.size(), scrape.value("polycsi_csi_operations_seconds_count", with(lustreCreate, "grpc_status_code", "ABORTED")));
            assertEquals(1, scrape.value("polycsi_csi_operations_seconds_count", with(lustreCreate, "grpc_status_code", "OK")));
            assertEquals(0, scrape.value("polycsi_csi_operations_in_flight", Map.of()));
            assertEquals(1, scrape.value("polycsi_long_operations_total", Map.of("backend", "fsx-lustre", "kind", "create", "outcome", "succeeded")));
            assertEquals(0, scrape.value("polycsi_long_operations_in_progress", Map.of("backend", "fsx-lustre")));

            // Every SDK call the simulator saw, by action: its attempts and throttled answers.
            Map<String, long[]> seen = simulatorCounters();
            assertTrue(seen.get("ec2.CreateVolume")[2] > 0, "the workload was throttled: " + seen.keySet());
            for (Map.Entry<String, long[]> action : seen.entrySet()) {
                String[] key = action.getKey().split("\\.");
                String service = SDK_SERVICES.get(key[0]);
                if (service == null) {
                    continue; // instance metadata and the simulator's own endpoints: not SDK calls
                }
                Map<String, String> labels = Map.of("service", service, "request", key[1]);
                double attempts = scrape.value("polycsi_aws_api_request_duration_seconds_count", labels)
                        + scrape.value("polycsi_aws_api_request_retries_total", labels);
                assertEquals(action.getValue()[0], attempts, 0.0, action.getKey() + ": attempts the simulator saw");
                assertEquals(action.getValue()[2], scrape.value("polycsi_aws_api_request_throttles_total", labels), 0.0,
                        action.getKey() + ": throttled answers");
            }
            assertEquals(seen.get("ec2.CreateVolume")[0], scrape.value("polycsi_aws_api_request_duration_seconds_count",
                    Map.of("backend", "ebs", "request", "CreateVolume")) + scrape.value("polycsi_aws_api_request_retries_total",
                    Map.of("backend", "ebs", "request", "CreateVolume")), 0.0);
            assertTrue(scrape.value("polycsi_aws_api_request_errors_total", Map.of("backend", "ebs", "error", "InvalidInstanceID.NotFound")) >= 1,
                    scrape.text());

            String ids = lustre.getVolumeId().substring(lustre.getVolumeId().indexOf(':') + 1);
            for (String id : Stream.concat(volumes.stream(), Stream.of(lustre.getVolumeId(), ids, "pvc-metrics")).toList()) {
                assertFalse(scrape.text().contains(id.replaceFirst("^ebs:", "")), "a label names " + id);
            }
            assertLogLinesCarryTheirVolume(driver.log(), volumes);
        }
    }

    /** Lines that name a volume carry its id (or, before CreateVolume has made it, its name) and the call's request id. */
    private static void assertLogLinesCarryTheirVolume(Path log, List<String> volumes) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(line -> line.startsWith("{")).toList();
        for (String volume : volumes) {
            String ec2Id = volume.substring(volume.indexOf(':') + 1);
            List<String> about = lines.stream().filter(line -> field(line, "message").contains(ec2Id)).toList();
            assertFalse(about.isEmpty(), "the log names " + ec2Id);
            for (String line : about) {
                assertTrue(volume.equals(field(line, "volume_id")) || field(line, "volume_name").startsWith("pvc-metrics-"),
                        "a line about " + volume + " without its volume: " + line);
                assertFalse(field(line, "request_id").isEmpty(), "a line without its request id: " + line);
            }
        }
        List<String> rpcLines = lines.stream().filter(line -> field(line, "log.logger").equals("dev.polycsi.rpc")).toList();
        assertFalse(rpcLines.isEmpty());
        Set<String> requestIds = new HashSet<>();
        rpcLines.forEach(line -> assertTrue(requestIds.add(field(line, "request_id")), "one line per call, each its own id: " + line));
    }

    /** A string field of a one-line JSON object, escapes left as they are; empty if it has none. */
    private static String field(String jsonLine, String name) {
        String key = "\"" + name + "\":\"";
        int start = jsonLine.indexOf(key);
        if (start < 0) {
            return "";
        }
        start += key.length();
        int end = start;
        while (jsonLine.charAt(end) != '"') {
            end += jsonLine.charAt(end) == '\\' ? 2 : 1;
        }
        return jsonLine.substring(start, end);
    }

    private List<String> createEbsVolumes(CsiClient csi, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Future<String>> created = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = "pvc-metrics-" + i;
                Callable<String> create = () -> untilOk(() -> csi.controller().createVolume(ebsRequest(name)).getVolume().getVolumeId());
                created.add(pool.submit(create));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> future : created) {
                ids.add(future.get());
            }
            return ids;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Csi.CreateVolumeRequest ebsRequest(String name) {
        return Csi.CreateVolumeRequest.newBuilder().setName(name)
                .putParameters("backend", "ebs")
                .addVolumeCapabilities(Csi.VolumeCapability.newBuilder()
                        .setMount(Csi.VolumeCapability.MountVolume.newBuilder().setFsType("ext4"))
                        .setAccessMode(Csi.VolumeCapability.AccessMode.newBuilder()
                                .setMode(Csi.VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER)))
                .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(1L << 30))
                .build();
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        Map<String, String> more = new java.util.HashMap<>(labels);
        more.put(key, value);
        return more;
    }

    private static String metricsUrl(SubprocessDriver driver) throws IOException {
        Matcher matcher = SERVING.matcher(Files.readString(driver.log()));
        assertTrue(matcher.find(), "the driver logs where it serves metrics");
        return matcher.group(1).replace("\\/", "/");
    }

    private Scrape scrape(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return Scrape.parse(response.body());
    }

    private Map<String, long[]> simulatorCounters() throws Exception {
        String json = http.send(HttpRequest.newBuilder(simulator.endpoint().resolve("/_polycsi/counters")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, long[]> counters = new java.util.TreeMap<>();
        Matcher matcher = COUNTER.matcher(json);
        while (matcher.find()) {
            counters.put(matcher.group(1) + "." + matcher.group(2), new long[] {
                    Long.parseLong(matcher.group(3)), Long.parseLong(matcher.group(4)), Long.parseLong(matcher.group(5))});
        }
        return counters;
    }

    /** The TCP addresses a process listens on, as {@code a.b.c.d:port}, from its sockets' inodes in /proc/net/tcp and tcp6. */
    static Set<String> listeningTcpPorts(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            });
        }
        Set<String> listening = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path).subList(1, Files.readAllLines(path).size())) {
                String[] columns = line.trim().split("\\s+");
                if (columns[3].equals("0A") && inodes.contains(columns[9])) { // 0A: LISTEN
                    listening.add(address(columns[1]));
                }
            }
        }
        return listening;
    }

    /**
     * {@code 0100007F:1F90} (little-endian IPv4) as {@code 127.0.0.1:8080}, an IPv4-mapped IPv6
     * address of tcp6 the same; other IPv6 addresses as their hex.
     */
    private static String address(String hex) {
        String[] parts = hex.split(":");
        int port = Integer.parseInt(parts[1], 16);
        if (parts[0].length() == 32 && parts[0].startsWith("0000000000000000FFFF0000")) {
            parts[0] = parts[0].substring(24);
        }
        if (parts[0].length() == 8) {
            long ip = Long.parseLong(parts[0], 16);
            return (ip & 0xff) + "." + (ip >> 8 & 0xff) + "." + (ip >> 16 & 0xff) + "." + (ip >> 24 & 0xff) + ":" + port;
        }
        return "[" + parts[0] + "]:" + port;
    }
}
