package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import software.amazon.awssdk.services.fsx.model.AdministrativeActionType;
import software.amazon.awssdk.services.fsx.model.FileSystem;
import software.amazon.awssdk.services.fsx.model.FileSystemType;
import software.amazon.awssdk.services.fsx.model.Status;

/**
 * FSx for Lustre operations that outlive one CSI call, end to end: {@code polycsi all} against
 * a separate {@code polycsi simulator} process (FSx keeps going while the controller restarts),
 * called over gRPC with deadlines shorter than the work, as csi-provisioner and csi-resizer call.
 * What is asserted is what FSx holds afterwards, read with the SDK's own FSxClient, and the
 * simulator's call counters, never durations.
 */
class LustreLongOperationsTest {

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
    void aCreationLongerThanTheDeadlineSurvivesARestartAndAForgottenTokenAndMakesOneFileSystem() throws Exception {
        knobs("delay.fsx.filesystem.available=12s", "tokens.fsx.ttl=1s");
        try (SubprocessDriver first = driver("first"); CsiClient client = new CsiClient(first.socket(), CALL_DEADLINE)) {
            assertCreating(expectFailure(client, "pvc-restart"), "pvc-restart");
        }
        assertEquals(1, fileSystems().size(), "the first driver started one creation");

        try (SubprocessDriver second = driver("second"); CsiClient client = new CsiClient(second.socket(), CALL_DEADLINE)) {
            Csi.Volume volume = createUntilOk(client, "pvc-restart", new ArrayList<>());

            List<FileSystem> fileSystems = fileSystems();
            assertEquals(1, fileSystems.size(), fileSystems::toString);
            assertEquals("fsx-lustre:" + fileSystems.getFirst().fileSystemId(), volume.getVolumeId());
            assertEquals("pvc-restart", tag(fileSystems.getFirst(), "CSIVolumeName"));
            assertEquals(1, counter("CreateFileSystem")[0], "the second driver found the first's file system by its tag");
        }
    }

    @Test
    void aFailedCreationIsReportedWithFsxsMessageLeavesNothingAndTheNextCallStartsAfresh() throws Exception {
        String message = "There is not enough capacity in the subnet's Availability Zone.";
        knobs("delay.fsx.filesystem.available=2s", "fail.fsx.filesystem.create=" + message);
        try (SubprocessDriver driver = driver("driver"); CsiClient client = new CsiClient(driver.socket(), CALL_DEADLINE)) {
            StatusRuntimeException failure = expectFailure(client, "pvc-fails");
            for (int call = 0; failure.getStatus().getCode() == io.grpc.Status.Code.ABORTED && call < MAX_CALLS; call++) {
                failure = expectFailure(client, "pvc-fails");
            }
            assertEquals(io.grpc.Status.Code.INTERNAL, failure.getStatus().getCode(), failure.getStatus().toString());
            assertTrue(failure.getStatus().getDescription().contains(message), failure.getStatus().getDescription());
            assertEquals(List.of(), fileSystems(), "the FAILED file system is deleted");

            post("knobs/reset", "");
            Csi.Volume volume = createUntilOk(client, "pvc-fails", new ArrayList<>());
            assertEquals(List.of(volume.getVolumeId()), fileSystems().stream().map(fs -> "fsx-lustre:" + fs.fileSystemId()).toList());
        }
    }

