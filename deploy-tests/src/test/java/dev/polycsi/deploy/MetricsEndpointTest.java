package dev.polycsi.deploy;

import static dev.polycsi.deploy.K8sObject.flag;
import static dev.polycsi.deploy.K8sObject.map;
import static dev.polycsi.deploy.K8sObject.mapOrEmpty;
import static dev.polycsi.deploy.K8sObject.maps;
import static dev.polycsi.deploy.K8sObject.string;
import static dev.polycsi.deploy.K8sObject.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * polycsi's metrics port is one number throughout: the port of --metrics-address, the polycsi
 * container's port named {@code metrics}, the Service's port and targetPort, and the port the
 * ServiceMonitor (overlays/prometheus-operator) scrapes. Each Service selects exactly one
 * workload's pods, and each monitor finds every installation's Service for its role. A node on
 * the host network binds its metrics to the pod's address (the node's), not to every address.
 */
class MetricsEndpointTest {

    static final String PORT_NAME = "metrics";
    /** {@code [$(VAR)]:PORT} or {@code $(VAR):PORT}: the pod's own address, from its env. */
    private static final Pattern POD_ADDRESS = Pattern.compile("\\[?\\$\\((\\w+)\\)]?");
    private static final Set<String> POD_ADDRESS_FIELDS = Set.of("status.podIP", "status.hostIP");

    static Stream<Installation> installations() {
        return Manifests.installations();
    }

    static Stream<String> overlays() {
        return Repo.OVERLAYS.stream();
    }

    @ParameterizedTest
    @MethodSource("installations")
    void metricsPortsAgree(Installation installation) {
        check(installation, monitors());
    }

    /** No monitor selects nothing: each finds a Service of every installation. */
    @ParameterizedTest
    @MethodSource("overlays")
    void everyMonitorFindsAServiceInEachInstallation(String overlay) {
        List<K8sObject> objects = Repo.objects(Repo.rendered(overlay));
        for (K8sObject monitor : monitors()) {
            for (Installation installation : Installation.of(overlay, objects)) {
                assertTrue(installation.all().stream().filter(o -> o.is("Service")).anyMatch(s -> monitors(monitor, s)),
                        monitor + " selects no Service of " + installation);
            }
        }
    }

    @Test
    void theOverlayHoldsMonitorsAndRulesOnly() {
        List<K8sObject> objects = Repo.objects(Repo.rendered("prometheus-operator"));
        assertEquals(Set.of("ServiceMonitor", "PrometheusRule"), Set.copyOf(objects.stream().map(K8sObject::kind).toList()));
        for (K8sObject object : objects) {
            assertEquals("monitoring.coreos.com/v1", object.apiVersion(), object.toString());
            assertEquals("kube-system", object.namespace().orElse(""), object + " lives beside the driver");
        }
        assertEquals(2, monitors().size(), "a ServiceMonitor for the controller and one for the node");
    }

    // A check that passes proves little unless changing any one of the four places fails it.

    @Test
    void aChangedContainerPortAloneFails() {
        assertFailsAfter((installation, monitors) -> maps(installation.node().container(Installation.POLYCSI), "ports").stream()
                .filter(p -> PORT_NAME.equals(p.get("name"))).forEach(p -> p.put("containerPort", 9999)));
    }

    @Test
    void aChangedMetricsAddressAloneFails() {
        assertFailsAfter((installation, monitors) -> replaceMetricsAddress(installation.node(), "[$(POD_IP)]:9999"));
    }

    @Test
    void aChangedServiceTargetPortAloneFails() {
        assertFailsAfter((installation, monitors) -> maps(serviceOf(installation.node(), installation.all()).spec(), "ports")
                .forEach(p -> p.put("targetPort", 9999)));
    }

    @Test
    void aChangedMonitorPortAloneFails() {
        assertFailsAfter((installation, monitors) -> monitors.forEach(m -> maps(m.spec(), "endpoints").forEach(e -> e.put("port", "http-metrics"))));
    }

    @Test
    void aNodeOnTheHostNetworkListeningEverywhereFails() {
        assertFailsAfter((installation, monitors) -> replaceMetricsAddress(installation.node(), ":3302"));
    }

    // ---------------------------------------------------------------------------------------

