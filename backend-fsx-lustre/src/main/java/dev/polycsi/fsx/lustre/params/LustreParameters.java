package dev.polycsi.fsx.lustre.params;

import dev.polycsi.fsx.support.FsxParameters;
import dev.polycsi.spi.param.Parameter;
import java.util.List;

/**
 * The parameters a StorageClass and a VolumeAttributesClass share: the same key reads the same
 * values in both, only the description differs.
 */
final class LustreParameters {

    static final List<Integer> THROUGHPUTS = List.of(12, 40, 50, 100, 125, 200, 250, 500, 1000);

    private LustreParameters() {
    }

    static Parameter<Integer> perUnitStorageThroughput(String description) {
        return FsxParameters.oneOfNumbers("perUnitStorageThroughput", description, THROUGHPUTS,
                "one of " + FsxParameters.list(THROUGHPUTS) + ", as the deployment and storage type allow");
    }

    static Parameter<MetadataMode> metadataMode(String description) {
        return FsxParameters.choice("metadataConfigurationMode", description, MetadataMode.values());
    }

    static Parameter<Integer> metadataIops(String description) {
        return Parameter.custom("metadataIops", "integer", description, MetadataConfiguration.VALID_IOPS, value -> {
            int iops = FsxParameters.integer(value);
            if (!MetadataConfiguration.isValidIops(iops)) {
                throw new IllegalArgumentException("not a value FSx accepts");
            }
            return iops;
        });
    }
}
