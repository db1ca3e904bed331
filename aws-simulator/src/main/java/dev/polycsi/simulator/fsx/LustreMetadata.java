package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.json.JsonRequest;
import java.util.List;
import java.util.Optional;

/** MetadataConfiguration: PERSISTENT_2 only; AUTOMATIC takes no IOPS, USER_PROVISIONED one of FSx's values. */
final class LustreMetadata {

    private static final int MAX_IOPS = 192_000;

    private LustreMetadata() {
    }

    static Optional<MetadataConfiguration> read(JsonRequest lustre, DeploymentType deployment) {
        return lustre.object("MetadataConfiguration").map(metadata -> {
            if (deployment != DeploymentType.PERSISTENT_2) {
                throw FsxError.badRequest("MetadataConfiguration is supported only for deployment type PERSISTENT_2, not %s.", deployment);
            }
            String mode = FsxFields.oneOf(metadata, "Mode", List.of(MetadataConfiguration.AUTOMATIC, MetadataConfiguration.USER_PROVISIONED))
                    .orElseThrow(() -> FsxError.badRequest("Mode is required in MetadataConfiguration."));
            Optional<Long> iops = metadata.integer("Iops");
            if (mode.equals(MetadataConfiguration.AUTOMATIC)) {
                if (iops.isPresent()) {
                    throw FsxError.badRequest("Iops cannot be set in AUTOMATIC metadata configuration mode.");
                }
                return new MetadataConfiguration(mode, 0);
            }
            long value = iops.orElseThrow(() -> FsxError.badRequest("Iops is required in USER_PROVISIONED metadata configuration mode."));
            if (!valid(value)) {
                throw FsxError.badRequest("Metadata Iops %d is not valid; valid values are 1500, 3000, 6000, 12000 and multiples of 12000 up to %d.",
                        value, MAX_IOPS);
            }
            return new MetadataConfiguration(mode, (int) value);
        });
    }

    private static boolean valid(long iops) {
        return iops == 1500 || iops == 3000 || iops == 6000 || (iops >= 12000 && iops <= MAX_IOPS && iops % 12000 == 0);
    }
}
