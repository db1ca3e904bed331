package dev.polycsi.fsx.lustre;

import dev.polycsi.fsx.lustre.controller.LustreController;
import dev.polycsi.fsx.lustre.params.LustreVolumeId;
import dev.polycsi.fsx.lustre.params.MutableParameters;
import dev.polycsi.fsx.lustre.params.VolumeParameters;
import dev.polycsi.fsx.node.FsxNode;
import dev.polycsi.fsx.node.NodeOptions;
import dev.polycsi.fsx.support.PollOptions;
import dev.polycsi.fsx.support.SharedFileSystems;
import dev.polycsi.spi.AssembledBackend;
import dev.polycsi.spi.Backend;
import dev.polycsi.spi.BackendCapabilities.ControllerFeature;
import dev.polycsi.spi.BackendCapabilities.NodeFeature;
import dev.polycsi.spi.BackendCapabilities;
import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.BackendFactory;
import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.ParameterSchema;
import java.util.EnumSet;
import java.util.Set;

/** The entry point of {@code backend: fsx-lustre}: one FSx for Lustre file system per volume, as aws-fsx-csi-driver serves it. */
public final class LustreBackendFactory implements BackendFactory {

    public static final String NAME = "fsx-lustre";

    /** What the controller implements; with {@link SharedFileSystems#ACCESS_MODES} and the node's features, the backend's capabilities. */
    static final Set<ControllerFeature> FEATURES = Set.copyOf(EnumSet.of(
            ControllerFeature.CREATE_DELETE_VOLUME,
            ControllerFeature.EXPAND_VOLUME,
            ControllerFeature.MODIFY_VOLUME,
            ControllerFeature.SINGLE_NODE_MULTI_WRITER));

    /**
     * Filesystem volumes only, shared by any number of nodes. The node advertises
     * SINGLE_NODE_MULTI_WRITER as the controller does, so that csi-provisioner and the kubelet
     * translate ReadWriteOnce alike. No staging: every publish mounts the file system itself,
     * as the official driver does.
     */
    static final BackendCapabilities CAPABILITIES = new BackendCapabilities(
            FEATURES,
            EnumSet.of(NodeFeature.GET_VOLUME_STATS, NodeFeature.SINGLE_NODE_MULTI_WRITER),
            Set.of(),
            SharedFileSystems.ACCESS_MODES);

    /** The controller's one option, as every FSx backend has it, in Lustre's words. */
    static final Parameter<Long> FIRST_POLL = PollOptions.firstPoll(
            "Controller: how long after starting a file system's creation, expansion or throughput change the controller "
                    + "first looks at it; the pause then grows by half each time, up to 30 s. Lustre takes minutes, so looking "
                    + "sooner only costs calls; a simulator whose file systems are ready at once is the reason to lower it.");

    private static final ParameterSchema OPTIONS = ParameterSchema.builder()
            .add(FIRST_POLL)
            .add(NodeOptions.LAZY_UNMOUNT)
            .add(NodeOptions.MOUNT_CHECK_TIMEOUT)
            .build();

    /** ServiceLoader needs a public constructor without arguments. */
    public LustreBackendFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Amazon FSx for Lustre: a file system per volume, or static volumes of an existing file system";
    }

    @Override
    public ParameterSchema options() {
        return OPTIONS;
    }

    @Override
    public ParameterSchema volumeParameters() {
        return VolumeParameters.SCHEMA;
    }

    @Override
    public ParameterSchema mutableParameters() {
        return MutableParameters.SCHEMA;
    }

    /** The controller owns its FSx client and closes it; the node needs no AWS client at all. */
    @Override
    public Backend create(BackendContext context) throws Exception {
        PollOptions controllerOptions = PollOptions.from(context.options());
        NodeOptions nodeOptions = NodeOptions.from(context.options());
        return AssembledBackend.builder(context, CAPABILITIES)
                .controller(() -> LustreController.create(context.aws(), context.operations(), controllerOptions))
                .node(() -> FsxNode.create(FsxLustreVolumes.INSTANCE, context, nodeOptions))
                .foreignHandles(LustreVolumeId::isForeignHandle)
                .build();
    }
}
