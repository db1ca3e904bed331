package dev.polycsi.ebs.node;

import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.node.NodeOps;

/** The node role of the EBS backend. */
public final class EbsNode {

    private EbsNode() {
    }

    /** Reads the instance's identity from IMDS (through {@code context.aws()}) and returns the node operations. */
    public static NodeOps create(BackendContext context, NodeOptions options) {
        throw new UnsupportedOperationException("not written yet");
    }
}
