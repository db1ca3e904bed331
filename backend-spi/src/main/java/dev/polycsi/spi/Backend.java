package dev.polycsi.spi;

import dev.polycsi.spi.controller.ControllerOps;
import dev.polycsi.spi.node.NodeOps;
import dev.polycsi.spi.param.ParameterSchema;

/**
 * One storage service. The core validates every request against the CSI rules, the declared
 * {@link #capabilities()} and the parameter schemas before a backend sees it, so a backend
 * only deals with requests it has said it can serve.
 */
public interface Backend extends AutoCloseable {

    BackendCapabilities capabilities();

    /** StorageClass parameters; the core rejects unknown keys and bad values with their key named. */
    ParameterSchema volumeParameters();

    /** VolumeSnapshotClass parameters. */
    default ParameterSchema snapshotParameters() {
        return ParameterSchema.empty();
    }

    /** VolumeAttributesClass parameters, for ControllerModifyVolume and CreateVolume's mutable parameters. */
    default ParameterSchema mutableParameters() {
        return ParameterSchema.empty();
    }

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
