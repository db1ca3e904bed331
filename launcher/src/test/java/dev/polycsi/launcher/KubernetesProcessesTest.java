package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import csi.v1.Csi;
import dev.polycsi.core.conformance.CsiClient;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.storage.CSINodeBuilder;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachmentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node plugin and its preStop hook against a fake API server on loopback, as separate JVMs
 * the way a pod runs them: the node removes its start-up taint through a child process and
 * loads no class of the Kubernetes client itself; {@code pre-stop} exits 0 whatever it finds.
 */
class KubernetesProcessesTest {

    private static final String DRIVER = "aws.polycsi.dev";

    @TempDir
    static Path dir;
    private static KubernetesMockServer server;
    private static KubernetesClient admin;

    @BeforeAll
    static void startApi() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        admin = server.createClient();
    }

    @AfterAll
    static void stopApi() {
        admin.close();
        server.destroy();
    }

    private static String apiUrl() {
        return "http://127.0.0.1:" + server.getPort();
    }

    @Test
    void aReadyNodeRemovesItsStartupTaintInAChildAndLoadsNoKubernetesClass() throws Exception {
        String nodeName = "node-taint";
        admin.nodes().resource(new NodeBuilder().withNewMetadata().withName(nodeName).endMetadata().withNewSpec()
                .withTaints(new Taint("NoExecute", DRIVER + "/agent-not-ready", null, null), new Taint("NoSchedule", "dedicated", null, null))
                .endSpec().build()).create();
        admin.storage().v1().csiNodes().resource(new CSINodeBuilder().withNewMetadata().withName(nodeName).endMetadata().withNewSpec()
                .addNewDriver().withName(DRIVER).withNodeID("i-0123456789abcdef0").endDriver().endSpec().build()).create();

        Path work = Files.createDirectories(dir.resolve("node"));
        Path classes = work.resolve("classes.log");
        Path log = work.resolve("node.log");
        List<String> command = new ArrayList<>(SimulateModeTest.java("node", "--simulate", "--simulator-data", work.resolve("sim").toString(),
                "--backends", "ebs", "--endpoint", "unix://" + work.resolve("csi.sock")));
        command.add(1, "-Xlog:class+load=info:file=" + classes + ":none");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("POLYCSI_KUBE_API", apiUrl(), "CSI_NODE_NAME", nodeName, "AWS_EC2_METADATA_DISABLED", "true"));
        Process node = builder.start();
        try (CsiClient csi = new CsiClient(work.resolve("csi.sock"), Duration.ofSeconds(30))) {
            csi.waitUntilReady(Duration.ofSeconds(60), node::isAlive);
            csi.node().nodeGetInfo(Csi.NodeGetInfoRequest.getDefaultInstance());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (taints(nodeName).size() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertEquals(List.of("dedicated"), taints(nodeName), Files.readString(log));
        } finally {
            node.destroy();
            node.waitFor(30, TimeUnit.SECONDS);
        }
        String output = Files.readString(log);
        assertTrue(output.contains("removed taint " + DRIVER + "/agent-not-ready from node " + nodeName), output);
        List<String> loaded = Files.readAllLines(classes).stream().map(line -> line.split(" ", 2)[0]).toList();
        assertTrue(loaded.contains("dev.polycsi.core.csi.NodeService"), "the class log covers the driver's classes");
        List<String> kubernetes = loaded.stream().filter(name -> name.startsWith("io.fabric8.") || name.startsWith("dev.polycsi.kube.") || name.startsWith("tools.jackson."))
                .toList();
        assertEquals(List.of(), kubernetes, "the node JVM itself loaded the Kubernetes client");
    }

    @Test
    void preStopOnANodeThatIsNotDrainedExitsAtOnce() throws Exception {
        admin.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-up").endMetadata().build()).create();
        attachment("va-up", "node-up");

        // As the DaemonSet's hook runs it: its log appended to the driver's own stderr, which the container's log holds.
        Path driverLog = Files.writeString(dir.resolve("driver-stderr.log"), "the driver's earlier lines\n");
        Result result = preStop("node-up", apiUrl(), "PT30S", "--log-file", driverLog.toString());

        assertEquals(0, result.exitCode());
        String appended = Files.readString(driverLog);
        assertTrue(appended.startsWith("the driver's earlier lines\n"), appended);
        assertTrue(appended.contains("node node-up is not being drained; stopping without waiting"), appended);
        assertTrue(result.millis() < 20_000, result.millis() + " ms");
    }

    @Test
    void preStopOnADrainedNodeWaitsForItsVolumesAtMostItsTimeout() throws Exception {
        admin.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-drained").endMetadata().withNewSpec()
                .withUnschedulable(true).endSpec().build()).create();
        attachment("va-drained", "node-drained");

        Result result = preStop("node-drained", apiUrl(), "PT3S");

        assertEquals(0, result.exitCode(), "a hook that timed out still exits 0");
        assertTrue(result.output().contains("gave up after PT3S: 1 VolumeAttachment(s) of " + DRIVER + " still name node node-drained"),
                result.output());
        assertTrue(result.millis() >= 3_000, result.millis() + " ms");
    }

    @Test
    void preStopWithoutAnApiExitsZeroAndSaysWhy() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Result result = preStop("node-x", "http://127.0.0.1:" + closed, "PT30S");

        assertEquals(0, result.exitCode());
        assertTrue(result.output().contains("pre-stop: cannot read node node-x or its VolumeAttachments"), result.output());
    }

    private record Result(int exitCode, String output, long millis) {}

    private static Result preStop(String nodeName, String url, String timeout, String... more) throws Exception {
        Path log = Files.createTempFile(dir, "pre-stop-", ".log");
        List<String> command = new ArrayList<>(SimulateModeTest.java("pre-stop", "--timeout", timeout));
        command.addAll(List.of(more));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("POLYCSI_KUBE_API", url, "CSI_NODE_NAME", nodeName));
        long started = System.nanoTime();
        Process hook = builder.start();
        assertTrue(hook.waitFor(60, TimeUnit.SECONDS), "pre-stop still running");
        return new Result(hook.exitValue(), Files.readString(log), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private static void attachment(String name, String nodeName) {
        admin.storage().v1().volumeAttachments().resource(new VolumeAttachmentBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withAttacher(DRIVER).withNodeName(nodeName).withNewSource().withPersistentVolumeName("pv-" + name)
                .endSource().endSpec().build()).create();
    }

    private static List<String> taints(String nodeName) {
        List<Taint> taints = admin.nodes().withName(nodeName).get().getSpec().getTaints();
        return taints == null ? List.of() : taints.stream().map(Taint::getKey).toList();
    }
}
