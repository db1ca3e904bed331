package dev.polycsi.filecache;

import dev.polycsi.filecache.controller.FileCacheController;
import dev.polycsi.filecache.params.CacheVolumeId;
import dev.polycsi.filecache.params.VolumeParameters;
import dev.polycsi.fsx.node.FsxNode;
import dev.polycsi.fsx.node.NodeOptions;
import dev.polycsi.fsx.support.PollOptions;
import dev.polycsi.fsx.support.SharedFileSystems;
import dev.polycsi.spi.AssembledBackend;
import dev.polycsi.spi.Backend;
import dev.polycsi.spi.BackendCapabilities.ControllerFeature;
import dev.polycsi.spi.BackendCapabilities;
import dev.polycsi.spi.BackendCapabilities.NodeFeature;
import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.BackendFactory;
import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.ParameterSchema;
import java.util.EnumSet;
import java.util.Set;

/** The entry point of {@code backend: filecache}: one Amazon File Cache per volume, as aws-file-cache-csi-driver serves it. */
public final class FileCacheBackendFactory implements BackendFactory {

    public static final String NAME = "filecache";

    /** What the controller implements; with {@link SharedFileSystems#ACCESS_MODES} and the node's features, the backend's capabilities. */
    static final Set<ControllerFeature> FEATURES = Set.copyOf(EnumSet.of(
            ControllerFeature.CREATE_DELETE_VOLUME,
            ControllerFeature.SINGLE_NODE_MULTI_WRITER));

    /**
     * Filesystem volumes only, shared by any number of nodes. The node advertises
     * SINGLE_NODE_MULTI_WRITER as the controller does, so that csi-provisioner and the kubelet
     * translate ReadWriteOnce alike. No staging: every publish mounts the cache itself, as the
     * official driver does. No EXPAND_VOLUME: a cache keeps the size it was made with.
     */
    static final BackendCapabilities CAPABILITIES = new BackendCapabilities(
            FEATURES,
            EnumSet.of(NodeFeature.GET_VOLUME_STATS, NodeFeature.SINGLE_NODE_MULTI_WRITER),
            Set.of(),
            SharedFileSystems.ACCESS_MODES);

    /** The controller's one option, as every FSx backend has it, in File Cache's words. */
    static final Parameter<Long> FIRST_POLL = PollOptions.firstPoll(
            "Controller: how long after starting a cache's creation the controller first looks at it; the pause then grows by "
                    + "half each time, up to 30 s. A cache takes minutes, so looking sooner only costs calls; a simulator whose "
                    + "caches are ready at once is the reason to lower it.");

    private static final ParameterSchema OPTIONS = ParameterSchema.builder()
            .add(FIRST_POLL)
            .add(NodeOptions.LAZY_UNMOUNT)
            .add(NodeOptions.MOUNT_CHECK_TIMEOUT)
            .build();

    /** ServiceLoader needs a public constructor without arguments. */
    public FileCacheBackendFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Also what the core's refusal of ControllerExpandVolume for a cache volume shows. */
    @Override
    public String description() {
        return "Amazon File Cache: a cache per volume in front of S3 or NFS data repositories, or static volumes of an existing "
                + "cache; a cache cannot grow after its creation";
    }

    @Override
    public ParameterSchema options() {
        return OPTIONS;
    }

    @Override
    public ParameterSchema volumeParameters() {
        return VolumeParameters.SCHEMA;
    }

    /** The controller owns its FSx client and closes it; the node needs no AWS client at all. */
    @Override
    public Backend create(BackendContext context) throws Exception {
        PollOptions controllerOptions = PollOptions.from(context.options());
        NodeOptions nodeOptions = NodeOptions.from(context.options());
        return AssembledBackend.builder(context, CAPABILITIES)
                .controller(() -> FileCacheController.create(context.aws(), context.operations(), controllerOptions))
                .node(() -> FsxNode.create(FileCacheVolumes.INSTANCE, context, nodeOptions))
                .foreignHandles(CacheVolumeId::isForeignHandle)
                .build();
    }
}
