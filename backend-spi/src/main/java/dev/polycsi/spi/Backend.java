package dev.polycsi.spi;

import dev.polycsi.spi.controller.ControllerOps;
import dev.polycsi.spi.node.NodeOps;

/**
 * One storage service. The core validates every request against the CSI rules, the declared
 * {@link #capabilities()} and the factory's parameter schemas before a backend sees it, so a
 * backend only deals with requests it has said it can serve.
 */
public interface Backend extends AutoCloseable {

    BackendCapabilities capabilities();

    /** Called only where the controller service runs. */
    default ControllerOps controller() {
        return ControllerOps.NONE;
    }

    /** Called only where the node service runs. */
    default NodeOps node() {
        return NodeOps.NONE;
    }

    /**
     * Whether a volume handle without a {@code <backend>:} prefix belongs to this backend, for
     * statically provisioned volumes whose handles were written for another driver
     * (e.g. an EFS {@code fs-1234::fsap-5678}). The core then passes the handle unchanged.
     */
    default boolean recognizesForeignHandle(String handle) {
        return false;
    }

    @Override
    default void close() throws Exception {
    }
}
