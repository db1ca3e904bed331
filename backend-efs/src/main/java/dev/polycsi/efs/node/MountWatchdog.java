package dev.polycsi.efs.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Keeps {@code amazon-efs-mount-watchdog} running beside the node, as aws-efs-csi-driver does: it
 * restarts the TLS tunnels of EFS mounts when they die (for example after the node pod was
 * restarted, which otherwise leaves those mounts hanging until their pods restart) and renews
 * the tunnels' certificates. It is restarted whenever it exits. Without the program (a node
 * image without amazon-efs-utils, or the simulator) there is nothing to keep running.
 */
final class MountWatchdog implements AutoCloseable {

    static final String PROGRAM = "amazon-efs-mount-watchdog";
    private static final Logger LOG = LogManager.getLogger(MountWatchdog.class);

    private final Path program;
    private final Duration restartDelay;
    private final Thread supervisor;
    private volatile boolean closed;
    private volatile Process current;

    private MountWatchdog(Path program, Duration restartDelay) {
        this.program = program;
        this.restartDelay = restartDelay;
        this.supervisor = Thread.ofVirtual().name("efs-mount-watchdog").unstarted(this::superviseUntilClosed);
    }

    /** Starts the watchdog found in {@code searchPath} (the directories of PATH); empty if it is not installed. */
    static Optional<MountWatchdog> start(List<Path> searchPath, Duration restartDelay) {
        Optional<Path> found = searchPath.stream().map(dir -> dir.resolve(PROGRAM)).filter(Files::isExecutable).findFirst();
        if (found.isEmpty()) {
            LOG.info("{} is not installed; EFS TLS tunnels will not be restarted if they die", PROGRAM);
            return Optional.empty();
        }
        MountWatchdog watchdog = new MountWatchdog(found.get(), restartDelay);
        watchdog.supervisor.start();
        return Optional.of(watchdog);
    }

    /** The directories of the PATH environment variable. */
    static List<Path> systemPath() {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        return java.util.Arrays.stream(path.split(java.io.File.pathSeparator)).filter(s -> !s.isEmpty()).map(Path::of).toList();
    }

    private void superviseUntilClosed() {
        while (!closed) {
            try {
                Process process = new ProcessBuilder(List.of(program.toString())).redirectErrorStream(true).start();
                current = process;
                LOG.info("started {} (pid {})", program, process.pid());
                logOutput(process);
                int exit = process.waitFor();
                if (!closed) {
                    LOG.warn("{} exited with {}; restarting it in {} ms", program, exit, restartDelay.toMillis());
                }
            } catch (IOException e) {
                LOG.warn("cannot start {}: {}; trying again in {} ms", program, e.getMessage(), restartDelay.toMillis());
            } catch (InterruptedException e) {
                return; // closing
            }
            try {
                Thread.sleep(restartDelay);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void logOutput(Process process) {
        Thread.ofVirtual().name("efs-mount-watchdog-output").start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(line -> LOG.debug("{}: {}", PROGRAM, line));
            } catch (IOException | UncheckedIOException e) {
                // the process is gone
            }
        });
    }

    /** Whether the watchdog process is running now. */
    boolean running() {
        Process process = current;
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        closed = true;
        supervisor.interrupt();
        Process process = current;
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
