package dev.polycsi.spi.controller;

import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.param.Parameters;
import java.util.List;
import java.util.Optional;

/**
 * A validated CreateVolume. The same {@code name} must always lead to the same volume
 * (CSI idempotency), and a name reused with an incompatible request is ALREADY_EXISTS.
 *
 * @param parameters        StorageClass parameters, parsed against {@code volumeParameters()}
 * @param mutableParameters VolumeAttributesClass parameters, parsed against {@code mutableParameters()}
 */
public record CreateVolumeRequest(
        String name,
        CapacityRange capacity,
        List<VolumeCapability> capabilities,
        Parameters parameters,
        Parameters mutableParameters,
        CreationMetadata metadata,
        Optional<ContentSource> source,
        TopologyRequirement topology,
        Secrets secrets,
        Deadline deadline) {

    public CreateVolumeRequest {
        capabilities = List.copyOf(capabilities);
    }

    public boolean wantsBlock() {
        return capabilities.stream().anyMatch(VolumeCapability::isBlock);
    }
}
