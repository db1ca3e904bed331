package dev.polycsi.deploy;

import static dev.polycsi.deploy.K8sObject.flag;
import static dev.polycsi.deploy.K8sObject.hasArg;
import static dev.polycsi.deploy.K8sObject.map;
import static dev.polycsi.deploy.K8sObject.mapOrEmpty;
import static dev.polycsi.deploy.K8sObject.maps;
import static dev.polycsi.deploy.K8sObject.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rendered manifests agree with themselves and with polycsi: one driver name throughout,
 * one socket between the driver and its sidecars, ports that match their probes, the sidecar
 * tuning of aws-ebs-csi-driver (shared/reference/ebs.md §4), the node's privileges, RBAC for
 * each sidecar that runs and for no other (the driver's own API use: KubernetesAccessTest), and
 * resources sized for the measured memory.
 */
class ManifestConsistencyTest {

    /** Backends that format what they serve; the others are file systems. */
    private static final Set<String> BLOCK_BACKENDS = Set.of("ebs");
    private static final Set<String> CLUSTER_SCOPED = Set.of("CSIDriver", "ClusterRole", "ClusterRoleBinding");
    private static final String SIDECAR_IMAGE = "registry\\.k8s\\.io/sig-storage/%s:v\\d+\\.\\d+\\.\\d+";

    static java.util.stream.Stream<Installation> installations() {
        return Manifests.installations();
    }

    static java.util.stream.Stream<String> overlays() {
        return Repo.OVERLAYS.stream();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectParsesWithItsScope(String overlay) {
        List<K8sObject> objects = Repo.objects(Repo.rendered(overlay));
        assertFalse(objects.isEmpty());
        Set<String> ids = new HashSet<>();
        for (K8sObject object : objects) {
            assertTrue(ids.add(object.kind() + "/" + object.name()), overlay + " declares " + object + " twice");
            assertTrue(object.apiVersion().matches("([a-z0-9.]+/)?v\\d+((alpha|beta)\\d+)?"), object + ": " + object.apiVersion());
            if (CLUSTER_SCOPED.contains(object.kind())) {
                assertEquals(Optional.empty(), object.namespace(), object + " is cluster-scoped");
            } else {
                assertEquals(Optional.of("kube-system"), object.namespace(), object + " belongs in kube-system");
            }
        }
        assertFalse(Installation.of(overlay, objects).isEmpty(), overlay + " has no CSIDriver");
    }

    @ParameterizedTest
    @MethodSource("installations")
    void driverNameAndSocketAgreeBetweenDriverAndSidecars(Installation installation) {
        for (K8sObject workload : List.of(installation.controller(), installation.node())) {
            Map<String, Object> polycsi = workload.container(Installation.POLYCSI);
            String endpoint = flag(polycsi, "--endpoint").orElse("unix:///csi/csi.sock");
            assertTrue(endpoint.startsWith("unix:///"), workload + ": polycsi must serve a unix socket, not " + endpoint);
            VolumePath socket = VolumePath.of(workload, polycsi, endpoint.substring("unix://".length()));
            for (Map<String, Object> container : workload.containers()) {
                Optional<String> address = flag(container, "--csi-address");
                if (!container.get("name").equals(Installation.POLYCSI)) {
                    assertTrue(address.isPresent(), workload + ": sidecar " + container.get("name") + " names no --csi-address");
                }
                address.ifPresent(path -> assertEquals(socket, VolumePath.of(workload, container, path),
                        workload + ": " + container.get("name") + " does not reach polycsi's socket"));
            }
        }
        K8sObject node = installation.node();
        String driver = installation.csiDriver().name();
        String hostSocketDir = hostPath(node, VolumePath.of(node, node.container(Installation.POLYCSI),
                flag(node.container(Installation.POLYCSI), "--endpoint").orElse("unix:///csi/csi.sock").substring("unix://".length())).volume());
        assertEquals("/var/lib/kubelet/plugins/" + driver, stripSlash(hostSocketDir), node + ": the kubelet looks for the socket under the driver's name");
        assertEquals(Optional.of("/var/lib/kubelet/plugins/" + driver + "/csi.sock"),
                flag(node.container("node-driver-registrar"), "--kubelet-registration-path"), node + ": registration path");
    }

    @ParameterizedTest
    @MethodSource("installations")
    void healthPortsMatchTheProbes(Installation installation) {
        for (K8sObject workload : List.of(installation.controller(), installation.node())) {
            Map<String, Object> polycsi = workload.container(Installation.POLYCSI);
            int probed = probePort(polycsi);
            String healthPort = flag(workload.container("liveness-probe"), "--health-port")
                    .orElseThrow(() -> new AssertionError(workload + ": livenessprobe needs --health-port"));
            assertEquals(probed, Integer.parseInt(healthPort), workload + ": polycsi's liveness probe must ask the livenessprobe sidecar");
            assertTrue(maps(polycsi, "ports").stream().anyMatch(p -> Integer.valueOf(probed).equals(p.get("containerPort"))),
                    workload + ": declare the health port on the polycsi container");
        }
        Map<String, Object> registrar = installation.node().container("node-driver-registrar");
        String endpoint = flag(registrar, "--http-endpoint").orElseThrow(() -> new AssertionError("registrar needs --http-endpoint"));
        assertEquals(probePort(registrar), Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1)),
                installation.node() + ": the registrar's probe must ask its --http-endpoint");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void hostNetworkPortsDoNotCollide(String overlay) {
        Map<Integer, String> used = new HashMap<>();
        for (Installation installation : Installation.of(overlay, Repo.objects(Repo.rendered(overlay)))) {
            for (K8sObject workload : List.of(installation.controller(), installation.node())) {
                if (!Boolean.TRUE.equals(workload.podSpec().get("hostNetwork"))) {
                    continue;
                }
                for (int port : listeningPorts(workload)) {
                    String before = used.putIfAbsent(port, workload.toString());
                    if (before != null && !before.equals(workload.toString())) {
                        fail(overlay + ": " + workload + " and " + before + " both listen on host port " + port);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("installations")
    void controllerRunsTwoReplicasWithTheReferenceSidecarTuning(Installation installation) {
        K8sObject controller = installation.controller();
        assertEquals(2, controller.spec().get("replicas"), controller + ": two replicas, one leader");
        assertEquals("system-cluster-critical", controller.podSpec().get("priorityClassName"));

        Map<String, Object> provisioner = controller.container("csi-provisioner");
        assertTrue(flag(provisioner, "--feature-gates").orElse("").contains("Topology=true"), "provisioner: Topology=true");
        assertTrue(hasArg(provisioner, "--extra-create-metadata"), "provisioner: --extra-create-metadata");
        expectFlags(provisioner, Map.of("--timeout", "60s", "--retry-interval-max", "30m", "--worker-threads", "100"));
        // Where a driver has one (polycsiIsToldTheProvisionersDefaultFsType says where it must).
        flag(provisioner, "--default-fstype").ifPresent(fsType -> assertEquals("ext4", fsType, "provisioner --default-fstype"));
        controller.findContainer("csi-attacher").ifPresent(attacher ->
                expectFlags(attacher, Map.of("--timeout", "6m", "--retry-interval-max", "5m", "--worker-threads", "100")));
        controller.findContainer("csi-resizer").ifPresent(resizer -> {
            expectFlags(resizer, Map.of("--timeout", "60s", "--handle-volume-inuse-error", "false", "--workers", "100"));
            assertTrue(hasArg(resizer, "--extra-modify-metadata"), "resizer: --extra-modify-metadata");
        });
        controller.findContainer("csi-snapshotter").ifPresent(snapshotter -> {
            assertTrue(hasArg(snapshotter, "--extra-create-metadata"), "snapshotter: --extra-create-metadata");
            expectFlags(snapshotter, Map.of("--worker-threads", "100"));
        });
        for (String sidecar : List.of("csi-provisioner", "csi-attacher", "csi-resizer", "csi-snapshotter")) {
            controller.findContainer(sidecar).ifPresent(c -> {
                expectFlags(c, Map.of("--leader-election", "true", "--kube-api-qps", "20", "--kube-api-burst", "100"));
                assertTrue(string(c, "image").matches(SIDECAR_IMAGE.formatted(sidecar)), sidecar + " image " + c.get("image"));
            });
        }
        expectFlags(controller.container("liveness-probe"), Map.of("--probe-timeout", "60s"));
        assertEquals(installation.attachRequired(), controller.findContainer("csi-attacher").isPresent(),
                installation + ": the csi-attacher runs exactly when the CSIDriver has attachRequired: true");
        assertTrue(string(controller.container("liveness-probe"), "image").matches(SIDECAR_IMAGE.formatted("livenessprobe")));
    }

    @ParameterizedTest
    @MethodSource("installations")
    void nodePluginIsPrivilegedWithTheKubeletDirectories(Installation installation) {
        K8sObject node = installation.node();
        Map<String, Object> polycsi = node.container(Installation.POLYCSI);
        Map<String, Object> security = map(polycsi, "securityContext");
        assertEquals(true, security.get("privileged"), node + ": mounts need a privileged container");
        assertEquals(0, security.get("runAsUser"), node + ": the image's default user is not root");
        assertEquals("system-node-critical", node.podSpec().get("priorityClassName"));
        assertFalse(maps(node.podSpec(), "tolerations").isEmpty(), node + ": tolerate tainted nodes");

        Map<String, Object> kubelet = mount(polycsi, "/var/lib/kubelet");
        assertEquals("Bidirectional", kubelet.get("mountPropagation"), node + ": mounts must propagate back to the kubelet");
        assertEquals("/var/lib/kubelet", stripSlash(hostPath(node, string(kubelet, "name"))));
        assertEquals("/dev", hostPath(node, string(mount(polycsi, "/dev"), "name")), node + ": the block devices");
        Map<String, Object> registration = mount(node.container("node-driver-registrar"), "/registration");
        assertEquals("/var/lib/kubelet/plugins_registry", stripSlash(hostPath(node, string(registration, "name"))));
        assertTrue(string(node.container("node-driver-registrar"), "image").matches(SIDECAR_IMAGE.formatted("csi-node-driver-registrar")));
    }

    @ParameterizedTest
    @MethodSource("installations")
    void everyContainerHasRequestsAndAMemoryLimitAboveItsHeap(Installation installation) {
        for (K8sObject workload : List.of(installation.controller(), installation.node())) {
            for (Map<String, Object> container : workload.containers()) {
                Map<String, Object> resources = map(container, "resources");
                Map<String, Object> requests = map(resources, "requests");
                Map<String, Object> limits = map(resources, "limits");
                String where = workload + "/" + container.get("name");
                assertTrue(requests.containsKey("cpu") && requests.containsKey("memory"), where + ": cpu and memory requests");
                long request = Manifests.mebibytes(string(requests, "memory"));
                long limit = Manifests.mebibytes(string(limits, "memory"));
                assertTrue(request <= limit, where + ": request above limit");
                assertFalse(limits.containsKey("cpu"), where + ": no CPU limit (throttling stalls JVM start-up and lease renewals)");
            }
            Map<String, Object> polycsi = workload.container(Installation.POLYCSI);
            Map<String, Object> resources = map(polycsi, "resources");
            long limit = Manifests.mebibytes(string(map(resources, "limits"), "memory"));
            long request = Manifests.mebibytes(string(map(resources, "requests"), "memory"));
            long heap = Manifests.jvmMebibytes(jvmFlag(JvmFlags.of(workload), "-Xmx"));
            // The requests follow the measurements (NodeMemoryTest, ControllerMemoryTest); the limit
            // covers the heap and as much again of JVM overhead.
            assertTrue(request > 0, workload + ": no memory request");
            assertTrue(limit >= heap * 2, workload + ": a " + limit + " MiB limit leaves no room beside a " + heap + " MiB heap");
        }
    }

    @ParameterizedTest
    @MethodSource("installations")
    void controllerAccountHoldsTheRbacOfItsSidecarsOnly(Installation installation) {
        K8sObject controller = installation.controller();
        K8sObject account = installation.serviceAccount(controller).orElseThrow(() -> new AssertionError(controller + ": no ServiceAccount"));
        Rbac rbac = Rbac.of(installation.all(), account.name(), account.namespace().orElseThrow());
        for (Rbac.Need need : Rbac.NEEDS) {
            boolean runs = controller.findContainer(need.sidecar()).isPresent();
            if (runs) {
                assertTrue(rbac.allows(need.group(), need.resource(), need.verb(), need.namespaced()),
                        installation + ": " + need.sidecar() + " needs " + need.verb() + " on " + need.group() + "/" + need.resource());
            }
        }
        for (String sidecar : Rbac.SIDECARS) {
            boolean runs = controller.findContainer(sidecar).isPresent();
            assertEquals(runs, rbac.boundRoleNames().stream().anyMatch(r -> r.contains(sidecar.replace("csi-", ""))),
                    installation + ": RBAC for " + sidecar + " is bound exactly when it runs " + rbac.boundRoleNames());
        }
    }

    @ParameterizedTest
    @MethodSource("installations")
    void controllerAccountNamesAnIamRoleAndIsCoveredByTheBudget(Installation installation) {
        K8sObject account = installation.serviceAccount(installation.controller()).orElseThrow();
        String role = string(map(account.metadata(), "annotations"), "eks.amazonaws.com/role-arn");
        assertTrue(role.matches("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+"), account + ": " + role);
        List<K8sObject> budgets = installation.all().stream().filter(o -> o.is("PodDisruptionBudget"))
                .filter(b -> selects(map(map(b.spec(), "selector"), "matchLabels"), installation.controller().podLabels()))
                .toList();
        assertEquals(1, budgets.size(), installation + ": one PodDisruptionBudget for the controller");
        assertFalse(selects(map(map(budgets.getFirst().spec(), "selector"), "matchLabels"), installation.node().podLabels()));
        assertEquals(1, budgets.getFirst().spec().get("maxUnavailable"));
    }

    /**
     * polycsi, controller and node, is told csi-provisioner's --default-fstype (the same value, or
     * neither has one), which it takes as no fs type for file backends. A driver serving a block
     * backend under fsGroupPolicy ReadWriteOnceWithFSType (the default) needs one: without it the
     * PV of a class naming no csi.storage.k8s.io/fstype has no fs type, and the kubelet applies
     * no fsGroup to it.
     */
    @ParameterizedTest
    @MethodSource("installations")
    void polycsiIsToldTheProvisionersDefaultFsType(Installation installation) {
        Optional<String> provisioner = flag(installation.controller().container("csi-provisioner"), "--default-fstype");
        for (K8sObject workload : List.of(installation.controller(), installation.node())) {
            assertEquals(provisioner, flag(workload.container(Installation.POLYCSI), "--default-fstype"),
                    workload + ": polycsi's --default-fstype must be csi-provisioner's");
        }
        Set<String> backends = flag(installation.controller().container(Installation.POLYCSI), "--backends")
                .map(list -> Set.of(list.split(","))).orElse(Backends.builtIn().keySet());
        String fsGroupPolicy = (String) installation.csiDriver().spec().getOrDefault("fsGroupPolicy", "ReadWriteOnceWithFSType");
        if (backends.stream().anyMatch(BLOCK_BACKENDS::contains) && fsGroupPolicy.equals("ReadWriteOnceWithFSType")) {
            assertTrue(provisioner.isPresent(), installation + " serves " + backends + ": give csi-provisioner a --default-fstype, "
                    + "or pods' fsGroup is not applied to block volumes of classes that name no fs type");
        }
    }

    @Test
    void theOverlaysServeTheDriverNamesTheyPromise() {
        Map<String, List<K8sObject>> overlays = Manifests.overlays();
        List<Installation> all = Installation.of("all-backends", overlays.get("all-backends"));
        assertEquals(1, all.size());
        assertEquals(Installation.DEFAULT_DRIVER_NAME, all.getFirst().csiDriver().name());
        assertTrue(all.getFirst().attachRequired(), "one driver with EBS needs attaching");

        Map<Boolean, List<Installation>> byAttach = new HashMap<>();
        Installation.of("block-and-file", overlays.get("block-and-file"))
                .forEach(i -> byAttach.computeIfAbsent(i.attachRequired(), k -> new ArrayList<>()).add(i));
        assertEquals(1, byAttach.getOrDefault(true, List.of()).size(), "block-and-file: one driver with attachRequired");
        assertEquals(1, byAttach.getOrDefault(false, List.of()).size(), "block-and-file: one driver without");
        Installation block = byAttach.get(true).getFirst();
        Installation file = byAttach.get(false).getFirst();
        assertEquals(Optional.of("ebs"), flag(block.controller().container(Installation.POLYCSI), "--backends"));
        assertFalse(flag(file.controller().container(Installation.POLYCSI), "--backends").orElse("ebs").contains("ebs"),
                "the file driver must not serve EBS, which needs attaching");
        for (Installation installation : List.of(block, file)) {
            assertEquals(flag(installation.controller().container(Installation.POLYCSI), "--backends"),
                    flag(installation.node().container(Installation.POLYCSI), "--backends"), installation + ": same backends in controller and node");
        }
    }

    // ---------------------------------------------------------------------------------------

    private static void expectFlags(Map<String, Object> container, Map<String, String> expected) {
        expected.forEach((name, value) -> assertEquals(Optional.of(value), flag(container, name), container.get("name") + " " + name));
    }

    private static String jvmFlag(List<String> flags, String prefix) {
        return flags.stream().filter(f -> f.startsWith(prefix)).map(f -> f.substring(prefix.length())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " in " + flags));
    }

    private static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static int probePort(Map<String, Object> container) {
        Object port = map(map(container, "livenessProbe"), "httpGet").get("port");
        if (port instanceof Integer number) {
            return number;
        }
        return maps(container, "ports").stream().filter(p -> port.equals(p.get("name"))).map(p -> (Integer) p.get("containerPort"))
                .findFirst().orElseThrow(() -> new AssertionError(container.get("name") + " has no port named " + port));
    }

    /** The ports a pod listens on: declared container ports, polycsi's metrics, livenessprobe's and the registrar's. */
    private static Set<Integer> listeningPorts(K8sObject workload) {
        Set<Integer> ports = new HashSet<>();
        for (Map<String, Object> container : workload.containers()) {
            maps(container, "ports").forEach(p -> ports.add((Integer) p.get("containerPort")));
            flag(container, "--health-port").ifPresent(p -> ports.add(Integer.parseInt(p)));
            flag(container, "--metrics-address").ifPresent(a -> ports.add(Integer.parseInt(a.substring(a.lastIndexOf(':') + 1))));
            flag(container, "--http-endpoint").ifPresent(e -> ports.add(Integer.parseInt(e.substring(e.lastIndexOf(':') + 1))));
        }
        return ports;
    }

    private static Map<String, Object> mount(Map<String, Object> container, String mountPath) {
        return maps(container, "volumeMounts").stream().filter(m -> mountPath.equals(m.get("mountPath"))).findFirst()
                .orElseThrow(() -> new AssertionError(container.get("name") + " does not mount " + mountPath));
    }

    private static String hostPath(K8sObject workload, String volume) {
        Map<String, Object> found = maps(workload.podSpec(), "volumes").stream().filter(v -> volume.equals(v.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError(workload + " has no volume " + volume));
        return string(mapOrEmpty(found, "hostPath"), "path");
    }

    private static String stripSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** A file path inside a container as (volume, path within the volume). */
    record VolumePath(String volume, String path) {
        static VolumePath of(K8sObject workload, Map<String, Object> container, String file) {
            Map<String, Object> best = null;
            for (Map<String, Object> mount : maps(container, "volumeMounts")) {
                String dir = stripSlash(string(mount, "mountPath"));
                if (file.startsWith(dir + "/") && (best == null || dir.length() > stripSlash(string(best, "mountPath")).length())) {
                    best = mount;
                }
            }
            if (best == null) {
                throw new AssertionError(workload + "/" + container.get("name") + ": " + file + " is on no mounted volume");
            }
            return new VolumePath(string(best, "name"), Path.of(stripSlash(string(best, "mountPath"))).relativize(Path.of(file)).toString());
        }
    }

}
