package dev.polycsi.reliability.controller;

import dev.polycsi.core.conformance.CsiClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One life of {@code polycsi controller} against the simulator, serving on {@code csi.sock},
 * its output appended to one log that all lives share.
 */
final class ControllerProcess {

    private final Process process;
    private final Path socket;

    private ControllerProcess(Process process, Path socket) {
        this.process = process;
        this.socket = socket;
    }

    /** Starts it; does not wait for it to be ready. */
    static ControllerProcess start(Path workDir, SimulatorProcess simulator, List<String> backends) throws IOException {
        Path socket = workDir.resolve("csi.sock");
        List<String> arguments = new ArrayList<>(List.of("controller",
                "--simulate", "--simulator-url", simulator.endpoint().toString(), "--simulator-data", simulator.dataDir().toString(),
                "--endpoint", "unix://" + socket, "--backends", String.join(",", backends)));
        // FSx work takes minutes on AWS; the simulator's takes seconds, so look after one.
        for (String backend : backends) {
            if (!backend.equals("ebs") && !backend.equals("efs")) {
                arguments.addAll(List.of("--backend-option", backend + ".first-poll-seconds=1"));
            }
        }
        ProcessBuilder builder = JavaCommand.loopbackOnly(new ProcessBuilder(JavaCommand.polycsi(JavaCommand.CONTROLLER_FLAGS, arguments))
                .directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("controller.log").toFile())));
        Process process = builder.start();
        process.getOutputStream().close();
        return new ControllerProcess(process, socket);
    }

    Path socket() {
        return socket;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until Probe answers ready; false if it died or took longer than {@code timeout}. */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        try (CsiClient client = new CsiClient(socket)) {
            client.waitUntilReady(timeout, process::isAlive);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** SIGKILL: no shutdown hook, no drain, no flush, as when a node dies or the OOM killer strikes. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("controller " + process.pid() + " survived SIGKILL for 30 s");
        }
    }

    /** SIGTERM at the end of a campaign. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
