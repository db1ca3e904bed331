package dev.polycsi.fsx.ontap.node;

import dev.polycsi.fsx.node.MountOptions;
import dev.polycsi.fsx.node.NetworkMount;
import dev.polycsi.fsx.node.NetworkVolumes;
import dev.polycsi.fsx.node.NfsMount;
import dev.polycsi.fsx.ontap.controller.OntapController;
import dev.polycsi.fsx.ontap.params.OntapVolumeId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * FSx for ONTAP volumes on the node: handle {@code fsvol-…}, mounted over NFS from the SVM's NFS
 * endpoint at the volume's junction path ({@link OntapContext}), with the context's options and
 * then the PV's {@code mountOptions}, which mount(8) lets win as it honours the last.
 */
public final class OntapVolumes implements NetworkVolumes {

    public static final OntapVolumes INSTANCE = new OntapVolumes();

    private OntapVolumes() {
    }

    @Override
    public String product() {
        return "FSx for ONTAP";
    }

    @Override
    public String parseId(String volumeId) {
        return OntapVolumeId.parse(volumeId);
    }

    @Override
    public Set<String> fsTypes() {
        return Set.of("", "nfs", "nfs4");
    }

    @Override
    public String blockRefusal() {
        return OntapController.NO_BLOCK;
    }

    @Override
    public NetworkMount mountFor(String id, Map<String, String> context, boolean readOnly, List<String> mountFlags) {
        OntapContext ontap = OntapContext.parse(context);
        MountOptions options = MountOptions.forPublish(id, readOnly, ontap.effectiveMountOptions(), mountFlags);
        return new NfsMount(ontap.dnsName(), ontap.junctionPath(), options.options(), options.readOnly());
    }
}
