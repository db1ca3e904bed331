package dev.polycsi.deploy;

import static dev.polycsi.deploy.K8sObject.flag;
import static dev.polycsi.deploy.K8sObject.map;
import static dev.polycsi.deploy.K8sObject.maps;
import static dev.polycsi.deploy.K8sObject.string;
import static dev.polycsi.deploy.K8sObject.strings;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.launcher.Main;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * What polycsi itself reads and writes in the Kubernetes API, and the manifests that let it: the
 * node's start-up taint (its Node and CSINode, from CSI_NODE_NAME), the node's preStop hook (its
 * Node and the VolumeAttachments), and the controller's ConfigMap and Secret reads; each account
 * holds exactly that, and the hook runs within the pod's grace period for the node's own driver.
 */
class KubernetesAccessTest {

    /** polycsi node-ready and pre-stop, under the node's account (see deploy/kubernetes/base/rbac-node.yaml). */
    private static final Set<String> NODE_GRANTS = Set.of("/nodes:get", "/nodes:patch", "storage.k8s.io/csinodes:get",
            "storage.k8s.io/volumeattachments:list", "storage.k8s.io/volumeattachments:watch");
    private static final String IMAGE_JAVA = "/opt/polycsi/jre/bin/java";
    private static final String IMAGE_JAR = "/opt/polycsi/polycsi.jar";

    static Stream<Installation> installations() {
        return Manifests.installations();
    }

    @ParameterizedTest
    @MethodSource("installations")
    void theNodeAccountHoldsExactlyWhatTheTaintAndTheHookUse(Installation installation) {
        K8sObject account = installation.serviceAccount(installation.node()).orElseThrow();
        assertEquals(new java.util.TreeSet<>(NODE_GRANTS), Rbac.of(installation.all(), account.name(), "kube-system").grants(),
                installation + ": the node plugin's account");
    }

    @ParameterizedTest
    @MethodSource("installations")
    void theControllerGetsConfigMapsAndSecretsInItsOwnNamespaceOnly(Installation installation) {
        K8sObject account = installation.serviceAccount(installation.controller()).orElseThrow();
        Rbac rbac = Rbac.of(installation.all(), account.name(), account.namespace().orElseThrow());
        for (String resource : List.of("configmaps", "secrets")) {
            assertTrue(rbac.allows("", resource, "get", true), installation + ": ClusterObjects reads " + resource + " by name");
            assertFalse(rbac.allows("", resource, "get", false), installation + ": " + resource + " of every namespace");
            for (String verb : List.of("list", "watch", "create", "update", "patch", "delete")) {
                assertFalse(rbac.allows("", resource, verb, true), installation + ": " + verb + " " + resource);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("installations")
    void theNodeKnowsItsKubernetesNodeName(Installation installation) {
        Map<String, Object> polycsi = installation.node().container(Installation.POLYCSI);
        Map<String, Object> variable = maps(polycsi, "env").stream().filter(e -> "CSI_NODE_NAME".equals(e.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(installation.node() + ": no CSI_NODE_NAME"));
        assertEquals("spec.nodeName", string(map(map(variable, "valueFrom"), "fieldRef"), "fieldPath"));
    }

    @ParameterizedTest
    @MethodSource("installations")
    void thePreStopHookRunsPolycsiPreStopForTheNodesDriverWithinTheGracePeriod(Installation installation) {
        K8sObject node = installation.node();
        Map<String, Object> polycsi = node.container(Installation.POLYCSI);
        List<String> command = strings(map(map(map(polycsi, "lifecycle"), "preStop"), "exec"), "command");
        assertEquals(List.of(IMAGE_JAVA, "-jar", IMAGE_JAR), command.subList(0, 3), node + ": the image's java and JAR");
        String[] argv = command.subList(3, command.size()).toArray(String[]::new);
        CommandLine.ParseResult parsed = assertDoesNotThrow(() -> Main.commandLine(argv).parseArgs(argv), node + ": " + command);
        CommandLine.ParseResult hook = parsed.subcommand();
        assertEquals("pre-stop", hook.commandSpec().name());

        String nodeDriver = flag(polycsi, "--driver-name").orElse(Installation.DEFAULT_DRIVER_NAME);
        assertEquals(nodeDriver, hook.matchedOptionValue("--driver-name", Installation.DEFAULT_DRIVER_NAME),
                node + ": the hook waits for the node's own driver's VolumeAttachments");
        assertEquals(installation.csiDriver().name(), nodeDriver);
        assertEquals("/proc/1/fd/2", String.valueOf(hook.matchedOptionValue("--log-file", (Object) null)),
                node + ": a hook's output is not kept; its log goes to the driver's stderr");

        Duration timeout = hook.matchedOptionValue("--timeout", Duration.ofSeconds(40));
        Duration shutdownGrace = flag(polycsi, "--shutdown-grace").map(Duration::parse).orElse(Duration.ofSeconds(30));
        long grace = ((Number) node.podSpec().get("terminationGracePeriodSeconds")).longValue();
        assertTrue(timeout.plus(shutdownGrace).toSeconds() < grace, node + ": the hook's " + timeout + " and the drain's "
                + shutdownGrace + " must fit in terminationGracePeriodSeconds " + grace);
    }
}
