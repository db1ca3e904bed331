package dev.polycsi.launcher;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Once the node's backends are ready, {@code polycsi node-ready} in a JVM of its own removes the
 * node's start-up taint. A child process rather than the node itself: the Kubernetes client and
 * its Jackson would stay in the node's metaspace and heap for the node's whole life (benchmarks
 * /README.md, "Start-up taint"), for a few requests at start. The child inherits the node's
 * environment (its JVM flags in JDK_JAVA_OPTIONS, the service account's API address) and its
 * standard streams, so its lines are in the node's log.
 */
final class StartupTaintRemoval implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(StartupTaintRemoval.class);

    private final Process child;

    private StartupTaintRemoval(Process child) {
        this.child = child;
    }

    /** Starts the removal where there is a cluster and a node name; otherwise does nothing. */
    static Optional<StartupTaintRemoval> start(String driverName, Map<String, String> env) {
        if (!ClusterAccess.inCluster(env)) {
            return Optional.empty();
        }
        String node = env.getOrDefault(KubeCommands.NODE_NAME_VARIABLE, "");
        if (node.isBlank()) {
            LOG.warn("{} is not set: the start-up taint {}/agent-not-ready, if the node has one, stays (see deploy/kubernetes/base/node.yaml)",
                    KubeCommands.NODE_NAME_VARIABLE, driverName);
            return Optional.empty();
        }
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "node-ready", "--driver-name", driverName, "--node-name", node));
        command.addAll(Logging.flags());
        try {
            Process child = new ProcessBuilder(command).inheritIO().start();
            LOG.info("backends ready; removing the start-up taint {}/agent-not-ready from node {} if it has one (process {})",
                    driverName, node, child.pid());
            child.onExit().thenAccept(done -> {
                if (done.exitValue() != 0) {
                    LOG.warn("start-up taint removal (process {}) ended with exit code {}", done.pid(), done.exitValue());
                }
            });
            return Optional.of(new StartupTaintRemoval(child));
        } catch (IOException e) {
            LOG.error("cannot start the start-up taint removal: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** A node stopping before the removal ends takes it along. */
    @Override
    public void close() {
        if (child.isAlive()) {
            child.destroy();
        }
    }
}