    /** Fails (AssertionError) where the installation's metrics ports, Services and monitors disagree. */
    static void check(Installation installation, List<K8sObject> monitors) {
        List<K8sObject> workloads = installation.all().stream().filter(o -> o.is("Deployment") || o.is("DaemonSet")).toList();
        for (K8sObject workload : List.of(installation.controller(), installation.node())) {
            Map<String, Object> polycsi = workload.container(Installation.POLYCSI);
            String address = flag(polycsi, "--metrics-address").or(() -> flag(polycsi, "--http-endpoint"))
                    .orElseThrow(() -> new AssertionError(workload + ": polycsi serves no metrics (--metrics-address)"));
            int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
            String host = address.substring(0, address.lastIndexOf(':'));
            if (Boolean.TRUE.equals(workload.podSpec().get("hostNetwork"))) {
                assertPodAddress(workload, polycsi, host);
            }
            assertEquals(port, namedPort(polycsi, PORT_NAME), workload + ": the container's '" + PORT_NAME + "' port is --metrics-address's");

            K8sObject service = serviceOf(workload, installation.all());
            for (K8sObject other : workloads) {
                if (other != workload) {
                    assertFalse(selects(map(service.spec(), "selector"), other.podLabels()), service + " selects " + other + "'s pods too");
                }
            }
            Map<String, Object> servicePort = maps(service.spec(), "ports").stream().filter(p -> PORT_NAME.equals(p.get("name"))).findFirst()
                    .orElseThrow(() -> new AssertionError(service + " has no port named " + PORT_NAME));
            Object target = servicePort.getOrDefault("targetPort", servicePort.get("port"));
            int targetPort = target instanceof Integer number ? number : namedPort(polycsi, target.toString());
            assertEquals(port, targetPort, service + ": targetPort " + target + " is not polycsi's metrics port");
            assertEquals(port, servicePort.get("port"), service + ": its port is the metrics port, as the driver and the monitor know it");

            List<K8sObject> finding = monitors.stream().filter(m -> monitors(m, service)).toList();
            assertEquals(1, finding.size(), service + ": one ServiceMonitor selects it, not " + finding);
            List<Map<String, Object>> endpoints = maps(finding.getFirst().spec(), "endpoints");
            assertFalse(endpoints.isEmpty(), finding.getFirst() + " has no endpoints");
            for (Map<String, Object> endpoint : endpoints) {
                if (endpoint.containsKey("targetPort")) {
                    assertEquals(port, endpoint.get("targetPort"), finding.getFirst() + ": targetPort");
                } else {
                    assertEquals(PORT_NAME, endpoint.get("port"), finding.getFirst() + " scrapes a port " + service + " does not name");
                }
                assertEquals("/metrics", endpoint.getOrDefault("path", "/metrics"), finding.getFirst() + ": path");
            }
        }
    }

    private static void assertPodAddress(K8sObject workload, Map<String, Object> polycsi, String host) {
        Matcher reference = POD_ADDRESS.matcher(host);
        assertTrue(reference.matches(), workload + " uses the host network: bind metrics to the pod's address ([$(POD_IP)]:PORT), not '"
                + host + "', which listens on every address of the node");
        Map<String, Object> variable = maps(polycsi, "env").stream().filter(e -> reference.group(1).equals(e.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(workload + ": no env variable " + reference.group(1)));
        String field = string(map(map(variable, "valueFrom"), "fieldRef"), "fieldPath");
        assertTrue(POD_ADDRESS_FIELDS.contains(field), workload + ": " + reference.group(1) + " is " + field + ", not the pod's address");
    }

    private static int namedPort(Map<String, Object> container, String name) {
        return maps(container, "ports").stream().filter(p -> name.equals(p.get("name"))).map(p -> (Integer) p.get("containerPort"))
                .findFirst().orElseThrow(() -> new AssertionError(container.get("name") + " has no port named " + name));
    }

    /** The one Service of the objects that selects the workload's pods and names a metrics port. */
    private static K8sObject serviceOf(K8sObject workload, List<K8sObject> objects) {
        List<K8sObject> services = objects.stream().filter(o -> o.is("Service"))
                .filter(s -> selects(mapOrEmpty(s.spec(), "selector"), workload.podLabels()))
                .filter(s -> maps(s.spec(), "ports").stream().anyMatch(p -> PORT_NAME.equals(p.get("name"))))
                .toList();
        assertEquals(1, services.size(), workload + ": one metrics Service selects its pods, not " + services);
        return services.getFirst();
    }

    private static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        return !selector.isEmpty() && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** Whether a ServiceMonitor scrapes a Service: its labels and its namespace. */
    private static boolean monitors(K8sObject monitor, K8sObject service) {
        Map<String, Object> selector = map(monitor.spec(), "selector");
        if (!selects(mapOrEmpty(selector, "matchLabels"), mapOrEmpty(service.metadata(), "labels"))) {
            return false;
        }
        Map<String, Object> namespaces = mapOrEmpty(monitor.spec(), "namespaceSelector");
        String namespace = service.namespace().orElse("default");
        if (Boolean.TRUE.equals(namespaces.get("any"))) {
            return true;
        }
        return namespaces.containsKey("matchNames") ? strings(namespaces, "matchNames").contains(namespace)
                : namespace.equals(monitor.namespace().orElse("default"));
    }

    private static List<K8sObject> monitors() {
        return Repo.objects(Repo.rendered("prometheus-operator")).stream().filter(o -> o.is("ServiceMonitor")).toList();
    }

    /**
     * The check passes on all-backends and the monitors as rendered, and fails once {@code change}
     * has changed them (parsed afresh for each test).
     */
    private static void assertFailsAfter(BiConsumer<Installation, List<K8sObject>> change) {
        List<Installation> installations = Installation.of("all-backends", Repo.objects(Repo.rendered("all-backends")));
        assertEquals(1, installations.size());
        Installation installation = installations.getFirst();
        List<K8sObject> monitors = monitors();
        check(installation, monitors);
        change.accept(installation, monitors);
        assertThrows(AssertionError.class, () -> check(installation, monitors));
    }

    private static void replaceMetricsAddress(K8sObject workload, String address) {
        @SuppressWarnings("unchecked")
        List<Object> args = (List<Object>) workload.container(Installation.POLYCSI).get("args");
        assertTrue(args.removeIf(a -> a.toString().startsWith("--metrics-address=")));
        args.add("--metrics-address=" + address);
    }
}
