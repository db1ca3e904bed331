package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.polycsi.core.conformance.CsiClient;
import dev.polycsi.core.conformance.CsiConformanceSuite;
import dev.polycsi.core.conformance.DriverUnderTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The CSI conformance suite against {@code polycsi all} with the hostpath example plugin, run as
 * a separate process on a unix socket, as in a cluster. The plugin directory is the one Maven
 * prepares ({@code polycsi.test.pluginDir}); the hostpath JAR is not on the test class path, so
 * the driver finds it only as a plugin. Node tests bind-mount, so they run only as root.
 */
class HostpathConformanceTest extends CsiConformanceSuite {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final int LOG_TAIL_LINES = 200;

    @Override
    protected DriverUnderTest startDriver(Path workDir) throws Exception {
        String pluginDir = System.getProperty("polycsi.test.pluginDir");
        assertNotNull(pluginDir, "system property polycsi.test.pluginDir is not set; run the test through Maven");
        Path socket = workDir.resolve("csi.sock");
        Path log = workDir.resolve("driver.log");
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                "dev.polycsi.launcher.Main",
                "all",
                "--endpoint", "unix://" + socket,
                "--plugin-dir", pluginDir,
                "--backends", "hostpath",
                "--node-id", "conformance-node",
                "--backend-option", "hostpath.root=" + workDir.resolve("hostpath"),
                "--log-level", "debug");
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        process.getOutputStream().close();
        SubprocessDriver driver = new SubprocessDriver(process, socket, log);
        try (CsiClient client = new CsiClient(socket)) {
            client.waitUntilReady(READY_TIMEOUT, process::isAlive);
        } catch (IllegalStateException | InterruptedException e) {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            String exit = process.isAlive() ? "still running" : "exit code " + process.exitValue();
            throw new IllegalStateException("polycsi did not become ready (" + exit + "): " + e.getMessage()
                    + "\ncommand: " + String.join(" ", command)
                    + "\n--- tail of " + log + " ---\n" + driver.diagnostics(), e);
        }
        return driver;
    }

    @Override
    protected Map<String, String> storageClassParameters() {
        return Map.of("backend", "hostpath");
    }

    @Override
    protected boolean needsRoot() {
        return true;
    }

    /** {@code polycsi all} as a child process with its output in a log file. */
    private record SubprocessDriver(Process process, Path socket, Path log) implements DriverUnderTest {

        @Override
        public String diagnostics() {
            return tail(log, LOG_TAIL_LINES);
        }

        /** SIGTERM, then the driver must drain and exit with 0 within {@link #STOP_TIMEOUT}. */
        @Override
        public void close() throws Exception {
            if (!process.isAlive()) {
                assertEquals(0, process.exitValue(), () -> "polycsi exited early with " + process.exitValue()
                        + "\n--- tail of " + log + " ---\n" + diagnostics());
                return;
            }
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                throw new AssertionError("polycsi did not stop within " + STOP_TIMEOUT + " of SIGTERM"
                        + "\n--- tail of " + log + " ---\n" + diagnostics());
            }
            assertEquals(0, process.exitValue(), () -> "polycsi exited with " + process.exitValue() + " on SIGTERM"
                    + "\n--- tail of " + log + " ---\n" + diagnostics());
        }
    }

    private static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no log file " + file + ")";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
