package dev.polycsi.launcher.client;

import static dev.polycsi.launcher.client.ClientRun.client;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import csi.v1.Csi;
import dev.polycsi.core.conformance.CsiClient;
import dev.polycsi.core.conformance.HostRequirements;
import dev.polycsi.core.conformance.Mounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client against the real driver: {@code polycsi all} with the hostpath plugin runs as a
 * child process, as HostpathConformanceTest starts it, and the client runs in this JVM through
 * {@code Main.commandLine()}, as a user would type it.
 */
class ClientEndToEndTest {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final String NODE_ID = "client-node";

    private static Path work;
    private static Path log;
    private static Process driver;
    private static String endpoint;

    @BeforeAll
    static void startDriver() throws Exception {
        String pluginDir = System.getProperty("polycsi.test.pluginDir");
        assertNotNull(pluginDir, "system property polycsi.test.pluginDir is not set; run the test through Maven");
        work = Files.createTempDirectory("polycsi-client-");
        Path socket = work.resolve("csi.sock");
        endpoint = "unix://" + socket;
        log = work.resolve("driver.log");
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        driver = new ProcessBuilder(List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                "dev.polycsi.launcher.Main",
                "all",
                "--endpoint", endpoint,
                "--plugin-dir", pluginDir,
                "--backends", "hostpath",
                "--backend-option", "hostpath.root=" + work.resolve("hp"),
                "--node-id", NODE_ID))
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        driver.getOutputStream().close();
        try (CsiClient csi = new CsiClient(socket)) {
            csi.waitUntilReady(READY_TIMEOUT, driver::isAlive);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "\n--- driver log ---\n" + driverLog(), e);
        }
    }

    /** SIGTERM; the driver must drain and exit 0. Then no mount may be left under the work directory. */
    @AfterAll
    static void stopDriver() throws Exception {
        List<String> problems = new ArrayList<>();
        try {
            if (driver != null) {
                driver.destroy();
                if (!driver.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    driver.destroyForcibly();
                    driver.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    problems.add("the driver did not stop within " + STOP_TIMEOUT + " of SIGTERM");
                } else if (driver.exitValue() != 0) {
                    problems.add("the driver exited with " + driver.exitValue() + " on SIGTERM");
                }
            }
        } finally {
            if (work != null) {
                problems.addAll(Mounts.unmountAllUnder(work));
                if (!problems.isEmpty()) {
                    problems.add("--- driver log ---\n" + driverLog());
                }
                Mounts.deleteTree(work);
            }
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    /** Runs the client against the driver; a run that should succeed must, with its output shown if not. */
    private static ClientRun ok(String... args) {
        List<String> all = new ArrayList<>(List.of("--endpoint", endpoint));
        all.addAll(List.of(args));
        ClientRun run = client(all.toArray(String[]::new));
        assertEquals(0, run.exitCode(), () -> "polycsi client " + String.join(" ", all) + "\n" + run + "--- driver log ---\n" + driverLog());
        return run;
    }

    @Test
    void probeSaysReady() {
        assertEquals("ready\n", ok("identity", "probe").out().replace("\r\n", "\n"));
        assertTrue(ok("identity", "info").out().startsWith("aws.polycsi.dev  "));
    }

    @Test
    void takesAVolumeThroughPublishStatsUnpublishAndDelete() throws Exception {
        HostRequirements.assumeRoot("bind-mounts the volume");
        HostRequirements.assumeTools(HostRequirements.MOUNT_TOOLS);
        Path target = Files.createDirectories(work.resolve("pods/pod-1")).resolve("volume");
        String id = null;
        try {
            ClientRun create = ok("controller", "create", "pvc-life", "--param", "backend=hostpath", "--size", "64Mi");
            id = create.firstWord();
            assertTrue(id.startsWith("hostpath:"), create::toString);
            assertTrue(create.out().contains("67108864 bytes") && create.out().contains("topology: {"), create::toString);

            ClientRun publish = ok("node", "publish", id, "--target-path", target.toString(), "--cap", "rwo,mount");
            assertEquals(id + "  published at " + target, publish.out().strip());
            assertTrue(Mounts.isMountPoint(target), "the target is a mount point");
            Files.writeString(target.resolve("hello.txt"), "written through the mount");

            ClientRun stats = ok("node", "stats", id, "--volume-path", target.toString());
            List<String> lines = stats.out().lines().toList();
            assertEquals(id + "  " + target, lines.getFirst(), stats::toString);
            assertTrue(lines.stream().anyMatch(line -> line.matches("  bytes +total 67108864 +used \\d+ +available \\d+")), stats::toString);
            assertTrue(lines.contains("  condition: normal"), stats::toString);

            ok("node", "unpublish", id, "--target-path", target.toString());
            assertFalse(Mounts.isMountPoint(target), "unpublished");

            assertTrue(ok("controller", "list").out().contains(id));
            assertEquals(id + "  deleted", ok("controller", "delete", id).out().strip());
            id = null;
        } finally {
            Mounts.unmountAllUnder(target.getParent());
            if (id != null) {
                client("--endpoint", endpoint, "controller", "delete", id);
            }
        }
    }

    @Test
    void anUnknownVolumeIsNotFoundWithExitCode1() {
        ClientRun run = client("--endpoint", endpoint, "node", "stats", "hostpath:hp-0000000000000000",
                "--volume-path", work.toString());
        assertEquals(1, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("error: NOT_FOUND: "), run::toString);
        assertEquals("", run.out(), run::toString);
    }

    @Test
    void jsonOutputIsTheResponseMessage() throws Exception {
        ClientRun create = ok("-o", "json", "controller", "create", "pvc-json", "--param", "backend=hostpath", "--size", "1Mi");
        Csi.CreateVolumeResponse.Builder response = Csi.CreateVolumeResponse.newBuilder();
        JsonFormat.parser().merge(create.out(), response);
        String id = response.getVolume().getVolumeId();
        try {
            assertTrue(id.startsWith("hostpath:"), create::toString);
            assertTrue(create.out().contains("\"volumeId\": \"" + id + "\""), create::toString);
            assertEquals(1L << 20, response.getVolume().getCapacityBytes());
        } finally {
            ok("controller", "delete", id, "--output", "json");
        }
    }

    private static String driverLog() {
        try {
            return log != null && Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}
