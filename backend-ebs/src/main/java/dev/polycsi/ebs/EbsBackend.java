package dev.polycsi.ebs;

import dev.polycsi.ebs.cloud.CloudOptions;
import dev.polycsi.ebs.cloud.SdkEbsCloud;
import dev.polycsi.ebs.controller.ControllerOptions;
import dev.polycsi.ebs.controller.EbsController;
import dev.polycsi.ebs.node.EbsNode;
import dev.polycsi.ebs.node.NodeOptions;
import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.AssembledBackend;
import dev.polycsi.spi.Backend;
import dev.polycsi.spi.BackendCapabilities;
import dev.polycsi.spi.BackendCapabilities.ControllerFeature;
import dev.polycsi.spi.BackendCapabilities.NodeFeature;
import dev.polycsi.spi.BackendContext;
import java.util.EnumSet;

/** EBS volumes: the controller talks to EC2, the node formats, mounts and grows the attached disks. */
final class EbsBackend {

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

    private EbsBackend() {
    }

    /** The controller owns the EC2 clients and closes them; the node needs none. */
    static Backend start(BackendContext context, CloudOptions cloudOptions, ControllerOptions controllerOptions, NodeOptions nodeOptions)
            throws Exception {
        return AssembledBackend.builder(context, CAPABILITIES)
                .controller(() -> new EbsController(SdkEbsCloud.create(context.aws(), cloudOptions), controllerOptions))
                .node(() -> EbsNode.create(context, nodeOptions))
                .build();
    }
}
