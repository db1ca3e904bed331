package dev.polycsi.spi.node;

import dev.polycsi.spi.CsiException;

/**
 * The node role of a backend. Ids are the backend's own, without the handle prefix.
 *
 * <p>The contract, the same for every backend (the conformance suite checks it):
 * <ul>
 *   <li>The core has checked paths and capabilities, and runs one call per volume (per volume
 *       and target for publish) at a time.</li>
 *   <li>The staging path belongs to the CO: it exists before {@link #stage} (the core creates
 *       it if the CO has not), and neither the backend nor the core removes it.</li>
 *   <li>The target path belongs to the driver. The core creates it before {@link #publish} (a
 *       directory for a mount, an empty file for a raw block volume; its parent is the CO's)
 *       and removes it after {@link #unpublish}. The backend mounts onto it and unmounts it.</li>
 *   <li>After {@link #unpublish} returns, the target must hold nothing of the volume. If a
 *       non-empty directory is left (files a pod wrote while the volume was not mounted there),
 *       or a raw block target that is a file with bytes in it, the core keeps it and answers
 *       FAILED_PRECONDITION naming the path: it never deletes data. A target still mounted
 *       after {@link #unpublish} is INTERNAL, and is never removed.</li>
 *   <li>{@link #stats} and {@link #expand} are called only when something is mounted at the
 *       volume path; the core answers NOT_FOUND otherwise.</li>
 *   <li>Every method is idempotent: the kubelet retries after timeouts and restarts, and a mount
 *       may already be there, or already be gone. Nothing may hang on a dead server.</li>
 * </ul>
 */
public interface NodeOps extends AutoCloseable {

    /** A node that does nothing; for controller-only backends. */
    NodeOps NONE = new NodeOps() {
        @Override
        public void publish(NodePublishRequest request) {
            throw CsiException.unimplemented("this backend has no node service");
        }

        @Override
        public void unpublish(NodeUnpublishRequest request) {
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
    default void unstage(UnstageRequest request) {
        throw CsiException.unimplemented("NodeUnstageVolume is not implemented by this backend");
    }

    void publish(NodePublishRequest request);

    /** Nothing published there: return normally. Must not hang on a dead server. */
    void unpublish(NodeUnpublishRequest request);

    /** GET_VOLUME_STATS. */
    default VolumeStats stats(VolumeStatsRequest request) {
        throw CsiException.unimplemented("NodeGetVolumeStats is not implemented by this backend");
    }

    /** EXPAND_VOLUME. Returns the new capacity in bytes. */
    default long expand(NodeExpandRequest request) {
        throw CsiException.unimplemented("NodeExpandVolume is not implemented by this backend");
    }

    /** Stops what the node runs in the background (watchdogs, helpers); called once at shutdown. */
    @Override
    default void close() {
    }
}
