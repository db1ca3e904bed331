package dev.polycsi.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachmentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The node pod's preStop hook against a fake API server. */
class PreStopTest {

    private static final String DRIVER = "aws.polycsi.dev";
    private static final String NODE = "ip-10-0-1-23.ec2.internal";

    private FakeApiServer api;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        api = new FakeApiServer();
        client = api.api().client();
    }

    @AfterEach
    void stop() {
        client.close();
        api.close();
    }

    @Test
    void aNodeThatIsNotDrainedStopsAtOnceWhateverIsAttached() throws Exception {
        node(false, new Taint("NoSchedule", "dedicated", null, null));
        attachment("va-1", DRIVER, NODE);
        long started = System.nanoTime();

        assertEquals(PreStop.Outcome.NOT_DRAINING, preStop(Duration.ofSeconds(30)).run());

        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) < 5);
    }

    @Test
    void aDrainedNodeWaitsForItsOwnAttachmentsOnlyAndStopsWhenTheyGo() throws Exception {
        node(true);
        attachment("va-ours", DRIVER, NODE);
        // Neither keeps the hook waiting: another driver's volume on this node, and ours on another node.
        attachment("va-ebs", "ebs.csi.aws.com", NODE);
        attachment("va-elsewhere", DRIVER, "ip-10-0-2-34.ec2.internal");

        CompletableFuture<PreStop.Outcome> hook = CompletableFuture.supplyAsync(() -> run(preStop(Duration.ofSeconds(30))));
        Thread.sleep(1_500);
        assertFalse(hook.isDone(), "waits while a VolumeAttachment of this driver names this node");

        long deleted = System.nanoTime();
        api.admin().storage().v1().volumeAttachments().withName("va-ours").delete();

        assertEquals(PreStop.Outcome.DETACHED, hook.get(10, TimeUnit.SECONDS));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - deleted) < 5_000, "the watch wakes it, not the re-list alone");
    }

    @Test
    void theUnschedulableTaintAloneMeansDraining() throws Exception {
        node(false, new Taint("NoSchedule", "node.kubernetes.io/unschedulable", null, null));

        assertEquals(PreStop.Outcome.DETACHED, preStop(Duration.ofSeconds(30)).run(), "no attachment: nothing to wait for");
    }

    @Test
    void stopsWaitingAtItsBound() throws Exception {
        node(false, new Taint("NoSchedule", "karpenter.sh/disrupted", null, null));
        attachment("va-stuck", DRIVER, NODE);
        long started = System.nanoTime();

        assertEquals(PreStop.Outcome.TIMED_OUT, preStop(Duration.ofSeconds(2)).run());

        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(took >= 2_000 && took < 6_000, "stopped after " + took + " ms");
    }

    @Test
    void aNodeAlreadyGoneIsTakenForATermination() throws Exception {
        attachment("va-ours", DRIVER, NODE);
        CompletableFuture<PreStop.Outcome> hook = CompletableFuture.supplyAsync(() -> run(preStop(Duration.ofSeconds(30))));
        Thread.sleep(1_000);
        assertFalse(hook.isDone());
        api.admin().storage().v1().volumeAttachments().withName("va-ours").delete();

        assertEquals(PreStop.Outcome.DETACHED, hook.get(10, TimeUnit.SECONDS));
    }

    @Test
    void anUnreachableApiStopsAtOnce() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (KubernetesClient unreachable = KubeApi.at(URI.create("http://127.0.0.1:" + closed)).client()) {
            assertEquals(PreStop.Outcome.API_FAILED, new PreStop(unreachable, NODE, DRIVER, Duration.ofSeconds(30)).run());
        }
    }

    private PreStop preStop(Duration bound) {
        return new PreStop(client, NODE, DRIVER, bound);
    }

    private static PreStop.Outcome run(PreStop preStop) {
        try {
            return preStop.run();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private void node(boolean unschedulable, Taint... taints) {
        api.admin().nodes().resource(new NodeBuilder().withNewMetadata().withName(NODE).endMetadata().withNewSpec()
                .withUnschedulable(unschedulable).withTaints(taints).endSpec().build()).create();
    }

    private void attachment(String name, String attacher, String node) {
        api.admin().storage().v1().volumeAttachments().resource(new VolumeAttachmentBuilder().withNewMetadata().withName(name)
                .endMetadata().withNewSpec().withAttacher(attacher).withNodeName(node).withNewSource()
                .withPersistentVolumeName("pv-" + name).endSource().endSpec().build()).create();
    }
}
