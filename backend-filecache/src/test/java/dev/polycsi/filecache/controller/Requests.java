package dev.polycsi.filecache.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.filecache.params.VolumeParameters;
import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.controller.CapacityRange;
import dev.polycsi.spi.controller.CreateVolumeRequest;
import dev.polycsi.spi.controller.CreationMetadata;
import dev.polycsi.spi.controller.DeleteVolumeRequest;
import dev.polycsi.spi.controller.GetVolumeRequest;
import dev.polycsi.spi.controller.TopologyRequirement;
import dev.polycsi.spi.param.Parameters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.function.Executable;

/** Requests as the core hands them over: parameters parsed by the backend's schema, no deadline. */
final class Requests {

    static final long GIB = 1L << 30;
    static final String SUBNET = FakeFileCacheCloud.SUBNET;
    static final String S3 = "FileCachePath=/ns1/,DataRepositoryPath=s3://training-data/set1/";

    private Requests() {
    }

    /** A CreateVolume of at least {@code requiredGiB} with subnetId, one S3 association and the StorageClass {@code pairs} (key, value, …). */
    static CreateVolumeRequest create(String name, long requiredGiB, String... pairs) {
        return create(name, new CapacityRange(requiredGiB * GIB, 0), storageClass(pairs),
                VolumeCapability.filesystem("", AccessMode.MULTI_NODE_MULTI_WRITER));
    }

    static CreateVolumeRequest create(String name, CapacityRange range, Map<String, String> storageClass, VolumeCapability capability) {
        return new CreateVolumeRequest(name, range, List.of(capability), VolumeParameters.SCHEMA.parse(storageClass),
                Parameters.none(), CreationMetadata.NONE, Optional.empty(), TopologyRequirement.NONE,
                Secrets.none(), Deadline.NONE);
    }

    static Map<String, String> storageClass(String... pairs) {
        Map<String, String> raw = new HashMap<>(Map.of("subnetId", SUBNET, "dataRepositoryAssociations", S3));
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
