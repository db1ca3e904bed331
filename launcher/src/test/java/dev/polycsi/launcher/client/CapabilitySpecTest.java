package dev.polycsi.launcher.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import csi.v1.Csi;
import csi.v1.Csi.VolumeCapability.AccessMode.Mode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CapabilitySpecTest {

    @Test
    void theDefaultIsSingleNodeWriterOnAMountedFilesystem() {
        Csi.VolumeCapability capability = CapabilitySpec.defaultCapability();
        assertEquals(Mode.SINGLE_NODE_WRITER, capability.getAccessMode().getMode());
        assertTrue(capability.hasMount());
        assertEquals("", capability.getMount().getFsType());
    }

    @ParameterizedTest
    @CsvSource({
        "single-node-writer, SINGLE_NODE_WRITER",
        "single-node-reader-only, SINGLE_NODE_READER_ONLY",
        "multi-node-reader-only, MULTI_NODE_READER_ONLY",
        "multi-node-single-writer, MULTI_NODE_SINGLE_WRITER",
        "multi-node-multi-writer, MULTI_NODE_MULTI_WRITER",
        "single-node-single-writer, SINGLE_NODE_SINGLE_WRITER",
        "single-node-multi-writer, SINGLE_NODE_MULTI_WRITER",
        "SINGLE_NODE_WRITER, SINGLE_NODE_WRITER",
        "rwo, SINGLE_NODE_WRITER",
        "ROX, MULTI_NODE_READER_ONLY",
        "rwx, MULTI_NODE_MULTI_WRITER",
        "rwop, SINGLE_NODE_SINGLE_WRITER",
        "5, MULTI_NODE_MULTI_WRITER"
    })
    void everyModeByItsNameKubernetesNameOrNumber(String spec, Mode mode) {
        Csi.VolumeCapability capability = CapabilitySpec.parse(spec);
        assertEquals(mode, capability.getAccessMode().getMode());
        assertTrue(capability.hasMount(), "mount is the default type");
    }

    @Test
    void blockNeedsNoMore() {
        Csi.VolumeCapability capability = CapabilitySpec.parse("multi-node-multi-writer,block");
        assertTrue(capability.hasBlock());
        assertEquals(Mode.MULTI_NODE_MULTI_WRITER, capability.getAccessMode().getMode());
    }

    @Test
    void aMountTakesAFilesystemTypeAndEveryFieldAfterItAsAMountFlag() {
        Csi.VolumeCapability capability = CapabilitySpec.parse("rwo,mount,xfs,noatime,nouuid");
        assertEquals("xfs", capability.getMount().getFsType());
        assertEquals(List.of("noatime", "nouuid"), capability.getMount().getMountFlagsList());
    }

    @Test
    void emptyFieldsTakeTheirDefaults() {
        Csi.VolumeCapability capability = CapabilitySpec.parse(",,ext4");
        assertEquals(Mode.SINGLE_NODE_WRITER, capability.getAccessMode().getMode());
        assertEquals("ext4", capability.getMount().getFsType());
        assertEquals(CapabilitySpec.defaultCapability(), CapabilitySpec.parse(""));
    }

    @Test
    void anUnknownModeListsTheModes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CapabilitySpec.parse("rw-many,mount"));
        assertTrue(e.getMessage().contains("'rw-many'") && e.getMessage().contains("multi-node-multi-writer")
                && e.getMessage().contains("rwop"), e.getMessage());
    }

    @Test
    void anUnknownTypeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CapabilitySpec.parse("rwo,file"));
        assertTrue(e.getMessage().contains("'file'"), e.getMessage());
    }

    @Test
    void aBlockVolumeHasNoFilesystem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CapabilitySpec.parse("rwo,block,ext4"));
        assertTrue(e.getMessage().contains("block"), e.getMessage());
    }
}
