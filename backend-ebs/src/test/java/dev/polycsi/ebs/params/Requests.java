package dev.polycsi.ebs.params;

import dev.polycsi.spi.Deadline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.controller.CapacityRange;
import dev.polycsi.spi.controller.CreateVolumeRequest;
import dev.polycsi.spi.controller.CreationMetadata;
import dev.polycsi.spi.controller.TopologyRequirement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.function.Executable;

/** Builds requests the way the core does: raw maps parsed by the backend's schemas. */
final class Requests {

    static final VolumeCapability EXT4 = VolumeCapability.filesystem("ext4", AccessMode.SINGLE_NODE_WRITER);
    static final VolumeCapability NO_FS = VolumeCapability.filesystem("", AccessMode.SINGLE_NODE_WRITER);
    static final VolumeCapability XFS = VolumeCapability.filesystem("xfs", AccessMode.SINGLE_NODE_WRITER);
    static final VolumeCapability BLOCK = VolumeCapability.block(AccessMode.SINGLE_NODE_WRITER);
    static final CreationMetadata METADATA = new CreationMetadata("data-db-0", "shop", "pvc-1234");

    private Requests() {
    }

    static CreateVolumeRequest request(Map<String, String> storageClass, Map<String, String> vac, List<VolumeCapability> capabilities,
            CreationMetadata metadata) {
        return new CreateVolumeRequest("pvc-1234", new CapacityRange(0, 0), capabilities,
                VolumeParameters.SCHEMA.parse(storageClass), MutableParameters.SCHEMA.parse(vac), metadata, Optional.empty(),
                TopologyRequirement.NONE, Secrets.none(), Deadline.NONE);
    }

    static CreateVolumeRequest request(Map<String, String> storageClass) {
        return request(storageClass, Map.of(), List.of(EXT4), METADATA);
    }

    static VolumeSettings resolve(Map<String, String> storageClass, long sizeGiB) {
        return VolumeParameters.resolve(request(storageClass), sizeGiB, Map.of());
    }

    /** Runs {@code call}, which must fail with INVALID_ARGUMENT whose message names every one of {@code names}. */
    static String invalid(Executable call, String... names) {
        CsiException e = assertThrows(CsiException.class, call);
        assertEquals(CsiException.Code.INVALID_ARGUMENT, e.code(), e.getMessage());
        for (String name : names) {
            assertTrue(e.getMessage().contains(name), () -> "message should name '" + name + "': " + e.getMessage());
        }
        return e.getMessage();
    }
}
