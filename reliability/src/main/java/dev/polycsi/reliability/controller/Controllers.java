package dev.polycsi.reliability.controller;

import dev.polycsi.core.conformance.CsiClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The controller's successive lives and the sidecars' connection to the current one: each life
 * gets a client of its own, as a sidecar reconnects to the socket after its driver restarted.
 * Clients of earlier lives are closed a few lives later, so that calls still holding one fail as
 * UNAVAILABLE rather than being cut off in the middle.
 */
final class Controllers implements AutoCloseable {

    static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final int RETIRED_CLIENTS_KEPT = 3;

    private final Path workDir;
    private final SimulatorProcess simulator;
    private final List<String> backends;
    private final Duration callDeadline;
    private final Deque<CsiClient> retired = new ArrayDeque<>();
    private ControllerProcess current;
    private volatile CsiClient client;
    private int lives;

    Controllers(Path workDir, SimulatorProcess simulator, List<String> backends, Duration callDeadline) {
        this.workDir = workDir;
        this.simulator = simulator;
        this.backends = backends;
        this.callDeadline = callDeadline;
    }

    /** Starts a new life and waits until it is ready; the sidecars switch to it. */
    synchronized void start() throws IOException, InterruptedException {
        current = spawn();
        awaitReady();
    }

    /** Starts a new life without waiting: a kill may come before it is ready. */
    synchronized ControllerProcess spawn() throws IOException {
        current = ControllerProcess.start(workDir, simulator, backends);
        lives++;
        CsiClient fresh = new CsiClient(current.socket(), callDeadline);
        CsiClient old = client;
        client = fresh;
        if (old != null) {
            retired.addLast(old);
            while (retired.size() > RETIRED_CLIENTS_KEPT) {
                retired.removeFirst().close();
            }
        }
        return current;
    }

    synchronized void awaitReady() throws InterruptedException {
        if (!current.awaitReady(READY_TIMEOUT)) {
            throw new IllegalStateException("controller life " + lives + " (pid " + current.pid() + ") was not ready within "
                    + READY_TIMEOUT + "; see " + workDir.resolve("controller.log"));
        }
    }

    synchronized void kill() throws InterruptedException {
        current.kill();
    }

    /** The client of the current life. */
    CsiClient client() {
        return client;
    }

    synchronized int lives() {
        return lives;
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (current != null) {
            current.stop();
            current = null;
        }
        retired.forEach(CsiClient::close);
        retired.clear();
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
