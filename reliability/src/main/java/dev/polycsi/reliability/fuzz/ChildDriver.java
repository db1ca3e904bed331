package dev.polycsi.reliability.fuzz;

import dev.polycsi.core.conformance.CsiClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code polycsi all --simulate} as a child process serving on a unix socket, in a mount namespace
 * of its own when the host allows it ({@code unshare --mount --propagation private}, root): a
 * hostile unpublish that names a mount point of the host then unmounts it only in the driver's
 * namespace, and the campaign reads that namespace's mount table from {@code /proc/<pid>/mountinfo}.
 */
final class ChildDriver implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path socket;
    private final Path log;
    private final boolean ownMountNamespace;

    private ChildDriver(Process process, Path socket, Path log, boolean ownMountNamespace) {
        this.process = process;
        this.socket = socket;
        this.log = log;
        this.ownMountNamespace = ownMountNamespace;
    }

    /** Starts the driver with every built-in backend, its simulator's data in {@code work/sim}, and waits for Probe. */
    static ChildDriver start(Path work, boolean unshare) throws Exception {
        Path socket = work.resolve("csi.sock");
        Path log = work.resolve("driver.log");
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>();
        if (unshare) {
            command.addAll(List.of("unshare", "--mount", "--propagation", "private"));
        }
        command.addAll(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "dev.polycsi.launcher.Main", "all", "--simulate",
                "--simulator-data", work.resolve("sim").toString(),
                "--endpoint", "unix://" + socket,
                // Bad requests are logged at info with the request; warn keeps the log to what matters.
                "--log-level", "warn",
                "--backend-option", "fsx-lustre.first-poll-seconds=1",
                "--backend-option", "filecache.first-poll-seconds=1",
                "--backend-option", "fsx-ontap.first-poll-seconds=1"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        Process process = builder.start();
        process.getOutputStream().close();
        ChildDriver driver = new ChildDriver(process, socket, log, unshare);
        try (CsiClient client = new CsiClient(socket)) {
            client.waitUntilReady(Duration.ofSeconds(120), process::isAlive);
        } catch (IllegalStateException | InterruptedException e) {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            throw new IllegalStateException("polycsi did not become ready: " + e.getMessage() + "\ncommand: "
                    + String.join(" ", command) + "\n--- tail of " + log + " ---\n" + driver.tail(60), e);
        }
        return driver;
    }

    /** Whether {@code unshare --mount} works here (root in a host or container that allows it). */
    static boolean canUnshare() {
        try {
            Process probe = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "true")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    Path socket() {
        return socket;
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    boolean ownMountNamespace() {
        return ownMountNamespace;
    }

    /** The mount table the driver sees. */
    Path mountinfo() {
        return Path.of("/proc", Long.toString(process.pid()), "mountinfo");
    }

    String tail(int lines) {
        try {
            if (!Files.exists(log)) {
                return "(no log)";
            }
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** SIGTERM; the exit code, or -1 when it had to be killed. */
    int stop() throws InterruptedException {
        if (!process.isAlive()) {
            return process.exitValue();
        }
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return -1;
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