    /** csi-resizer's calls: ABORTED while FSx adds servers, then the rounded size once it rebalances (UPDATED_OPTIMIZING). */
    @Test
    void anExpansionLongerThanTheDeadlineEndsAtTheRoundedSizeWithOneUpdate() throws Exception {
        try (SubprocessDriver driver = driver("driver"); CsiClient client = new CsiClient(driver.socket(), CALL_DEADLINE)) {
            Csi.Volume volume = createUntilOk(client, "pvc-grow", new ArrayList<>());
            assertEquals(1200L << 30, volume.getCapacityBytes());
            knobs("delay.fsx.filesystem.pending=2s", "delay.fsx.filesystem.updating=6s", "delay.fsx.filesystem.optimizing=1h");

            Csi.ControllerExpandVolumeRequest expand = Csi.ControllerExpandVolumeRequest.newBuilder()
                    .setVolumeId(volume.getVolumeId())
                    .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(1300L << 30))
                    .build();
            int aborted = 0;
            Csi.ControllerExpandVolumeResponse expanded = null;
            for (int call = 0; expanded == null && call < MAX_CALLS; call++) {
                try {
                    expanded = client.controller().controllerExpandVolume(expand);
                } catch (StatusRuntimeException e) {
                    assertEquals(io.grpc.Status.Code.ABORTED, e.getStatus().getCode(), e.getStatus().toString());
                    aborted++;
                }
            }
            assertTrue(expanded != null, "ControllerExpandVolume did not succeed in " + MAX_CALLS + " calls");
            assertEquals(2400L << 30, expanded.getCapacityBytes(), "PERSISTENT_2 grows in steps of 2400 GiB");
            assertTrue(aborted >= 1, "8 s of update were over after one call of 4 s");
            FileSystem fileSystem = fileSystems().getFirst();
            assertEquals(2400, fileSystem.storageCapacity());
            assertTrue(fileSystem.administrativeActions().stream().anyMatch(action ->
                    action.administrativeActionType() == AdministrativeActionType.STORAGE_OPTIMIZATION
                            && action.status() == Status.IN_PROGRESS), fileSystem.administrativeActions()::toString);
            assertEquals(1, counter("UpdateFileSystem")[0], "one UpdateFileSystem, however many calls");
        }
    }

    /** FSx answers ThrottlingException under load; the SDK's retries and the driver's waits get every volume made, once. */
    @Test
    void throttlingIsSurvivedWithOneFileSystemPerVolume() throws Exception {
        knobs("throttle.fsx.*=2/2", "delay.fsx.filesystem.available=3s");
        try (SubprocessDriver driver = driver("driver"); CsiClient client = new CsiClient(driver.socket(), Duration.ofSeconds(20));
                ExecutorService provisioner = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Csi.Volume>> creations = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String name = "pvc-busy-" + i;
                creations.add(CompletableFuture.supplyAsync(() -> createUntilOk(client, name, new ArrayList<>()), provisioner));
            }
            List<String> ids = creations.stream().map(CompletableFuture::join).map(Csi.Volume::getVolumeId).sorted().toList();

            post("knobs/reset", "");
            assertEquals(ids, fileSystems().stream().map(fs -> "fsx-lustre:" + fs.fileSystemId()).sorted().toList());
            long throttled = counter("CreateFileSystem")[2] + counter("DescribeFileSystems")[2];
            assertTrue(throttled > 0, "FSx throttled nothing; the test did not test throttling");
        }
    }

    // ---- helpers

    private SubprocessDriver driver(String name) throws Exception {
        Path workDir = Files.createDirectories(dir.resolve(name));
        return SubprocessDriver.start(workDir, Duration.ofSeconds(60), List.of("all",
                "--simulate", "--simulator-url", endpoint.toString(),
                "--backends", "fsx-lustre",
                "--backend-option", "fsx-lustre.first-poll-seconds=1"));
    }

    private static Csi.CreateVolumeRequest request(String name) {
        return Csi.CreateVolumeRequest.newBuilder()
                .setName(name)
                .putParameters("backend", "fsx-lustre")
                .putParameters("subnetId", SUBNET)
                .putParameters("deploymentType", "PERSISTENT_2")
                .putParameters("perUnitStorageThroughput", "125")
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

    private List<FileSystem> fileSystems() {
        // the simulator's seeded FSx for ONTAP file system is no volume's
        return fsx.describeFileSystemsPaginator(b -> {}).stream().flatMap(page -> page.fileSystems().stream())
                .filter(fs -> fs.fileSystemType() == FileSystemType.LUSTRE).toList();
    }

    private static String tag(FileSystem fileSystem, String key) {
        return fileSystem.tags().stream().filter(tag -> tag.key().equals(key)).map(tag -> tag.value()).findFirst().orElse(null);
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
