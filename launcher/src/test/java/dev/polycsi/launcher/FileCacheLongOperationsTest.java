package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import csi.v1.Csi;
import dev.polycsi.core.conformance.CsiClient;
import dev.polycsi.core.conformance.Mounts;
import io.grpc.StatusRuntimeException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.fsx.FSxClient;
import software.amazon.awssdk.services.fsx.model.FileCache;
import software.amazon.awssdk.services.fsx.model.Tag;

/**
 * Amazon File Cache creations that outlive one CSI call, end to end: {@code polycsi all} against a
 * separate {@code polycsi simulator} process (FSx keeps going while the controller restarts),
 * called over gRPC with deadlines shorter than the work, as csi-provisioner calls. What is
 * asserted is what FSx holds afterwards, read with the SDK's own FSxClient, and the simulator's
 * call counters, never durations. And a driver serving FSx for Lustre beside File Cache, which
 * advertises expansion for the first, refuses it for a cache volume naming why.
 */
class FileCacheLongOperationsTest {

    private static final Duration CALL_DEADLINE = Duration.ofSeconds(4);
    private static final int MAX_CALLS = 60;
    private static final String SUBNET = "subnet-0123456789abcdef0";
    private static final Pattern COUNTER = Pattern.compile("\"fsx\\.%s\":\\{\"calls\":(\\d+),\"errors\":(\\d+),\"throttled\":(\\d+)}");

    @TempDir
    Path dir;

    private Process simulator;
    private URI endpoint;
    private FSxClient fsx;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startSimulator() throws Exception {
        simulator = new ProcessBuilder(SimulateModeTest.java("simulator", "--port", "0", "--simulator-data", dir.resolve("data").toString()))
                .redirectError(dir.resolve("simulator.log").toFile()).start();
        endpoint = URI.create(new BufferedReader(new InputStreamReader(simulator.getInputStream(), StandardCharsets.UTF_8)).readLine());
        fsx = FSxClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterEach
    void stopSimulator() throws Exception {
        fsx.close();
        simulator.destroy();
        boolean exited = simulator.waitFor(30, TimeUnit.SECONDS);
        Mounts.unmountAllUnder(dir);
        assertTrue(exited && simulator.exitValue() == 0, "the simulator stops cleanly on SIGTERM");
    }

    @Test
    void aCreationLongerThanTheDeadlineSurvivesARestartAndAForgottenTokenAndMakesOneCache() throws Exception {
        knobs("delay.fsx.cache.available=12s", "tokens.fsx.ttl=1s");
        try (SubprocessDriver first = driver("first", "filecache"); CsiClient client = new CsiClient(first.socket(), CALL_DEADLINE)) {
            assertCreating(expectFailure(client, "pvc-restart"), "pvc-restart");
        }
        assertEquals(1, caches().size(), "the first driver started one creation");

        try (SubprocessDriver second = driver("second", "filecache"); CsiClient client = new CsiClient(second.socket(), CALL_DEADLINE)) {
            List<StatusRuntimeException> failures = new ArrayList<>();
            Csi.Volume volume = createUntilOk(client, "pvc-restart", failures);

            assertEquals(1, counter("CreateFileCache")[0], "the second driver found the first's cache by its tag");
            assertEquals(1, counter("ListTagsForResource")[0], "the second driver read the cache's tags once, however often it polled");
            assertTrue(!failures.isEmpty(), "12 s of creation were over after one call of 4 s");
            List<FileCache> caches = caches();
            assertEquals(1, caches.size(), caches::toString);
            assertEquals("filecache:" + caches.getFirst().fileCacheId(), volume.getVolumeId());
            assertEquals("pvc-restart", tag(caches.getFirst(), "CSIVolumeName"));
        }
    }

    @Test
    void aFailedCreationIsReportedWithFsxsMessageLeavesNothingAndTheNextCallStartsAfresh() throws Exception {
        String message = "FSx cannot reach the S3 bucket training-data in us-east-1.";
        knobs("delay.fsx.cache.available=2s", "fail.fsx.cache.create=" + message);
        try (SubprocessDriver driver = driver("driver", "filecache"); CsiClient client = new CsiClient(driver.socket(), CALL_DEADLINE)) {
            StatusRuntimeException failure = expectFailure(client, "pvc-fails");
            for (int call = 0; failure.getStatus().getCode() == io.grpc.Status.Code.ABORTED && call < MAX_CALLS; call++) {
                failure = expectFailure(client, "pvc-fails");
            }
            assertEquals(io.grpc.Status.Code.INTERNAL, failure.getStatus().getCode(), failure.getStatus().toString());
            assertTrue(failure.getStatus().getDescription().contains(message), failure.getStatus().getDescription());
            assertEquals(List.of(), caches(), "the FAILED cache is deleted");
            assertEquals(1, counter("DeleteFileCache")[0]);

            post("knobs/reset", "");
            Csi.Volume volume = createUntilOk(client, "pvc-fails", new ArrayList<>());
            assertEquals(List.of(volume.getVolumeId()), caches().stream().map(cache -> "filecache:" + cache.fileCacheId()).toList());
            assertEquals(2, counter("CreateFileCache")[0], "the failed one and its replacement, with the next token");
        }
    }

    /** FSx answers ThrottlingException under load; the SDK's retries and the driver's waits get every volume made, once. */
    @Test
    void throttlingIsSurvivedWithOneCachePerVolume() throws Exception {
        knobs("throttle.fsx.*=2/2", "delay.fsx.cache.available=3s");
        try (SubprocessDriver driver = driver("driver", "filecache"); CsiClient client = new CsiClient(driver.socket(), Duration.ofSeconds(20));
                ExecutorService provisioner = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Csi.Volume>> creations = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String name = "pvc-busy-" + i;
                creations.add(CompletableFuture.supplyAsync(() -> createUntilOk(client, name, new ArrayList<>()), provisioner));
            }
            List<String> ids = creations.stream().map(CompletableFuture::join).map(Csi.Volume::getVolumeId).sorted().toList();

            post("knobs/reset", "");
            assertEquals(ids, caches().stream().map(cache -> "filecache:" + cache.fileCacheId()).sorted().toList());
            long throttled = counter("CreateFileCache")[2] + counter("DescribeFileCaches")[2] + counter("ListTagsForResource")[2];
            assertTrue(throttled > 0, "FSx throttled nothing; the test did not test throttling");
        }
    }

