package dev.polycsi.launcher;

import dev.polycsi.kube.Backoff;
import dev.polycsi.kube.KubeApi;
import dev.polycsi.kube.PreStop;
import dev.polycsi.kube.StartupTaint;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The commands that talk to the Kubernetes API, each a short-lived JVM of its own so that the
 * node plugin, which runs on every node for as long as the node lives, never loads the client.
 */
final class KubeCommands {

    static final String NODE_NAME_VARIABLE = "CSI_NODE_NAME";
    private static final Logger LOG = LogManager.getLogger(KubeCommands.class);

    private KubeCommands() {
    }

    /** Options both share. */
    abstract static class Base implements Callable<Integer> {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean help;

        @Option(names = "--driver-name", defaultValue = ServeCommand.DEFAULT_DRIVER_NAME,
                description = "The CSI driver name (default: ${DEFAULT-VALUE}).")
        String driverName;

        @Option(names = "--node-name", description = "This Kubernetes node's name (default: $" + NODE_NAME_VARIABLE
                + ", which the DaemonSet sets from spec.nodeName).")
        String nodeName;

        @Option(names = "--log-format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
        Logging.Format logFormat;

        @Option(names = "--log-level", defaultValue = "info", description = "error, warn, info, debug or trace (default: ${DEFAULT-VALUE}).")
        String logLevel;

        Optional<String> node() {
            return Optional.ofNullable(nodeName).or(() -> Optional.ofNullable(System.getenv(NODE_NAME_VARIABLE))).filter(n -> !n.isBlank());
        }
    }

    @Command(name = "node-ready", hidden = true,
            description = "Remove this node's start-up taint <driver name>/agent-not-ready once the kubelet has registered the "
                    + "driver (the node plugin runs this itself once its backends are ready).")
    static final class NodeReady extends Base {
        @Option(names = "--timeout", defaultValue = "PT5M", converter = ServeCommand.IsoDuration.class,
                description = "How long to keep trying, as an ISO-8601 duration (default: ${DEFAULT-VALUE}).")
        Duration timeout;

        @Override
        public Integer call() throws Exception {
            Logging.configure(logFormat, logLevel);
            Optional<KubeApi> api = KubeApi.fromEnvironment(System.getenv());
            Optional<String> node = node();
            if (api.isEmpty() || node.isEmpty()) {
                LOG.warn("not removing the start-up taint {}{}: {}", driverName, StartupTaint.KEY_SUFFIX,
                        api.isEmpty() ? "no Kubernetes API (not in a pod)" : "no node name (set " + NODE_NAME_VARIABLE + ")");
                return 0;
            }
            Backoff backoff = new Backoff(Backoff.TAINT.first(), Backoff.TAINT.longest(), timeout);
            try (KubernetesClient client = api.get().client()) {
                return new StartupTaint(client, node.get(), driverName, backoff).remove() == StartupTaint.Outcome.GAVE_UP ? 1 : 0;
            }
        }
    }

    @Command(name = "pre-stop",
            description = "The node pod's preStop hook: if this node is being drained, wait (at most --timeout) until no "
                    + "VolumeAttachment of this driver names it, so that its volumes are unmounted and detached before the "
                    + "node plugin stops. Exits 0 whatever happens, with a log line saying what it did.")
    static final class PreStopHook extends Base {
        @Option(names = "--timeout", defaultValue = "PT40S", converter = ServeCommand.IsoDuration.class,
                description = "How long to wait at most, as an ISO-8601 duration; keep it, plus --shutdown-grace, within the "
                        + "pod's terminationGracePeriodSeconds (default: ${DEFAULT-VALUE}).")
        Duration timeout;

        @Option(names = "--log-file", paramLabel = "FILE",
                description = "Append the log here instead of stderr: a preStop hook's output is not in the container's log, "
                        + "but /proc/1/fd/2, the driver's own stderr, is (default: stderr).")
        Path logFile;

        @Override
        public Integer call() {
            // A hook whose log cannot be opened still waits; it then logs to stderr.
            try {
                Logging.configure(logFormat, logLevel, logFile);
            } catch (RuntimeException e) {
                Logging.configure(logFormat, logLevel);
            }
            Optional<KubeApi> api = KubeApi.fromEnvironment(System.getenv());
            Optional<String> node = node();
            if (api.isEmpty() || node.isEmpty()) {
                LOG.warn("pre-stop: not waiting for VolumeAttachments: {}",
                        api.isEmpty() ? "no Kubernetes API (not in a pod)" : "no node name (set " + NODE_NAME_VARIABLE + ")");
                return 0;
            }
            try (KubernetesClient client = api.get().client()) {
                new PreStop(client, node.get(), driverName, timeout).run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("pre-stop: interrupted; stopping");
            } catch (RuntimeException e) {
                LOG.error("pre-stop: failed ({}); stopping without waiting", e.toString());
            }
            return 0;
        }
    }
}
