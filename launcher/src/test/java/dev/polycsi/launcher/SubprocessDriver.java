package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polycsi.core.conformance.CsiClient;
import dev.polycsi.core.conformance.DriverUnderTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code polycsi <mode> …} as a child process on the test class path, its output in a log file,
 * as the conformance suites run it: like in a cluster, over a unix socket.
 */
record SubprocessDriver(Process process, Path socket, Path log) implements DriverUnderTest {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final int LOG_TAIL_LINES = 200;

    /** Starts {@code polycsi <arguments>} in {@code workDir}, serving on {@code workDir/csi.sock}, and waits until Probe says ready. */
    static SubprocessDriver start(Path workDir, Duration readyTimeout, List<String> arguments) throws Exception {
        Path socket = workDir.resolve("csi.sock");
        Path log = workDir.resolve("driver.log");
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "dev.polycsi.launcher.Main"));
        command.addAll(arguments);
        command.addAll(List.of("--endpoint", "unix://" + socket, "--log-level", "debug"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        Process process = builder.start();
        process.getOutputStream().close();
        SubprocessDriver driver = new SubprocessDriver(process, socket, log);
        try (CsiClient client = new CsiClient(socket)) {
            client.waitUntilReady(readyTimeout, process::isAlive);
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