    /**
     * With FSx for Lustre beside it the driver advertises EXPAND_VOLUME, so csi-resizer calls
     * ControllerExpandVolume for a cache volume too: it is refused as UNIMPLEMENTED (final for
     * csi-resizer, which marks the resize infeasible rather than retrying) naming the volume, the
     * backend and that a cache cannot grow, and FSx is not asked.
     */
    @Test
    void expandingACacheVolumeBesideFsxForLustreIsRefusedSayingACacheCannotGrow() throws Exception {
        try (SubprocessDriver driver = driver("driver", "fsx-lustre,filecache"); CsiClient client = new CsiClient(driver.socket(), CALL_DEADLINE)) {
            assertTrue(client.controller().controllerGetCapabilities(Csi.ControllerGetCapabilitiesRequest.getDefaultInstance())
                    .getCapabilitiesList().stream()
                    .anyMatch(c -> c.getRpc().getType() == Csi.ControllerServiceCapability.RPC.Type.EXPAND_VOLUME),
                    "FSx for Lustre's volumes grow");
            Csi.Volume volume = createUntilOk(client, "pvc-cache", new ArrayList<>());

            StatusRuntimeException refused = null;
            try {
                client.controller().controllerExpandVolume(Csi.ControllerExpandVolumeRequest.newBuilder()
                        .setVolumeId(volume.getVolumeId())
                        .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(2400L << 30))
                        .build());
                fail("ControllerExpandVolume of a cache volume succeeded");
            } catch (StatusRuntimeException e) {
                refused = e;
            }
            assertEquals(io.grpc.Status.Code.UNIMPLEMENTED, refused.getStatus().getCode(), refused.getStatus().toString());
            String description = refused.getStatus().getDescription();
            assertTrue(description.contains(volume.getVolumeId()) && description.contains("'filecache'") && description.contains("EXPAND_VOLUME")
                    && description.contains("a cache cannot grow"), description);
            assertEquals(1200, caches().getFirst().storageCapacity());
            assertFalse(counter("UpdateFileCache")[0] > 0, "FSx was asked to change the cache");
        }
    }

    // ---- helpers

    private SubprocessDriver driver(String name, String backends) throws Exception {
        Path workDir = Files.createDirectories(dir.resolve(name));
        List<String> arguments = new ArrayList<>(List.of("all",
                "--simulate", "--simulator-url", endpoint.toString(),
                "--backends", backends));
        for (String backend : backends.split(",")) {
            arguments.addAll(List.of("--backend-option", backend + ".first-poll-seconds=1"));
        }
        return SubprocessDriver.start(workDir, Duration.ofSeconds(60), arguments);
    }

    private static Csi.CreateVolumeRequest request(String name) {
        return Csi.CreateVolumeRequest.newBuilder()
                .setName(name)
                .putParameters("backend", "filecache")
                .putParameters("subnetId", SUBNET)
                .putParameters("dataRepositoryAssociations", "FileCachePath=/ns1/,DataRepositoryPath=s3://training-data/set1/")
                .addVolumeCapabilities(Csi.VolumeCapability.newBuilder()
                        .setMount(Csi.VolumeCapability.MountVolume.getDefaultInstance())
                        .setAccessMode(Csi.VolumeCapability.AccessMode.newBuilder()
                                .setMode(Csi.VolumeCapability.AccessMode.Mode.MULTI_NODE_MULTI_WRITER)))
                .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(1L << 30))
                .build();
    }

    /** CreateVolume as the provisioner calls it, retrying ABORTED (and the busy name of a parallel call), until it answers OK. */
    private static Csi.Volume createUntilOk(CsiClient client, String name, List<StatusRuntimeException> failures) {
        for (int call = 0; call < MAX_CALLS; call++) {
            try {
                return client.controller().createVolume(request(name)).getVolume();
            } catch (StatusRuntimeException e) {
                assertEquals(io.grpc.Status.Code.ABORTED, e.getStatus().getCode(), e.getStatus().toString());
                failures.add(e);
            }
        }
        return fail("CreateVolume of " + name + " did not succeed in " + MAX_CALLS + " calls");
    }

    private static StatusRuntimeException expectFailure(CsiClient client, String name) {
        try {
            return fail("CreateVolume of " + name + " answered OK at once: " + client.controller().createVolume(request(name)).getVolume());
        } catch (StatusRuntimeException e) {
            return e;
        }
    }

    private static void assertCreating(StatusRuntimeException failure, String name) {
        assertEquals(io.grpc.Status.Code.ABORTED, failure.getStatus().getCode(), failure.getStatus().toString());
        assertTrue(failure.getStatus().getDescription().contains(name) && failure.getStatus().getDescription().contains("CREATING"),
                failure.getStatus().getDescription());
    }

    private List<FileCache> caches() {
        return fsx.describeFileCachesPaginator(b -> {}).stream().flatMap(page -> page.fileCaches().stream()).toList();
    }

    /** DescribeFileCaches shows no tags: ListTagsForResource does. */
    private String tag(FileCache cache, String key) {
        return fsx.listTagsForResource(r -> r.resourceARN(cache.resourceARN())).tags().stream().filter(tag -> tag.key().equals(key))
                .map(Tag::value).findFirst().orElse(null);
    }

    private void knobs(String... lines) throws Exception {
        post("knobs", String.join("\n", lines) + "\n");
    }

    private void post(String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/_polycsi/" + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }

    /** The simulator's calls, errors and throttled answers of one FSx action. */
    private long[] counter(String action) throws Exception {
        String counters = http.send(HttpRequest.newBuilder(endpoint.resolve("/_polycsi/counters")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher matcher = Pattern.compile(COUNTER.pattern().formatted(action)).matcher(counters);
        if (!matcher.find()) {
            return new long[3];
        }
        return new long[] {Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)), Long.parseLong(matcher.group(3))};
    }
}
