package dev.polycsi.efs.params;

import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.controller.CapacityRange;
import dev.polycsi.spi.controller.CreateVolumeRequest;
import dev.polycsi.spi.controller.CreationMetadata;
import dev.polycsi.spi.controller.TopologyRequirement;
import dev.polycsi.spi.param.Parameters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** CreateVolume requests as the core hands them to the backend, for tests. */
public final class Requests {

    public static final String FILE_SYSTEM = "fs-0123456789abcdef0";
    public static final CreationMetadata METADATA = new CreationMetadata("data", "team-a", "pvc-1234");

    private Requests() {
    }

    /** provisioningMode and fileSystemId, plus {@code extra}. */
    public static Map<String, String> parameters(String... extra) {
        Map<String, String> raw = new HashMap<>(Map.of("provisioningMode", "efs-ap", "fileSystemId", FILE_SYSTEM));
        for (int i = 0; i < extra.length; i += 2) {
            raw.put(extra[i], extra[i + 1]);
        }
        return raw;
    }

    public static Parameters parse(Map<String, String> raw) {
        return VolumeParameters.SCHEMA.parse(raw);
    }

    public static CreateVolumeRequest create(String name, long bytes, CreationMetadata metadata, String... extra) {
        return new CreateVolumeRequest(name, new CapacityRange(bytes, 0),
                List.of(VolumeCapability.filesystem("", AccessMode.MULTI_NODE_MULTI_WRITER)), parse(parameters(extra)),
                Parameters.none(), metadata, Optional.empty(), TopologyRequirement.NONE, Secrets.none(), Deadline.NONE);
    }

    /** Exactly these parameters, and the provisioner secret's {@code secrets}. */
    public static CreateVolumeRequest create(String name, Map<String, String> parameters, Map<String, String> secrets) {
        return new CreateVolumeRequest(name, new CapacityRange(1L << 30, 0),
                List.of(VolumeCapability.filesystem("", AccessMode.MULTI_NODE_MULTI_WRITER)), parse(parameters),
                Parameters.none(), METADATA, Optional.empty(), TopologyRequirement.NONE, Secrets.of(secrets), Deadline.NONE);
    }

    public static CreateVolumeRequest create(String name, String... extra) {
        return create(name, 1L << 30, METADATA, extra);
    }
}
