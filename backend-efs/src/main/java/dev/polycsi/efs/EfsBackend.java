package dev.polycsi.efs;

import dev.polycsi.efs.cloud.EfsCloud;
import dev.polycsi.efs.cloud.SdkEfsCloud;
import dev.polycsi.efs.controller.ControllerOptions;
import dev.polycsi.efs.controller.EfsController;
import dev.polycsi.efs.node.EfsNode;
import dev.polycsi.efs.node.NodeOptions;
import dev.polycsi.efs.params.EfsVolumeId;
import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.Backend;
import dev.polycsi.spi.BackendCapabilities;
import dev.polycsi.spi.BackendCapabilities.ControllerFeature;
import dev.polycsi.spi.BackendCapabilities.NodeFeature;
import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.controller.ControllerOps;
import dev.polycsi.spi.node.NodeOps;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** EFS: the controller manages access points, the node mounts with the EFS mount helper. */
final class EfsBackend implements Backend {

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

    private final Optional<EfsCloud> cloud;
    private final ControllerOps controller;
    private final NodeOps node;

    private EfsBackend(Optional<EfsCloud> cloud, ControllerOps controller, NodeOps node) {
        this.cloud = cloud;
        this.controller = controller;
        this.node = node;
    }

    static EfsBackend start(BackendContext context, ControllerOptions controllerOptions, NodeOptions nodeOptions, Path scratch) {
        Optional<EfsCloud> cloud = Optional.empty();
        ControllerOps controller = ControllerOps.NONE;
        NodeOps node = NodeOps.NONE;
        if (context.roles().contains(BackendContext.Role.CONTROLLER)) {
            EfsCloud efs = SdkEfsCloud.create(context.aws());
            cloud = Optional.of(efs);
            controller = EfsController.create(efs, controllerOptions, context.mounter(), scratch);
        }
        if (context.roles().contains(BackendContext.Role.NODE)) {
            node = EfsNode.create(context, nodeOptions);
        }
        return new EfsBackend(cloud, controller, node);
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

    /** The official driver's handles: {@code fs-x}, {@code fs-x:/path}, {@code fs-x::fsap-y}, {@code fs-x:/path:fsap-y}. */
    @Override
    public boolean recognizesForeignHandle(String handle) {
        return EfsVolumeId.isForeignHandle(handle);
    }

    @Override
    public void close() {
        cloud.ifPresent(EfsCloud::close);
        if (node instanceof EfsNode efsNode) {
            efsNode.close();
        }
    }
}
