package dev.polycsi.core.csi;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The publish targets this node serves, by backend, for the published-volumes gauge. Learnt from
 * NodePublishVolume and forgotten at NodeUnpublishVolume; after a restart, relearnt from the
 * NodeGetVolumeStats calls that kubelet makes for every published volume about once a minute.
 */
final class PublishedTargets {

    private final Map<Path, String> backendByTarget = new ConcurrentHashMap<>();

    void published(Path target, String backend) {
        backendByTarget.put(target, backend);
    }

    void unpublished(Path target) {
        backendByTarget.remove(target);
    }

    Map<String, Integer> countByBackend() {
        Map<String, Integer> counts = new TreeMap<>();
        backendByTarget.values().forEach(backend -> counts.merge(backend, 1, Integer::sum));
        return counts;
    }
}
