package dev.polycsi.ebs;

import dev.polycsi.ebs.cloud.CloudOptions;
import dev.polycsi.ebs.cloud.EbsCloud;
import dev.polycsi.ebs.cloud.SdkEbsCloud;
import dev.polycsi.ebs.controller.ControllerOptions;
import dev.polycsi.ebs.controller.EbsController;
import dev.polycsi.ebs.node.EbsNode;
import dev.polycsi.ebs.node.NodeOptions;
import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.Backend;
import dev.polycsi.spi.BackendCapabilities;
import dev.polycsi.spi.BackendCapabilities.ControllerFeature;
import dev.polycsi.spi.BackendCapabilities.NodeFeature;
import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.controller.ControllerOps;
import dev.polycsi.spi.node.NodeOps;
import java.util.EnumSet;
import java.util.Optional;

/** EBS volumes: the controller talks to EC2, the node formats, mounts and grows the attached disks. */
final class EbsBackend implements Backend {

    /**
     * Single-node modes everywhere, RWOP included (the official driver offers only
     * SINGLE_NODE_WRITER, so that ReadWriteOncePod is not enforced by the driver); many nodes
     * only for raw block, where io2 Multi-Attach lets several instances write and the
     * application coordinates. A shared filesystem on a multi-attached disk would corrupt it.
     */
    static final BackendCapabilities CAPABILITIES = new BackendCapabilities(
            EnumSet.of(
                    ControllerFeature.CREATE_DELETE_VOLUME,
                    ControllerFeature.PUBLISH_UNPUBLISH_VOLUME,
                    ControllerFeature.CREATE_DELETE_SNAPSHOT,
                    ControllerFeature.LIST_SNAPSHOTS,
                    ControllerFeature.CLONE_VOLUME,
                    ControllerFeature.EXPAND_VOLUME,
                    ControllerFeature.MODIFY_VOLUME,
                    ControllerFeature.GET_VOLUME,
                    ControllerFeature.PUBLISH_READONLY,
                    ControllerFeature.SINGLE_NODE_MULTI_WRITER),
            EnumSet.of(
                    NodeFeature.STAGE_UNSTAGE_VOLUME,
                    NodeFeature.GET_VOLUME_STATS,
                    NodeFeature.EXPAND_VOLUME,
                    NodeFeature.SINGLE_NODE_MULTI_WRITER),
            EnumSet.of(
                    AccessMode.SINGLE_NODE_WRITER,
                    AccessMode.SINGLE_NODE_SINGLE_WRITER,
                    AccessMode.SINGLE_NODE_MULTI_WRITER,
                    AccessMode.SINGLE_NODE_READER_ONLY,
                    AccessMode.MULTI_NODE_MULTI_WRITER),
            EnumSet.of(
                    AccessMode.SINGLE_NODE_WRITER,
                    AccessMode.SINGLE_NODE_SINGLE_WRITER,
                    AccessMode.SINGLE_NODE_MULTI_WRITER,
                    AccessMode.SINGLE_NODE_READER_ONLY));

    private final Optional<EbsCloud> cloud;
    private final ControllerOps controller;
    private final NodeOps node;

    private EbsBackend(Optional<EbsCloud> cloud, ControllerOps controller, NodeOps node) {
        this.cloud = cloud;
        this.controller = controller;
        this.node = node;
    }

    static EbsBackend start(BackendContext context, CloudOptions cloudOptions, ControllerOptions controllerOptions, NodeOptions nodeOptions) {
        Optional<EbsCloud> cloud = Optional.empty();
        ControllerOps controller = ControllerOps.NONE;
        NodeOps node = NodeOps.NONE;
        if (context.roles().contains(BackendContext.Role.CONTROLLER)) {
            EbsCloud ec2 = SdkEbsCloud.create(context.aws(), cloudOptions);
            cloud = Optional.of(ec2);
            controller = new EbsController(ec2, controllerOptions);
        }
        if (context.roles().contains(BackendContext.Role.NODE)) {
            node = EbsNode.create(context, nodeOptions);
        }
        return new EbsBackend(cloud, controller, node);
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

    @Override
    public void close() {
        cloud.ifPresent(EbsCloud::close);
    }
}
