package dev.polycsi.ebs.controller;

import java.util.Map;

/**
 * Controller settings of the EBS backend.
 *
 * @param extraTags  tags put on every volume and snapshot (--extra-tags of the official driver)
 * @param clusterId  when set, volumes also get {@code kubernetes.io/cluster/<id>=owned} and
 *                   {@code KubernetesCluster=<id>}, as with the official driver's --k8s-tag-cluster-id
 */
public record ControllerOptions(Map<String, String> extraTags, String clusterId) {

    public ControllerOptions {
        extraTags = Map.copyOf(extraTags);
    }
}
