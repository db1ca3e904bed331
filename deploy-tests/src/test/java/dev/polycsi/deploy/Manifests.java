package dev.polycsi.deploy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The rendered overlays and the installations in them, as test arguments. */
final class Manifests {

    private Manifests() {
    }

    static Map<String, List<K8sObject>> overlays() {
        java.util.LinkedHashMap<String, List<K8sObject>> overlays = new java.util.LinkedHashMap<>();
        Repo.OVERLAYS.forEach(overlay -> overlays.put(overlay, Repo.objects(Repo.rendered(overlay))));
        return overlays;
    }

    static Stream<Installation> installations() {
        return overlays().entrySet().stream().flatMap(e -> Installation.of(e.getKey(), e.getValue()).stream());
    }

    /** Every workload (controller Deployment, node DaemonSet) of every overlay. */
    static Stream<K8sObject> workloads() {
        return installations().flatMap(i -> Stream.of(i.controller(), i.node()));
    }

    /** The polycsi role a workload runs: its first argument, {@code controller} or {@code node}. */
    static String role(K8sObject workload) {
        return K8sObject.strings(workload.container(Installation.POLYCSI), "args").getFirst();
    }

    /** Mebibytes of a Kubernetes quantity such as 640Mi or 1Gi. */
    static long mebibytes(String quantity) {
        if (quantity.endsWith("Mi")) {
            return Long.parseLong(quantity.substring(0, quantity.length() - 2));
        }
        if (quantity.endsWith("Gi")) {
            return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * 1024;
        }
        throw new AssertionError("write memory in Mi or Gi: " + quantity);
    }

    /** Mebibytes of a JVM size such as 64m or 1g. */
    static long jvmMebibytes(String size) {
        char unit = Character.toLowerCase(size.charAt(size.length() - 1));
        long number = Long.parseLong(size.substring(0, size.length() - 1));
        return switch (unit) {
            case 'm' -> number;
            case 'g' -> number * 1024;
            default -> throw new AssertionError("write JVM sizes in m or g: " + size);
        };
    }
}
