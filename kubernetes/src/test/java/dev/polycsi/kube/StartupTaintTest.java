package dev.polycsi.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.storage.CSINodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The node's start-up taint against a fake API server. */
class StartupTaintTest {

    private static final String DRIVER = "aws.polycsi.dev";
    private static final String NODE = "ip-10-0-1-23.ec2.internal";
    private static final Backoff QUICK = new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(10));

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
    void removesEveryTaintWithItsKeyAndKeepsTheOthers() throws Exception {
        node(taint(DRIVER + "/agent-not-ready", "NoExecute"), taint("dedicated", "NoSchedule"),
                taint(DRIVER + "/agent-not-ready", "NoSchedule"), taint("ebs.csi.aws.com/agent-not-ready", "NoExecute"));
        registered(DRIVER);

        assertEquals(StartupTaint.Outcome.REMOVED, new StartupTaint(client, NODE, DRIVER, QUICK).remove());

        assertEquals(List.of("dedicated:NoSchedule", "ebs.csi.aws.com/agent-not-ready:NoExecute"), taints());
    }

    @Test
    void waitsUntilTheKubeletHasRegisteredTheDriver() throws Exception {
        node(taint(DRIVER + "/agent-not-ready", "NoExecute"));
        // Another driver's registration is not this one's.
        registered("ebs.csi.aws.com");
        CompletableFuture<StartupTaint.Outcome> removal = CompletableFuture.supplyAsync(() -> remove(QUICK));

        Thread.sleep(700);
        assertEquals(List.of(DRIVER + "/agent-not-ready:NoExecute"), taints(), "kept while the driver is not registered");
        registered("ebs.csi.aws.com", DRIVER);

        assertEquals(StartupTaint.Outcome.REMOVED, removal.get(10, TimeUnit.SECONDS));
        assertEquals(List.of(), taints());
    }

    @Test
    void retriesWhileTheApiFails() throws Exception {
        node(taint(DRIVER + "/agent-not-ready", "NoExecute"), taint("dedicated", "NoSchedule"));
        registered(DRIVER);
        // Each failed request is retried once by the client itself: 6 failures are 3 failed attempts.
        api.fail("GET", "/api/v1/nodes/" + NODE, 503, 4);
        api.fail("PATCH", "/api/v1/nodes/" + NODE, 500, 2);

        assertEquals(StartupTaint.Outcome.REMOVED, new StartupTaint(client, NODE, DRIVER, QUICK).remove());

        assertEquals(List.of("dedicated:NoSchedule"), taints());
        assertTrue(api.requests().stream().filter(r -> r.startsWith("PATCH")).count() >= 3, api.requests().toString());
    }

    @Test
    void aNodeWithoutTheTaintIsLeftAlone() throws Exception {
        node(taint("dedicated", "NoSchedule"), taint("ebs.csi.aws.com/agent-not-ready", "NoExecute"));
        String version = client.nodes().withName(NODE).get().getMetadata().getResourceVersion();
        int before = api.requests().size();

        assertEquals(StartupTaint.Outcome.ABSENT, new StartupTaint(client, NODE, DRIVER, QUICK).remove());

        assertEquals(version, client.nodes().withName(NODE).get().getMetadata().getResourceVersion());
        assertEquals(List.of(), api.requests().subList(before, api.requests().size()).stream().filter(r -> !r.startsWith("GET")).toList(), "nothing but reads");
    }

    @Test
    void givesUpAtItsBoundAndLeavesTheTaint() throws Exception {
        node(taint(DRIVER + "/agent-not-ready", "NoExecute"));
        long started = System.nanoTime();

        assertEquals(StartupTaint.Outcome.GAVE_UP,
                new StartupTaint(client, NODE, DRIVER, new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(1))).remove());

        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(took < 3_000, "gave up after " + took + " ms");
        assertEquals(List.of(DRIVER + "/agent-not-ready:NoExecute"), taints());
    }

    private StartupTaint.Outcome remove(Backoff backoff) {
        try {
            return new StartupTaint(client, NODE, DRIVER, backoff).remove();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private void node(Taint... taints) {
        Node node = new NodeBuilder().withNewMetadata().withName(NODE).endMetadata().withNewSpec().withTaints(taints).endSpec().build();
        api.admin().nodes().resource(node).create();
    }

    private void registered(String... drivers) {
        CSINodeBuilder csiNode = new CSINodeBuilder().withNewMetadata().withName(NODE).endMetadata().withNewSpec().endSpec();
        for (String driver : drivers) {
            csiNode.editSpec().addNewDriver().withName(driver).withNodeID("i-0123456789abcdef0").endDriver().endSpec();
        }
        api.admin().storage().v1().csiNodes().resource(csiNode.build()).createOr(existing -> existing.update());
    }

    private List<String> taints() {
        List<Taint> taints = api.admin().nodes().withName(NODE).get().getSpec().getTaints();
        return taints == null ? List.of() : taints.stream().map(t -> t.getKey() + ":" + t.getEffect()).toList();
    }

    private static Taint taint(String key, String effect) {
        return new Taint(effect, key, null, null);
    }
}
