package dev.polycsi.efs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.BackendCapabilities.ControllerFeature;
import dev.polycsi.spi.BackendCapabilities.NodeFeature;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EfsBackendTest {

    /**
     * A driver that advertises SINGLE_NODE_MULTI_WRITER gets ReadWriteOnce claims as that mode
     * and ReadWriteOncePod ones as SINGLE_NODE_SINGLE_WRITER, from csi-provisioner and csi-attacher
     * (controller capability) and from the kubelet (node capability); EFS must take all four
     * Kubernetes access modes as they arrive.
     */
    @Test
    void everyKubernetesAccessModeArrivesAsAModeEfsServes() {
        var capabilities = EfsBackend.CAPABILITIES;
        assertTrue(capabilities.supports(ControllerFeature.SINGLE_NODE_MULTI_WRITER) == capabilities.supports(NodeFeature.SINGLE_NODE_MULTI_WRITER),
                "the controller and the node translate ReadWriteOnce alike");
        boolean multiWriter = capabilities.supports(ControllerFeature.SINGLE_NODE_MULTI_WRITER);
        Set<AccessMode> sent = Set.of(
                multiWriter ? AccessMode.SINGLE_NODE_MULTI_WRITER : AccessMode.SINGLE_NODE_WRITER,
                multiWriter ? AccessMode.SINGLE_NODE_SINGLE_WRITER : AccessMode.SINGLE_NODE_WRITER,
                AccessMode.MULTI_NODE_READER_ONLY,
                AccessMode.MULTI_NODE_MULTI_WRITER);
        assertTrue(capabilities.filesystemModes().containsAll(sent), "sent " + sent + ", served " + capabilities.filesystemModes());
    }
}
