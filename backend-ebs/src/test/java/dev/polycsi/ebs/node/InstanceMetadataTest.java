package dev.polycsi.ebs.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class InstanceMetadataTest {

    @Test
    void onlyEbsMappingsCountTheRootIsReservedApart() {
        assertEquals(0, InstanceMetadata.ebsMappings(List.of("ami", "root")));
        assertEquals(2, InstanceMetadata.ebsMappings(List.of("ami", "ebs1", "ebs2", "ephemeral0", "root")));
        assertEquals(0, InstanceMetadata.ebsMappings(List.of()));
    }
}
