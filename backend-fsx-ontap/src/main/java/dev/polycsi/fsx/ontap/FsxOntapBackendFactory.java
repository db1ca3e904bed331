package dev.polycsi.fsx.ontap;

import dev.polycsi.fsx.node.FsxNode;
import dev.polycsi.fsx.node.NodeOptions;
import dev.polycsi.fsx.ontap.controller.OntapController;
import dev.polycsi.fsx.ontap.node.OntapVolumes;
import dev.polycsi.fsx.ontap.params.OntapVolumeId;
import dev.polycsi.fsx.ontap.params.SnapshotParameters;
import dev.polycsi.fsx.ontap.params.VolumeParameters;
import dev.polycsi.fsx.support.PollOptions;
import dev.polycsi.fsx.support.SharedFileSystems;
import dev.polycsi.spi.AssembledBackend;
import dev.polycsi.spi.Backend;
import dev.polycsi.spi.BackendCapabilities.ControllerFeature;
import dev.polycsi.spi.BackendCapabilities;
import dev.polycsi.spi.BackendCapabilities.NodeFeature;
import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.BackendFactory;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.param.ParameterSchema;
import java.util.EnumSet;
import java.util.Set;

/**
 * The entry point of {@code backend: fsx-ontap}: one FSx for NetApp ONTAP volume per PV, mounted
 * over NFS, with snapshots as FSx backups; all through the FSx API.
 */
public final class FsxOntapBackendFactory implements BackendFactory {

    public static final String NAME = "fsx-ontap";

    /** What the controller implements; with {@link SharedFileSystems#ACCESS_MODES} and the node's features, the backend's capabilities. */
    static final Set<ControllerFeature> FEATURES = Set.copyOf(EnumSet.of(
            ControllerFeature.CREATE_DELETE_VOLUME,
            ControllerFeature.EXPAND_VOLUME,
            ControllerFeature.CREATE_DELETE_SNAPSHOT,
            ControllerFeature.LIST_SNAPSHOTS,
            ControllerFeature.LIST_VOLUMES,
            ControllerFeature.SINGLE_NODE_MULTI_WRITER));

    /**
     * Filesystem volumes only, shared by any number of nodes. The node advertises
     * SINGLE_NODE_MULTI_WRITER as the controller does; no staging: every publish mounts the
     * export itself.
     */
    static final BackendCapabilities CAPABILITIES = new BackendCapabilities(
            FEATURES,
            EnumSet.of(NodeFeature.GET_VOLUME_STATS, NodeFeature.SINGLE_NODE_MULTI_WRITER),
            Set.of(),
            SharedFileSystems.ACCESS_MODES);

    private static final ParameterSchema OPTIONS = ParameterSchema.builder()
            .add(PollOptions.FIRST_POLL)
            .add(NodeOptions.LAZY_UNMOUNT)
            .add(NodeOptions.MOUNT_CHECK_TIMEOUT)
            .build();

    /** ServiceLoader needs a public constructor without arguments. */
    public FsxOntapBackendFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Amazon FSx for NetApp ONTAP: an NFS volume per PersistentVolume in an SVM, snapshots as FSx backups, "
                + "through the FSx API (no ONTAP credentials)";
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
    public ParameterSchema snapshotParameters() {
        return SnapshotParameters.SCHEMA;
    }

    /** Raw block volumes would be iSCSI LUNs, which the FSx API cannot make. */
    @Override
    public String unservedAccessType(VolumeCapability.AccessType type) {
        return type == VolumeCapability.AccessType.BLOCK ? OntapController.NO_BLOCK : "";
    }

    /** The controller owns its FSx client and closes it; the node needs no AWS client at all. */
    @Override
    public Backend create(BackendContext context) throws Exception {
        PollOptions poll = PollOptions.from(context.options());
        NodeOptions nodeOptions = NodeOptions.from(context.options());
        return AssembledBackend.builder(context, CAPABILITIES)
                .controller(() -> OntapController.create(context.aws(), context.operations(), poll))
                .node(() -> FsxNode.create(OntapVolumes.INSTANCE, context, nodeOptions))
                .foreignHandles(OntapVolumeId::isForeignHandle)
                .build();
    }
}
