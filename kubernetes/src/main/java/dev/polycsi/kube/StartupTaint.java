package dev.polycsi.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.storage.CSINode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Removes the start-up taint {@code <driver name>/agent-not-ready} from this node once the
 * kubelet has registered the driver, as aws-ebs-csi-driver does: a cluster that puts the taint
 * on new nodes (e.g. in the node group's or Karpenter's configuration) keeps pods with volumes
 * off a node until its driver can serve them. Every taint with that key goes, whatever its
 * effect; no other taint is touched, and a node without it is left alone.
 */
public final class StartupTaint {

    public static final String KEY_SUFFIX = "/agent-not-ready";
    private static final Logger LOG = LogManager.getLogger(StartupTaint.class);

    /** What became of the taint. */
    public enum Outcome {
        REMOVED,
        ABSENT,
        GAVE_UP
    }

    private final KubernetesClient client;
    private final String nodeName;
    private final String driverName;
    private final String key;
    private final Backoff backoff;

    public StartupTaint(KubernetesClient client, String nodeName, String driverName, Backoff backoff) {
        this.client = client;
        this.nodeName = nodeName;
        this.driverName = driverName;
        this.key = driverName + KEY_SUFFIX;
        this.backoff = backoff;
    }

    /** Tries until the taint is gone or absent, or the backoff's bound has passed; never throws for the API's errors. */
    public Outcome remove() throws InterruptedException {
        long deadline = System.nanoTime() + backoff.bound().toNanos();
        for (int attempt = 1; ; attempt++) {
            String problem;
            try {
                Attempt result = attempt();
                if (result.outcome() != null) {
                    return result.outcome();
                }
                problem = result.waitingFor();
            } catch (KubernetesClientException e) {
                problem = "the API answered " + KubeClusterObjects.describe(e);
            }
            Duration wait = backoff.after(attempt);
            if (System.nanoTime() + wait.toNanos() > deadline) {
                LOG.error("gave up removing taint {} from node {} after {} attempts in {}: {}; it stays until removed by hand "
                        + "(kubectl taint node {} {}-)", key, nodeName, attempt, backoff.bound(), problem, nodeName, key);
                return Outcome.GAVE_UP;
            }
            LOG.warn("taint {} on node {} not removed yet (attempt {}): {}; trying again in {} ms", key, nodeName, attempt, problem,
                    wait.toMillis());
            Thread.sleep(wait);
        }
    }

    private record Attempt(Outcome outcome, String waitingFor) {}

    private Attempt attempt() {
        Node node = client.nodes().withName(nodeName).get();
        if (node == null) {
            return new Attempt(null, "node " + nodeName + " does not exist");
        }
        List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
        List<Taint> kept = taints.stream().filter(taint -> !key.equals(taint.getKey())).toList();
        if (kept.size() == taints.size()) {
            LOG.info("node {} has no taint {}; nothing to remove", nodeName, key);
            return new Attempt(Outcome.ABSENT, null);
        }
        // Until the kubelet lists the driver in the node's CSINode, pods with its volumes would
        // fail to mount: the race the taint exists to close.
        CSINode csiNode = client.storage().v1().csiNodes().withName(nodeName).get();
        boolean registered = csiNode != null && csiNode.getSpec() != null && csiNode.getSpec().getDrivers() != null
                && csiNode.getSpec().getDrivers().stream().anyMatch(driver -> driverName.equals(driver.getName()));
        if (!registered) {
            return new Attempt(null, "the kubelet has not registered driver " + driverName + " on this node yet (CSINode " + nodeName + ")");
        }
        // "test" first: if the taints changed since they were read, nothing is written and the next attempt reads them again.
        String patch = client.getKubernetesSerialization().asJson(List.of(
                Map.of("op", "test", "path", "/spec/taints", "value", taints),
                Map.of("op", "replace", "path", "/spec/taints", "value", kept)));
        client.nodes().withName(nodeName).patch(PatchContext.of(PatchType.JSON), patch);
        LOG.info("removed taint {} from node {} ({} other taints kept)", key, nodeName, kept.size());
        return new Attempt(Outcome.REMOVED, null);
    }
}
