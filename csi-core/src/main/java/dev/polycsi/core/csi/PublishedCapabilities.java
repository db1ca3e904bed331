package dev.polycsi.core.csi;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.VolumeCapability;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each ControllerPublishVolume asked for, so that a publish of the same volume to the same
 * node with another capability or read-only flag is ALREADY_EXISTS, as CSI requires. Kept in
 * memory: after a restart the first publish is accepted as it comes, since the attachment itself
 * does not record the capability.
 */
final class PublishedCapabilities {

    private record Key(String volumeId, String nodeId) {}

    private record Asked(VolumeCapability capability, boolean readonly) {}

    private final Map<Key, Asked> published = new ConcurrentHashMap<>();

    /** ALREADY_EXISTS if the volume is published to the node with something else. */
    void requireCompatible(String volumeId, String nodeId, VolumeCapability capability, boolean readonly) {
        Asked earlier = published.get(new Key(volumeId, nodeId));
        if (earlier != null && !earlier.equals(new Asked(capability, readonly))) {
            throw CsiException.alreadyExists(
                    "volume '%s' is already published to node '%s' with %s%s; this request asks for %s%s",
                    volumeId, nodeId, describe(earlier.capability()), earlier.readonly() ? " read-only" : "",
                    describe(capability), readonly ? " read-only" : "");
        }
    }

    void published(String volumeId, String nodeId, VolumeCapability capability, boolean readonly) {
        published.put(new Key(volumeId, nodeId), new Asked(capability, readonly));
    }

    /** An empty {@code nodeId} (CSI: "from every node") forgets every node's publish. */
    void unpublished(String volumeId, String nodeId) {
        published.keySet().removeIf(key -> key.volumeId().equals(volumeId) && (nodeId.isEmpty() || key.nodeId().equals(nodeId)));
    }

    private static String describe(VolumeCapability capability) {
        String type = capability.isBlock() ? "block" : "mount" + (capability.fsType().isEmpty() ? "" : " " + capability.fsType());
        String flags = capability.mountFlags().isEmpty() ? "" : " flags " + capability.mountFlags();
        return capability.accessMode() + " " + type + flags;
    }
}
