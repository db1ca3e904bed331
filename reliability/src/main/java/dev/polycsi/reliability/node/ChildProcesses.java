package dev.polycsi.reliability.node;

import dev.polycsi.core.conformance.CsiClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The processes of a node campaign: {@code polycsi <mode>} as JVMs of their own on this class
 * path, as the launcher's tests start them. Nothing they do leaves loopback: instance metadata
 * is off for the SDK, and the simulator binds 127.0.0.1.
 */
final class ChildProcesses {

    private ChildProcesses() {
    }

    /** {@code java … dev.polycsi.launcher.Main <arguments>}: the JVM itself is the child, so that a kill reaches it. */
    static ProcessBuilder polycsi(List<String> arguments) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "dev.polycsi.launcher.Main"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(key -> key.startsWith("AWS_"));
        builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        return builder;
    }

    /** A separate {@code polycsi simulator} keeping its AWS state in {@code dir/state}, its data in {@code dir/data}. */
    record Simulator(Process process, URI endpoint, Path data, Path state) {

        static Simulator start(Path dir) throws IOException {
            Path data = Files.createDirectories(dir.resolve("data"));
            Path state = Files.createDirectories(dir.resolve("state"));
            Process process = polycsi(List.of("simulator", "--port", "0", "--simulator-data", data.toString(),
                    "--simulator-state", state.toString()))
                    .redirectError(dir.resolve("simulator.log").toFile()).start();
            process.getOutputStream().close();
            String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                process.destroyForcibly();
                throw new IOException("the simulator printed no endpoint; see " + dir.resolve("simulator.log"));
            }
            return new Simulator(process, URI.create(line.strip()), data, state);
        }

        /** SIGTERM; true when it exited cleanly. */
        boolean stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                return false;
            }
            return process.exitValue() == 0;
        }
    }

    /**
     * One {@code polycsi controller} or {@code node} serving on {@code dir/csi.sock}; its log goes to
     * {@code dir/driver.log}, appended across restarts.
     */
    static final class Driver {
        private final Path dir;
        private final List<String> arguments;
        private final Path socket;
        private final Path log;
        private volatile Process process;

        Driver(Path dir, List<String> arguments) throws IOException {
            this.dir = Files.createDirectories(dir);
            this.arguments = List.copyOf(arguments);
            this.socket = dir.resolve("csi.sock");
            this.log = dir.resolve("driver.log");
        }

        Path socket() {
            return socket;
        }

        Path log() {
            return log;
        }

        Process process() {
            return process;
        }

        /** Starts it and waits until Probe says ready; returns how long that took. */
        Duration start(Duration readyTimeout) throws Exception {
            long started = System.nanoTime();
            List<String> all = new ArrayList<>(arguments);
            all.addAll(List.of("--endpoint", "unix://" + socket, "--log-level", "debug"));
            Process child = polycsi(all).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            child.getOutputStream().close();
            process = child;
            try (CsiClient probe = new CsiClient(socket, Duration.ofSeconds(5))) {
                probe.waitUntilReady(readyTimeout, child::isAlive);
            } catch (IllegalStateException e) {
                throw new IllegalStateException("polycsi " + arguments.getFirst() + " did not become ready: " + e.getMessage()
                        + "; see " + log, e);
            }
            return Duration.ofNanos(System.nanoTime() - started);
        }

        /**
         * SIGKILL to the JVM and, when {@code withChildren}, to the commands it was running (as a
         * container runtime does when the container's main process dies); else those go on as orphans.
         */
        void kill(boolean withChildren) throws InterruptedException {
            Process child = process;
            if (child == null) {
                return;
            }
            List<ProcessHandle> descendants = withChildren ? child.descendants().toList() : List.of();
            child.destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("polycsi did not die of SIGKILL within 30 s");
            }
        }

        /** SIGTERM; true when it exited cleanly. */
        boolean stop() throws InterruptedException {
            Process child = process;
            if (child == null || !child.isAlive()) {
                return child == null || child.exitValue() == 0;
            }
            child.destroy();
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
                return false;
            }
            return child.exitValue() == 0;
        }
    }
}
