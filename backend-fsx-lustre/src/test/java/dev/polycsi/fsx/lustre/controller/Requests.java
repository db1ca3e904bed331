package dev.polycsi.fsx.lustre.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.fsx.lustre.params.MutableParameters;
import dev.polycsi.fsx.lustre.params.VolumeParameters;
import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.controller.CapacityRange;
import dev.polycsi.spi.controller.CreateVolumeRequest;
import dev.polycsi.spi.controller.CreationMetadata;
import dev.polycsi.spi.controller.DeleteVolumeRequest;
import dev.polycsi.spi.controller.ExpandVolumeRequest;
import dev.polycsi.spi.controller.GetVolumeRequest;
import dev.polycsi.spi.controller.ModifyVolumeRequest;
import dev.polycsi.spi.controller.TopologyRequirement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.function.Executable;

/** Requests as the core hands them over: parameters parsed by the backend's schemas, no deadline. */
final class Requests {

    static final long GIB = 1L << 30;
    static final String SUBNET = "subnet-0123456789abcdef0";
    /** The StorageClass most tests use: PERSISTENT_2 at 125 MB/s/TiB, sizes 1200 and then multiples of 2400 GiB. */
    static final String[] PERSISTENT_2 = {"deploymentType", "PERSISTENT_2", "perUnitStorageThroughput", "125"};

    private Requests() {
    }

    /** A CreateVolume of at least {@code requiredGiB} with subnetId and the StorageClass {@code pairs} (key, value, …). */
    static CreateVolumeRequest create(String name, long requiredGiB, String... pairs) {
        return create(name, new CapacityRange(requiredGiB * GIB, 0), storageClass(pairs), Map.of(),
                VolumeCapability.filesystem("", AccessMode.MULTI_NODE_MULTI_WRITER));
    }

    static CreateVolumeRequest create(String name, CapacityRange range, Map<String, String> storageClass, Map<String, String> vac,
            VolumeCapability capability) {
        return new CreateVolumeRequest(name, range, List.of(capability), VolumeParameters.SCHEMA.parse(storageClass),
                MutableParameters.SCHEMA.parse(vac), CreationMetadata.NONE, Optional.empty(), TopologyRequirement.NONE, Secrets.none(),
                Deadline.NONE);
    }

    static Map<String, String> storageClass(String... pairs) {
        Map<String, String> raw = new HashMap<>(Map.of("subnetId", SUBNET));
        for (int i = 0; i < pairs.length; i += 2) {
            raw.put(pairs[i], pairs[i + 1]);
        }
        return raw;
    }

    static DeleteVolumeRequest delete(String volumeId) {
        return new DeleteVolumeRequest(volumeId, Secrets.none(), Deadline.NONE);
    }

    static GetVolumeRequest get(String volumeId) {
        return new GetVolumeRequest(volumeId, Deadline.NONE);
    }

    static ExpandVolumeRequest expand(String volumeId, long requiredGiB) {
        return new ExpandVolumeRequest(volumeId, new CapacityRange(requiredGiB * GIB, 0), Optional.empty(), Secrets.none(), Deadline.NONE);
    }

    /** A ControllerModifyVolume with the VolumeAttributesClass {@code pairs}. */
    static ModifyVolumeRequest modify(String volumeId, String... pairs) {
        Map<String, String> raw = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            raw.put(pairs[i], pairs[i + 1]);
        }
        return new ModifyVolumeRequest(volumeId, MutableParameters.SCHEMA.parse(raw), Secrets.none(), Deadline.NONE);
    }

    /** Runs {@code call}, which must fail with {@code code} and a message holding every one of {@code fragments}. */
    static String fails(CsiException.Code code, Executable call, String... fragments) {
        CsiException e = assertThrows(CsiException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), () -> "message should hold '" + fragment + "': " + e.getMessage());
        }
        return e.getMessage();
    }
}
