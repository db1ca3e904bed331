package dev.polycsi.spi.node;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.controller.CapacityRange;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The node role of a backend. Ids are the backend's own, without the handle prefix. The core
 * has already checked paths and capabilities, and serialises calls per volume.
 *
 * <p>Every method must be idempotent: the kubelet retries after timeouts and restarts, and a
 * mount may already be there, or already be gone.
 */
public interface NodeOps {

    /** A node that does nothing; for controller-only backends. */
    NodeOps NONE = new NodeOps() {
        @Override
        public void publish(NodePublishRequest request) {
            throw CsiException.unimplemented("this backend has no node service");
        }

        @Override
        public void unpublish(String volumeId, Path targetPath) {
            throw CsiException.unimplemented("this backend has no node service");
        }
    };

    /** Topology and volume limit of this node for the backend's volumes. */
    default NodeDetails details() {
        return NodeDetails.NONE;
    }

    /** STAGE_UNSTAGE_VOLUME. */
    default void stage(StageRequest request) {
        throw CsiException.unimplemented("NodeStageVolume is not implemented by this backend");
    }

    /** STAGE_UNSTAGE_VOLUME. Nothing staged there: return normally. */
    default void unstage(String volumeId, Path stagingPath) {
        throw CsiException.unimplemented("NodeUnstageVolume is not implemented by this backend");
    }

    void publish(NodePublishRequest request);

    /** Nothing published there: return normally. Must not hang on a dead server. */
    void unpublish(String volumeId, Path targetPath);

    /** GET_VOLUME_STATS. NOT_FOUND if nothing is published or staged at {@code volumePath}. */
    default VolumeStats stats(String volumeId, Path volumePath, Optional<Path> stagingPath) {
        throw CsiException.unimplemented("NodeGetVolumeStats is not implemented by this backend");
    }

    /** EXPAND_VOLUME. Returns the new capacity in bytes. */
    default long expand(String volumeId, Path volumePath, Optional<Path> stagingPath, CapacityRange capacity,
            Optional<VolumeCapability> capability) {
        throw CsiException.unimplemented("NodeExpandVolume is not implemented by this backend");
    }
}
