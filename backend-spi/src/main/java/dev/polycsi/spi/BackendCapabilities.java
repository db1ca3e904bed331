package dev.polycsi.spi;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a backend can do. The driver advertises the union over its enabled backends and refuses,
 * per volume, what that volume's backend cannot do.
 *
 * @param controller     controller RPC groups, named as in the CSI spec
 * @param node           node RPC groups, named as in the CSI spec
 * @param blockModes     access modes for raw block volumes; empty if block is not supported
 * @param filesystemModes access modes for mounted filesystem volumes
 */
public record BackendCapabilities(
        Set<ControllerFeature> controller,
        Set<NodeFeature> node,
        Set<AccessMode> blockModes,
        Set<AccessMode> filesystemModes) {

    public BackendCapabilities {
        controller = immutable(controller, ControllerFeature.class);
        node = immutable(node, NodeFeature.class);
        blockModes = immutable(blockModes, AccessMode.class);
        filesystemModes = immutable(filesystemModes, AccessMode.class);
    }

    public boolean supports(ControllerFeature feature) {
        return controller.contains(feature);
    }

    public boolean supports(NodeFeature feature) {
        return node.contains(feature);
    }

    public Set<AccessMode> modesFor(VolumeCapability.AccessType type) {
        return type == VolumeCapability.AccessType.BLOCK ? blockModes : filesystemModes;
    }

    private static <E extends Enum<E>> Set<E> immutable(Set<E> values, Class<E> type) {
        return values == null || values.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(values));
    }

    /** Controller RPC groups; the names are those of the CSI ControllerServiceCapability.RPC.Type. */
    public enum ControllerFeature {
        CREATE_DELETE_VOLUME,
        PUBLISH_UNPUBLISH_VOLUME,
        LIST_VOLUMES,
        GET_CAPACITY,
        CREATE_DELETE_SNAPSHOT,
        LIST_SNAPSHOTS,
        CLONE_VOLUME,
        PUBLISH_READONLY,
        EXPAND_VOLUME,
        LIST_VOLUMES_PUBLISHED_NODES,
        VOLUME_CONDITION,
        GET_VOLUME,
        SINGLE_NODE_MULTI_WRITER,
        MODIFY_VOLUME
    }

    /** Node RPC groups; the names are those of the CSI NodeServiceCapability.RPC.Type. */
    public enum NodeFeature {
        STAGE_UNSTAGE_VOLUME,
        GET_VOLUME_STATS,
        EXPAND_VOLUME,
        VOLUME_CONDITION,
        SINGLE_NODE_MULTI_WRITER,
        VOLUME_MOUNT_GROUP
    }
}
