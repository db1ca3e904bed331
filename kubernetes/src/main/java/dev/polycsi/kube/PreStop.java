package dev.polycsi.kube;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachmentList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The node pod's preStop hook, after aws-ebs-csi-driver's: when this node is being drained, the
 * node plugin stays up until every volume of this driver has been unmounted and detached from it
 * (no VolumeAttachment of this driver names the node), so that the attach-detach controller
 * does not wait 6 minutes to force a detach; at most for its bound, which the pod's
 * terminationGracePeriodSeconds must exceed. A pod stopped for any other reason (a rolling
 * update of the driver) returns at once: its node's workloads keep their volumes.
 */
public final class PreStop {

    /** Taints that mean the node is going away: kubectl drain's, the cluster autoscaler's and Karpenter's (v1 and v1beta1). */
    static final Set<String> DRAIN_TAINTS = Set.of("node.kubernetes.io/unschedulable", "ToBeDeletedByClusterAutoscaler",
            "karpenter.sh/disrupted", "karpenter.sh/disruption");
    /** A re-list this often even without events, in case a watch is lost without notice. */
    private static final Duration RELIST = Duration.ofSeconds(5);
    private static final Logger LOG = LogManager.getLogger(PreStop.class);

    public enum Outcome {
        NOT_DRAINING,
        DETACHED,
        TIMED_OUT,
        API_FAILED
    }

    private final KubernetesClient client;
    private final String nodeName;
    private final String driverName;
    private final Duration bound;

    public PreStop(KubernetesClient client, String nodeName, String driverName, Duration bound) {
        this.client = client;
        this.nodeName = nodeName;
        this.driverName = driverName;
        this.bound = bound;
    }

    /** Never throws for the API's errors: a hook that fails only delays the pod's end. */
    public Outcome run() throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        try {
            Node node = client.nodes().withName(nodeName).get();
            if (node == null) {
                LOG.info("pre-stop: node {} no longer exists (it is being deleted); waiting up to {} for this driver's "
                        + "VolumeAttachments on it to go", nodeName, bound);
            } else if (!draining(node)) {
                LOG.info("pre-stop: node {} is not being drained; stopping without waiting for its volumes", nodeName);
                return Outcome.NOT_DRAINING;
            } else {
                LOG.info("pre-stop: node {} is being drained; waiting up to {} for this driver's VolumeAttachments on it to go",
                        nodeName, bound);
            }
            return waitForDetach(deadline);
        } catch (KubernetesClientException e) {
            LOG.error("pre-stop: cannot read node {} or its VolumeAttachments ({}); stopping without waiting", nodeName,
                    KubeClusterObjects.describe(e));
            return Outcome.API_FAILED;
        }
    }

    static boolean draining(Node node) {
        if (node.getSpec() == null) {
            return false;
        }
        List<Taint> taints = node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
        return Boolean.TRUE.equals(node.getSpec().getUnschedulable()) || taints.stream().anyMatch(t -> DRAIN_TAINTS.contains(t.getKey()));
    }

    private Outcome waitForDetach(long deadline) throws InterruptedException {
        Semaphore changed = new Semaphore(0);
        Watch watch = null;
        try {
            while (true) {
                VolumeAttachmentList list = client.storage().v1().volumeAttachments().list();
                List<String> left = list.getItems().stream().filter(this::ours).map(va -> va.getMetadata().getName()).toList();
                if (left.isEmpty()) {
                    LOG.info("pre-stop: no VolumeAttachment of {} names node {}; stopping", driverName, nodeName);
                    return Outcome.DETACHED;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    LOG.warn("pre-stop: gave up after {}: {} VolumeAttachment(s) of {} still name node {}: {}", bound, left.size(),
                            driverName, nodeName, left);
                    return Outcome.TIMED_OUT;
                }
                LOG.info("pre-stop: waiting for {} VolumeAttachment(s) of {} on node {}: {}", left.size(), driverName, nodeName, left);
                if (watch == null) {
                    watch = watchFrom(list.getMetadata().getResourceVersion(), changed);
                }
                changed.tryAcquire(Math.min(remaining, RELIST.toNanos()), TimeUnit.NANOSECONDS);
                changed.drainPermits();
            }
        } finally {
            if (watch != null) {
                watch.close();
            }
        }
    }

    private boolean ours(VolumeAttachment attachment) {
        return attachment.getSpec() != null && driverName.equals(attachment.getSpec().getAttacher())
                && nodeName.equals(attachment.getSpec().getNodeName());
    }

    /** Wakes the wait on any change to one of ours; without a watch, the wait re-lists on its own. */
    private Watch watchFrom(String resourceVersion, Semaphore changed) {
        try {
            return client.storage().v1().volumeAttachments().watch(new ListOptionsBuilder().withResourceVersion(resourceVersion).build(),
                    new Watcher<>() {
                        @Override
                        public void eventReceived(Action action, VolumeAttachment attachment) {
                            if (ours(attachment)) {
                                changed.release();
                            }
                        }

                        @Override
                        public void onClose(WatcherException cause) {
                            changed.release();
                        }
                    });
        } catch (KubernetesClientException e) {
            LOG.warn("pre-stop: cannot watch VolumeAttachments ({}); listing them every {} s instead", KubeClusterObjects.describe(e),
                    RELIST.toSeconds());
            return null;
        }
    }
}
