package dev.polycsi.fsx.ontap.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.fsx.ontap.params.SnapshotParameters;
import dev.polycsi.fsx.ontap.params.VolumeParameters;
import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.controller.CapacityRange;
import dev.polycsi.spi.controller.ContentSource;
import dev.polycsi.spi.controller.CreateSnapshotRequest;
import dev.polycsi.spi.controller.CreateVolumeRequest;
import dev.polycsi.spi.controller.CreationMetadata;
import dev.polycsi.spi.controller.ExpandVolumeRequest;
import dev.polycsi.spi.controller.TopologyRequirement;
import dev.polycsi.spi.param.ParameterSchema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.function.Executable;

/** Requests as the core hands them over: parameters parsed by the backend's schemas, no deadline. */
final class Requests {

    static final long MIB = 1L << 20;
    static final long GIB = 1L << 30;

    private Requests() {
    }

    static Map<String, String> storageClass(String... pairs) {
        Map<String, String> raw = new HashMap<>(Map.of("fileSystemId", FakeOntapCloud.FILE_SYSTEM,
                "storageVirtualMachineId", FakeOntapCloud.SVM));
        for (int i = 0; i < pairs.length; i += 2) {
            raw.put(pairs[i], pairs[i + 1]);
        }
        return raw;
    }

    static CreateVolumeRequest create(String name, long requiredBytes, String... pairs) {
        return create(name, new CapacityRange(requiredBytes, 0), Optional.empty(),
                VolumeCapability.filesystem("", AccessMode.MULTI_NODE_MULTI_WRITER), pairs);
    }

    static CreateVolumeRequest create(String name, CapacityRange range, Optional<ContentSource> source, VolumeCapability capability,
            String... pairs) {
        return new CreateVolumeRequest(name, range, List.of(capability), VolumeParameters.SCHEMA.parse(storageClass(pairs)),
                ParameterSchema.builder().build().parse(Map.of()), CreationMetadata.NONE, source, TopologyRequirement.NONE,
                Secrets.none(), Deadline.NONE);
    }

    static CreateSnapshotRequest snapshot(String name, String volumeId, String... pairs) {
        Map<String, String> raw = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            raw.put(pairs[i], pairs[i + 1]);
        }
        return new CreateSnapshotRequest(name, volumeId, SnapshotParameters.SCHEMA.parse(raw), Secrets.none(), Deadline.NONE);
    }

    static ExpandVolumeRequest expand(String volumeId, long requiredBytes) {
        return new ExpandVolumeRequest(volumeId, new CapacityRange(requiredBytes, 0), Optional.empty(), Secrets.none(), Deadline.NONE);
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
