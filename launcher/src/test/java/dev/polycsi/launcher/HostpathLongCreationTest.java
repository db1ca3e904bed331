package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import csi.v1.ControllerGrpc;
import csi.v1.Csi;
import dev.polycsi.core.conformance.CsiClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operations that outlive one call, end to end: {@code polycsi all} with the hostpath plugin
 * and its option {@code creation-delay}, called over gRPC with a deadline shorter than the
 * creation, as csi-provisioner calls with its {@code --timeout}. What is asserted are counts
 * and states (how many volumes exist, how many creations started), never durations: a call
 * that comes back is ABORTED rather than DEADLINE_EXCEEDED because the driver answers before
 * the deadline, and a creation of 10 s cannot be seen done by fewer than three calls of 4 s.
 */
class HostpathLongCreationTest {

    private static final Duration CALL_DEADLINE = Duration.ofSeconds(4);
    /** Long enough that the first two calls surely run out of time, short enough for a test. */
    private static final String DELAY = "10s";
    private static final int MAX_CALLS = 60;
    /** What the core answers a call for a volume while another call for it runs. */
    private static final String BUSY = "is already in progress";

    @TempDir
    Path dir;

    @Test
    void aSlowCreationAnswersAbortedUntilItIsDoneAndMakesOneVolume() throws Exception {
        Path root = dir.resolve("hostpath");
        try (SubprocessDriver driver = start("driver", root, "hostpath.creation-delay=" + DELAY);
                CsiClient client = new CsiClient(driver.socket(), CALL_DEADLINE)) {
            List<StatusRuntimeException> failures = new ArrayList<>();
            Csi.Volume volume = createUntilOk(client, "pvc-slow", failures);

            assertTrue(failures.size() >= 2, "a 10 s creation answered after " + failures.size() + " calls of 4 s");
            for (StatusRuntimeException failure : failures) {
                assertAbortedWhileCreating(failure, "pvc-slow");
            }
            assertEquals(List.of(volume.getVolumeId()), listVolumes(client));
            assertEquals(List.of("READY"), states(root));
            assertEquals(1, creationsStarted(driver, "pvc-slow"), driver.diagnostics());
        }
    }

    @Test
    void aCreationOutlivesARestartOfTheDriverAndIsMadeOnce() throws Exception {
        Path root = dir.resolve("hostpath");
        String startedAt;
        StatusRuntimeException cut;
        SubprocessDriver first = start("first", root, "hostpath.creation-delay=" + DELAY);
        try (first; CsiClient client = new CsiClient(first.socket(), CALL_DEADLINE);
                CsiClient patient = new CsiClient(first.socket(), Duration.ofMinutes(2))) {
            assertAbortedWhileCreating(expectFailure(client, "pvc-restart"), "pvc-restart");
            assertEquals(List.of("CREATING"), states(root));
            startedAt = only(records(root)).getProperty("createdAt");

            // A call with a long deadline waits in the driver, holding the volume's name ...
            CompletableFuture<StatusRuntimeException> waiting = CompletableFuture.supplyAsync(() -> patientCall(patient, "pvc-restart"));
            awaitNameBusy(client, "pvc-restart");
            // ... until SIGTERM: the driver stops at once rather than draining it for its deadline.
            first.close();
            cut = waiting.get(1, TimeUnit.MINUTES);
        }
        assertEquals(Status.Code.UNAVAILABLE, cut.getStatus().getCode(), cut.getStatus().toString());
        assertTrue(cut.getStatus().getDescription().contains("shutting down"), cut.getStatus().getDescription());

        try (SubprocessDriver second = start("second", root, "hostpath.creation-delay=" + DELAY);
                CsiClient client = new CsiClient(second.socket(), CALL_DEADLINE)) {
            Csi.Volume volume = createUntilOk(client, "pvc-restart", new ArrayList<>());

            assertEquals(List.of(volume.getVolumeId()), listVolumes(client));
            assertEquals(List.of("READY"), states(root));
            assertEquals(startedAt, only(records(root)).getProperty("createdAt"), "the creation the first driver started");
            assertEquals(1, creationsStarted(first, "pvc-restart"), first.diagnostics());
            assertEquals(0, creationsStarted(second, "pvc-restart"), second.diagnostics());
        }
    }

    @Test
    void aFailedCreationIsReportedAndDeletedAndTheNextCallMakesAFreshVolume() throws Exception {
        Path root = dir.resolve("hostpath");
        try (SubprocessDriver driver = start("driver", root, "hostpath.creation-delay=1s", "hostpath.failing-creations=1");
                CsiClient client = new CsiClient(driver.socket(), CALL_DEADLINE)) {
            StatusRuntimeException failure = expectFailure(client, "pvc-fails");
            while (failure.getStatus().getCode() == Status.Code.ABORTED) {
                failure = expectFailure(client, "pvc-fails");
            }

            assertEquals(Status.Code.INTERNAL, failure.getStatus().getCode(), failure.getStatus().toString());
            assertTrue(failure.getStatus().getDescription().contains("creation of volume 'pvc-fails' failed: "
                    + "the creation failed on purpose (option 'failing-creations')"), failure.getStatus().getDescription());
            assertEquals(List.of(), records(root), "nothing of the failed volume is left");

            Csi.Volume volume = createUntilOk(client, "pvc-fails", new ArrayList<>());

            assertEquals(List.of(volume.getVolumeId()), listVolumes(client));
            assertEquals(List.of("READY"), states(root));
            assertEquals(2, creationsStarted(driver, "pvc-fails"), driver.diagnostics());
        }
    }

