package dev.polycsi.deploy;

import static dev.polycsi.deploy.K8sObject.map;
import static dev.polycsi.deploy.K8sObject.maps;
import static dev.polycsi.deploy.K8sObject.string;
import static dev.polycsi.deploy.K8sObject.strings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What one ServiceAccount may do, from the Roles and ClusterRoles bound to it. */
final class Rbac {

    static final List<String> SIDECARS = List.of("csi-provisioner", "csi-attacher", "csi-resizer", "csi-snapshotter");

    /** One permission a sidecar cannot work without (from each sidecar's own deploy/kubernetes/rbac.yaml). */
    record Need(String sidecar, String group, String resource, String verb, boolean namespaced) {
    }

    static final List<Need> NEEDS = needs();

    private final List<Map<String, Object>> clusterRules = new ArrayList<>();
    private final List<Map<String, Object>> namespaceRules = new ArrayList<>();
    private final List<String> boundRoleNames = new ArrayList<>();

    static Rbac of(List<K8sObject> objects, String account, String namespace) {
        Rbac rbac = new Rbac();
        for (K8sObject binding : objects) {
            boolean cluster = binding.is("ClusterRoleBinding");
            if (!cluster && !(binding.is("RoleBinding") && binding.namespace().orElse("").equals(namespace))) {
                continue;
            }
            boolean bound = maps(binding.fields(), "subjects").stream().anyMatch(s -> "ServiceAccount".equals(s.get("kind"))
                    && account.equals(s.get("name")) && namespace.equals(s.getOrDefault("namespace", binding.namespace().orElse(""))));
            if (!bound) {
                continue;
            }
            Map<String, Object> ref = map(binding.fields(), "roleRef");
            String kind = string(ref, "kind");
            String name = string(ref, "name");
            K8sObject role = objects.stream().filter(o -> o.is(kind) && o.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError(binding + " binds a missing " + kind + " " + name));
            rbac.boundRoleNames.add(name);
            (cluster ? rbac.clusterRules : rbac.namespaceRules).addAll(maps(role.fields(), "rules"));
        }
        return rbac;
    }

    List<String> boundRoleNames() {
        return boundRoleNames;
    }

    /** Every (group, resource, verb) granted, as "group/resource:verb", with "[ns]" for the namespace's only. */
    java.util.Set<String> grants() {
        java.util.Set<String> grants = new java.util.TreeSet<>();
        for (boolean cluster : new boolean[] {true, false}) {
            for (Map<String, Object> rule : cluster ? clusterRules : namespaceRules) {
                for (String group : strings(rule, "apiGroups")) {
                    for (String resource : strings(rule, "resources")) {
                        for (String verb : strings(rule, "verbs")) {
                            grants.add(group + "/" + resource + ":" + verb + (cluster ? "" : " [ns]"));
                        }
                    }
                }
            }
        }
        return grants;
    }

    /** Whether the account may do this: anywhere for cluster rules, in its namespace for namespaced ones. */
    boolean allows(String group, String resource, String verb, boolean namespaced) {
        List<Map<String, Object>> rules = new ArrayList<>(clusterRules);
        if (namespaced) {
            rules.addAll(namespaceRules);
        }
        return rules.stream().anyMatch(rule -> matches(strings(rule, "apiGroups"), group)
                && matches(strings(rule, "resources"), resource) && matches(strings(rule, "verbs"), verb));
    }

    private static boolean matches(List<String> allowed, String value) {
        return allowed.contains(value) || allowed.contains("*");
    }

    private static List<Need> needs() {
        List<Need> needs = new ArrayList<>();
        for (String sidecar : SIDECARS) {
            for (String verb : List.of("get", "watch", "list", "delete", "update", "create")) {
                needs.add(new Need(sidecar, "coordination.k8s.io", "leases", verb, true));
            }
        }
        add(needs, "csi-provisioner", "", "persistentvolumes", "get", "list", "watch", "create", "delete");
        add(needs, "csi-provisioner", "", "persistentvolumeclaims", "get", "list", "watch", "update");
        add(needs, "csi-provisioner", "storage.k8s.io", "storageclasses", "get", "list", "watch");
        add(needs, "csi-provisioner", "", "events", "create", "patch");
        add(needs, "csi-provisioner", "storage.k8s.io", "csinodes", "get", "list", "watch");
        add(needs, "csi-provisioner", "", "nodes", "get", "list", "watch");
        add(needs, "csi-provisioner", "snapshot.storage.k8s.io", "volumesnapshots", "get", "list");
        add(needs, "csi-provisioner", "snapshot.storage.k8s.io", "volumesnapshotcontents", "get", "list");
        add(needs, "csi-provisioner", "storage.k8s.io", "volumeattachments", "get", "list", "watch");
        add(needs, "csi-attacher", "", "persistentvolumes", "get", "list", "watch", "patch");
        add(needs, "csi-attacher", "storage.k8s.io", "csinodes", "get", "list", "watch");
        add(needs, "csi-attacher", "storage.k8s.io", "volumeattachments", "get", "list", "watch", "patch");
        add(needs, "csi-attacher", "storage.k8s.io", "volumeattachments/status", "patch");
        add(needs, "csi-resizer", "", "persistentvolumes", "get", "list", "watch", "patch");
        add(needs, "csi-resizer", "", "persistentvolumeclaims", "get", "list", "watch");
        add(needs, "csi-resizer", "", "persistentvolumeclaims/status", "patch");
        add(needs, "csi-resizer", "", "events", "create", "patch");
        add(needs, "csi-resizer", "storage.k8s.io", "volumeattributesclasses", "get", "list", "watch");
        add(needs, "csi-snapshotter", "", "events", "create", "patch");
        add(needs, "csi-snapshotter", "snapshot.storage.k8s.io", "volumesnapshotclasses", "get", "list", "watch");
        add(needs, "csi-snapshotter", "snapshot.storage.k8s.io", "volumesnapshotcontents", "get", "list", "watch", "update", "patch");
        add(needs, "csi-snapshotter", "snapshot.storage.k8s.io", "volumesnapshotcontents/status", "update", "patch");
        return List.copyOf(needs);
    }

    private static void add(List<Need> needs, String sidecar, String group, String resource, String... verbs) {
        for (String verb : verbs) {
            needs.add(new Need(sidecar, group, resource, verb, false));
        }
    }
}
