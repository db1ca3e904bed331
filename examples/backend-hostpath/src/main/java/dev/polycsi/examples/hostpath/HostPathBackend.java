package dev.polycsi.examples.hostpath;

import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.Backend;
import dev.polycsi.spi.BackendCapabilities;
import dev.polycsi.spi.BackendCapabilities.ControllerFeature;
import dev.polycsi.spi.BackendCapabilities.NodeFeature;
import dev.polycsi.spi.controller.ControllerOps;
import dev.polycsi.spi.mount.Mounter;
import dev.polycsi.spi.node.NodeOps;
import dev.polycsi.spi.operation.LongOperations;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * Volumes that are directories under a base path on one machine, where the controller and the
 * node services share that path (e.g. {@code polycsi all} on a single-node cluster). Like
 * kubernetes-csi's csi-driver-host-path, it is meant for development, tests and demos.
 *
 * <p>What it declares below is all the core lets through to it: a block volume, staging, or an
 * access mode not listed is refused by the core before any code here runs.
 */
final class HostPathBackend implements Backend {

    /** The topology segment that ties volumes to the node whose disk holds them. */
    static final String TOPOLOGY_KEY = "topology.hostpath.polycsi.dev/node";

    private static final BackendCapabilities CAPABILITIES = new BackendCapabilities(
            EnumSet.of(
                    ControllerFeature.CREATE_DELETE_VOLUME,
                    ControllerFeature.GET_CAPACITY,
                    ControllerFeature.LIST_VOLUMES,
                    ControllerFeature.GET_VOLUME,
                    ControllerFeature.EXPAND_VOLUME,
                    ControllerFeature.CREATE_DELETE_SNAPSHOT,
                    ControllerFeature.LIST_SNAPSHOTS,
                    ControllerFeature.CLONE_VOLUME,
                    // CSI lets the CO use the two SINGLE_NODE_*_WRITER modes only if the plugin says so.
                    ControllerFeature.SINGLE_NODE_MULTI_WRITER),
            EnumSet.of(
                    // No STAGE_UNSTAGE_VOLUME: a directory needs nothing done once per node.
                    NodeFeature.GET_VOLUME_STATS,
                    NodeFeature.EXPAND_VOLUME,
                    // Stats report a volume whose directory has gone as abnormal.
                    NodeFeature.VOLUME_CONDITION,
                    NodeFeature.SINGLE_NODE_MULTI_WRITER),
            // No block modes: a directory is not a block device.
            Set.of(),
            // Every filesystem mode, multi-node ones included: there is only one node, so
            // "many nodes" is that node, and a directory can be mounted any number of times.
            // MULTI_NODE_SINGLE_WRITER is left out because nothing here could enforce the single writer.
            EnumSet.of(
                    AccessMode.SINGLE_NODE_WRITER,
                    AccessMode.SINGLE_NODE_SINGLE_WRITER,
                    AccessMode.SINGLE_NODE_MULTI_WRITER,
                    AccessMode.SINGLE_NODE_READER_ONLY,
                    AccessMode.MULTI_NODE_READER_ONLY,
                    AccessMode.MULTI_NODE_MULTI_WRITER));

    private final HostPathController controller;
    private final HostPathNode node;

    /**
     * @param capacityBytes what all volumes together may claim
     * @param nodeId        this node's id, empty on a controller-only process
     * @param slow          whether creations take a while, and which fail
     * @param operations    the core's waiters for work that outlives one call
     */
    HostPathBackend(Path root, long capacityBytes, String nodeId, Mounter mounter, SlowCreations slow,
            LongOperations operations) {
        HostPathStore store = new HostPathStore(root);
        this.controller = new HostPathController(store, capacityBytes, nodeId, slow, operations);
        this.node = new HostPathNode(store, mounter, nodeId);
    }

    @Override
    public BackendCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public ControllerOps controller() {
        return controller;
    }

    @Override
    public NodeOps node() {
        return node;
    }

    /** Nothing to release: no connections, threads or caches, all state is on disk; the core stops its waiters. */
    @Override
    public void close() {
    }
}