    // ---- helpers

    private SubprocessDriver start(String name, Path root, String... options) throws Exception {
        String pluginDir = System.getProperty("polycsi.test.pluginDir");
        assertNotNull(pluginDir, "system property polycsi.test.pluginDir is not set; run the test through Maven");
        Path workDir = Files.createDirectories(dir.resolve(name));
        List<String> arguments = new ArrayList<>(List.of("all", "--plugin-dir", pluginDir, "--backends", "hostpath",
                "--node-id", "long-node", "--backend-option", "hostpath.root=" + root));
        for (String option : options) {
            arguments.addAll(List.of("--backend-option", option));
        }
        return SubprocessDriver.start(workDir, Duration.ofSeconds(30), arguments);
    }

    private static Csi.CreateVolumeRequest request(String name) {
        return Csi.CreateVolumeRequest.newBuilder()
                .setName(name)
                .putParameters("backend", "hostpath")
                .addVolumeCapabilities(Csi.VolumeCapability.newBuilder()
                        .setMount(Csi.VolumeCapability.MountVolume.getDefaultInstance())
                        .setAccessMode(Csi.VolumeCapability.AccessMode.newBuilder()
                                .setMode(Csi.VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER)))
                .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(1L << 30))
                .build();
    }

    /** Calls CreateVolume as the provisioner does, retrying ABORTED, until it answers OK; the failures in {@code failures}. */
    private static Csi.Volume createUntilOk(CsiClient client, String name, List<StatusRuntimeException> failures) {
        for (int call = 0; call < MAX_CALLS; call++) {
            try {
                return client.controller().createVolume(request(name)).getVolume();
            } catch (StatusRuntimeException e) {
                assertEquals(Status.Code.ABORTED, e.getStatus().getCode(), e.getStatus().toString());
                failures.add(e);
            }
        }
        return fail("CreateVolume of " + name + " did not succeed in " + MAX_CALLS + " calls");
    }

    private static StatusRuntimeException expectFailure(CsiClient client, String name) {
        return expectFailure(client.controller(), name);
    }

    private static StatusRuntimeException expectFailure(ControllerGrpc.ControllerBlockingStub controller, String name) {
        try {
            Csi.Volume volume = controller.createVolume(request(name)).getVolume();
            return fail("CreateVolume of " + name + " answered OK at once: " + volume);
        } catch (StatusRuntimeException e) {
            return e;
        }
    }

    /** A CreateVolume that waits as long as its deadline allows; tried again if another call held the name. */
    private static StatusRuntimeException patientCall(CsiClient client, String name) {
        while (true) {
            StatusRuntimeException failure = expectFailure(client, name);
            if (!String.valueOf(failure.getStatus().getDescription()).contains(BUSY)) {
                return failure;
            }
        }
    }

    /** Returns once a CreateVolume for {@code name} is refused because another call for it is in the driver. */
    private static void awaitNameBusy(CsiClient client, String name) {
        for (int call = 0; call < MAX_CALLS; call++) {
            StatusRuntimeException failure = expectFailure(client.controller().withDeadlineAfter(1, TimeUnit.SECONDS), name);
            if (String.valueOf(failure.getStatus().getDescription()).contains(BUSY)) {
                return;
            }
        }
        fail("no call for " + name + " was ever found in progress");
    }

    private static void assertAbortedWhileCreating(StatusRuntimeException failure, String name) {
        assertEquals(Status.Code.ABORTED, failure.getStatus().getCode(), failure.getStatus().toString());
        String message = failure.getStatus().getDescription();
        assertTrue(message.matches("creation of volume '" + name + "' is CREATING after \\d+(\\.\\d)? s; .*"), message);
    }

    private static List<String> listVolumes(CsiClient client) {
        return client.controller().listVolumes(Csi.ListVolumesRequest.getDefaultInstance()).getEntriesList().stream()
                .map(entry -> entry.getVolume().getVolumeId())
                .toList();
    }

    /** The volume records in the hostpath store. */
    private static List<Properties> records(Path root) throws IOException {
        List<Properties> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(root.resolve("volumes"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".properties")).toList()) {
                Properties record = new Properties();
                try (Reader in = Files.newBufferedReader(file)) {
                    record.load(in);
                }
                records.add(record);
            }
        }
        return records;
    }

    private static List<String> states(Path root) throws IOException {
        return records(root).stream().map(record -> record.getProperty("state")).toList();
    }

    private static Properties only(List<Properties> records) {
        assertEquals(1, records.size(), () -> "records: " + records);
        return records.getFirst();
    }

    /** The core's waiter logs each start of the work: "hostpath/create:<name>: starting …". */
    private static long creationsStarted(SubprocessDriver driver, String name) throws IOException {
        try (Stream<String> lines = Files.lines(driver.log())) {
            return lines.filter(line -> line.contains("hostpath/create:" + name + ": starting ")).count();
        }
    }
}
