package dev.polycsi.fsx.lustre;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.fsx.node.NodeOptions;
import dev.polycsi.fsx.support.PollOptions;
import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.BackendCapabilities.ControllerFeature;
import dev.polycsi.spi.BackendCapabilities.NodeFeature;
import dev.polycsi.spi.BackendFactory;
import dev.polycsi.spi.CsiException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class LustreBackendFactoryTest {

    @Test
    void serviceLoaderFindsTheBackendByItsOfficialName() {
        List<String> names = ServiceLoader.load(BackendFactory.class).stream().map(p -> p.get().name()).toList();
        assertEquals(List.of("fsx-lustre"), names);
    }

    /**
     * csi-provisioner, csi-attacher (controller capability) and the kubelet (node capability) send
     * ReadWriteOnce as SINGLE_NODE_MULTI_WRITER and ReadWriteOncePod as SINGLE_NODE_SINGLE_WRITER
     * when the driver advertises it: all four Kubernetes modes must arrive as modes Lustre serves.
     */
    @Test
    void everyKubernetesAccessModeArrivesAsAModeTheBackendServes() {
        var capabilities = LustreBackendFactory.CAPABILITIES;
        assertEquals(capabilities.supports(ControllerFeature.SINGLE_NODE_MULTI_WRITER), capabilities.supports(NodeFeature.SINGLE_NODE_MULTI_WRITER),
                "the controller and the node translate ReadWriteOnce alike");
        assertTrue(capabilities.filesystemModes().containsAll(Set.of(AccessMode.SINGLE_NODE_MULTI_WRITER, AccessMode.SINGLE_NODE_SINGLE_WRITER,
                AccessMode.MULTI_NODE_READER_ONLY, AccessMode.MULTI_NODE_MULTI_WRITER)), capabilities.filesystemModes().toString());
        assertTrue(capabilities.blockModes().isEmpty(), "a Lustre file system is no block device");
        assertFalse(capabilities.supports(NodeFeature.STAGE_UNSTAGE_VOLUME), "each publish mounts the file system itself");
        assertTrue(capabilities.supports(ControllerFeature.EXPAND_VOLUME) && capabilities.supports(ControllerFeature.MODIFY_VOLUME));
    }

    @Test
    void optionsHoldTheControllersAndTheNodesWithTheirDefaults() {
        var options = new LustreBackendFactory().options();
        var parsed = options.parse(Map.of());
        assertEquals(new PollOptions(Duration.ofSeconds(5)), PollOptions.from(parsed));
        assertEquals(NodeOptions.DEFAULTS, NodeOptions.from(parsed));
        assertEquals(Duration.ofSeconds(1), PollOptions.from(options.parse(Map.of("first-poll-seconds", "1"))).firstPoll());
        for (Executable bad : List.<Executable>of(() -> options.parse(Map.of("first-poll-seconds", "0")),
                () -> options.parse(Map.of("first-poll-seconds", "soon")))) {
            CsiException refused = org.junit.jupiter.api.Assertions.assertThrows(CsiException.class, bad);
            assertTrue(refused.getMessage().contains("first-poll-seconds"), refused.getMessage());
        }
    }
}
