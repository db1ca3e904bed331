package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import csi.v1.Csi;
import dev.polycsi.core.conformance.CsiClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node plugin runs on every node, and every class it loads costs memory there: {@code polycsi
 * node} loads no AWS SDK service client, no controller or cloud layer of any backend, no JFR event
 * machinery, no Kubernetes client, and no simulator code unless it simulates (then only the
 * node's side of it). Checked from the JVM's own class loading log of a node that served Probe, NodeGetInfo,
 * NodeGetCapabilities and NodeGetVolumeStats, on AWS (instance metadata from a separate simulator
 * on loopback) and under {@code --simulate}.
 */
class NodeClassesTest {

    /** Option records are parsed at start in every role, so that a bad flag stops any pod at once. */
    private static final Pattern CONTROLLER_OR_CLOUD = Pattern.compile("dev\\.polycsi\\.(?!spi\\.)[\\w.]+\\.(controller|cloud)\\.(?!\\w*Options$)\\S+");
    private static final Pattern AWS_SDK_SERVICES = Pattern.compile("software\\.amazon\\.awssdk\\.services\\.\\S+");
    /** What Netty's allocator events would start: JFR's event metadata (see Main). */
    private static final Pattern JFR_EVENTS = Pattern.compile("jdk\\.jfr\\.(internal\\.(MetadataRepository|PlatformRecorder|EventInstrumentation)|Event)");
    /** The Kubernetes client: only the short-lived node-ready and pre-stop JVMs load it (KubernetesProcessesTest). */
    private static final Pattern KUBERNETES_CLIENT = Pattern.compile("(io\\.fabric8|tools\\.jackson|dev\\.polycsi\\.kube)\\.\\S+");
    private static final Pattern ANY_SIMULATOR = Pattern.compile("dev\\.polycsi\\.simulator\\.\\S+");
    /** The simulator's AWS side: its services, HTTP server and state. The node's side (mounts) may load. */
    private static final Pattern SIMULATED_AWS = Pattern.compile("dev\\.polycsi\\.simulator\\.(ec2|efs|fsx|imds|http|state|knobs|json)\\.\\S+|dev\\.polycsi\\.simulator\\.AwsSimulator");

    @TempDir
    static Path dir;
    private static SeparateSimulator simulator;

    @BeforeAll
    static void startSimulator() throws Exception {
        simulator = SeparateSimulator.start(dir);
    }

    @AfterAll
    static void stopSimulator() throws Exception {
        simulator.close();
    }

    @Test
    void aNodeOnAwsLoadsNeitherControllerNorSdkNorSimulatorCode() throws Exception {
        List<String> classes = nodeClasses("on-aws", List.of(), Map.of(
                "AWS_EC2_METADATA_SERVICE_ENDPOINT", simulator.endpoint().toString(),
                "AWS_REGION", "us-east-1"));
        assertNone(classes, AWS_SDK_SERVICES, "AWS SDK service clients");
        assertNone(classes, CONTROLLER_OR_CLOUD, "controller or cloud layers");
        assertNone(classes, JFR_EVENTS, "JFR event machinery");
        assertNone(classes, ANY_SIMULATOR, "simulator code");
        assertNone(classes, KUBERNETES_CLIENT, "the Kubernetes client");
    }

    @Test
    void aSimulatedNodeLoadsOnlyTheNodeSideOfTheSimulator() throws Exception {
        List<String> classes = nodeClasses("simulated", List.of("--simulate", "--simulator-url", simulator.endpoint().toString(),
                "--simulator-data", dir.resolve("data").toString()), Map.of("AWS_EC2_METADATA_DISABLED", "true"));
        assertNone(classes, AWS_SDK_SERVICES, "AWS SDK service clients");
        assertNone(classes, CONTROLLER_OR_CLOUD, "controller or cloud layers");
        assertNone(classes, SIMULATED_AWS, "the simulator's AWS services");
        assertNone(classes, KUBERNETES_CLIENT, "the Kubernetes client");
        assertTrue(classes.contains("dev.polycsi.simulator.node.SimulatedMounter"), "a simulated node mounts through the simulator");
    }

    /** Runs {@code polycsi node}, makes the node's calls, stops it, and returns the classes it loaded. */
    private static List<String> nodeClasses(String name, List<String> arguments, Map<String, String> environment) throws Exception {
        Path work = Files.createDirectories(dir.resolve(name));
        Path loaded = work.resolve("classes.txt");
        Path socket = work.resolve("csi.sock");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-Xlog:class+load=info:file=" + loaded + ":none",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "node", "--endpoint", "unix://" + socket));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve("node.log").toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("AWS_"));
        builder.environment().putAll(environment);
        Process node = builder.start();
        try (CsiClient csi = new CsiClient(socket, Duration.ofSeconds(30))) {
            csi.waitUntilReady(Duration.ofSeconds(60), node::isAlive);
            assertEquals("i-0123456789abcdef0", csi.node().nodeGetInfo(Csi.NodeGetInfoRequest.getDefaultInstance()).getNodeId());
            csi.node().nodeGetCapabilities(Csi.NodeGetCapabilitiesRequest.getDefaultInstance());
            // / is a mount point: the call goes through routing, the mount check and the EBS backend's statfs.
            Csi.NodeGetVolumeStatsResponse stats = csi.node().nodeGetVolumeStats(Csi.NodeGetVolumeStatsRequest.newBuilder()
                    .setVolumeId("ebs:vol-0123456789abcdef0").setVolumePath("/").build());
            assertTrue(stats.getUsageCount() > 0);
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n--- node log ---\n" + Files.readString(work.resolve("node.log")), e);
        } finally {
            node.destroy();
            if (!node.waitFor(30, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
        // With no decorations, each line is "<class name> source: <where>".
        return Files.readAllLines(loaded).stream().map(line -> line.split(" ", 2)[0]).toList();
    }

    private static void assertNone(List<String> classes, Pattern forbidden, String what) {
        List<String> found = classes.stream().filter(c -> forbidden.matcher(c).matches()).toList();
        assertEquals(List.of(), found, "polycsi node loaded " + what);
    }
}
