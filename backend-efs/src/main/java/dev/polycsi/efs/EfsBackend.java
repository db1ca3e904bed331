package dev.polycsi.efs;

import dev.polycsi.efs.controller.ControllerOptions;
import dev.polycsi.efs.controller.EfsController;
import dev.polycsi.efs.node.EfsNode;
import dev.polycsi.efs.node.NodeOptions;
import dev.polycsi.efs.params.EfsVolumeId;
import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.AssembledBackend;
import dev.polycsi.spi.Backend;
import dev.polycsi.spi.BackendCapabilities;
import dev.polycsi.spi.BackendCapabilities.ControllerFeature;
import dev.polycsi.spi.BackendCapabilities.NodeFeature;
import dev.polycsi.spi.BackendContext;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/** EFS: the controller manages access points, the node mounts with the EFS mount helper. */
final class EfsBackend {

    /**
     * Filesystem volumes only, shared by any number of nodes: ReadWriteOnce, ReadWriteOncePod,
     * ReadOnlyMany and ReadWriteMany. No block modes: the core refuses block volumes. With
     * SINGLE_NODE_MULTI_WRITER advertised, csi-provisioner and the kubelet send ReadWriteOnce as
     * SINGLE_NODE_MULTI_WRITER (and ReadWriteOncePod as SINGLE_NODE_SINGLE_WRITER).
     */
    static final BackendCapabilities CAPABILITIES = new BackendCapabilities(
            EnumSet.of(ControllerFeature.CREATE_DELETE_VOLUME, ControllerFeature.SINGLE_NODE_MULTI_WRITER),
            EnumSet.of(NodeFeature.GET_VOLUME_STATS, NodeFeature.SINGLE_NODE_MULTI_WRITER),
            Set.of(),
            EnumSet.of(
                    AccessMode.SINGLE_NODE_WRITER,
                    AccessMode.SINGLE_NODE_MULTI_WRITER,
                    AccessMode.SINGLE_NODE_SINGLE_WRITER,
                    AccessMode.MULTI_NODE_READER_ONLY,
                    AccessMode.MULTI_NODE_MULTI_WRITER));

    private EfsBackend() {
    }

    /** The controller owns the EFS client and closes it; the node closes its mount watchdog. */
    static Backend start(BackendContext context, ControllerOptions controllerOptions, NodeOptions nodeOptions, Path scratch) throws Exception {
        return AssembledBackend.builder(context, CAPABILITIES)
                .controller(() -> EfsController.onAws(context.aws(), context.cluster(), controllerOptions, context.mounter(), scratch))
                .node(() -> EfsNode.create(context, nodeOptions))
                .foreignHandles(EfsVolumeId::isForeignHandle)
                .build();
    }
}
