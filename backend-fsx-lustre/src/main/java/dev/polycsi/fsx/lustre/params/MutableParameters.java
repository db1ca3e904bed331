package dev.polycsi.fsx.lustre.params;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.ParameterSchema;
import dev.polycsi.spi.param.Parameters;
import java.util.Optional;

/**
 * VolumeAttributesClass parameters of {@code backend: fsx-lustre}: what FSx's UpdateFileSystem
 * can change on a Lustre file system and the official driver does not offer
 * (aws-fsx-csi-driver #398). Same keys and values as in the StorageClass, case-sensitive. At
 * creation they override the StorageClass's; afterwards they drive ControllerModifyVolume.
 */
public final class MutableParameters {

    static final Parameter<Integer> PER_UNIT_STORAGE_THROUGHPUT = LustreParameters.perUnitStorageThroughput(
            "New throughput in MB/s per TiB, up or down: PERSISTENT_1 SSD 50, 100 or 200; PERSISTENT_2 SSD 125, 250, 500 or 1000. "
                    + "FSx changes neither HDD nor EFA-enabled file systems, nor scratch ones. The file system may be unavailable "
                    + "for a few minutes while FSx switches file servers.");
    static final Parameter<MetadataMode> METADATA_CONFIGURATION_MODE = LustreParameters.metadataMode(
            "PERSISTENT_2 only. USER_PROVISIONED (with metadataIops) to set the metadata IOPS; AUTOMATIC (without metadataIops) "
                    + "to let FSx scale them with the capacity again, which FSx refuses when the current IOPS exceed what "
                    + "AUTOMATIC would give.");
    static final Parameter<Integer> METADATA_IOPS = LustreParameters.metadataIops(
            "New metadata IOPS, with metadataConfigurationMode USER_PROVISIONED; at least the current ones, since FSx "
                    + "never lowers them.");

    public static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .add(PER_UNIT_STORAGE_THROUGHPUT)
            .add(METADATA_CONFIGURATION_MODE)
            .add(METADATA_IOPS)
            .build();

    private MutableParameters() {
    }

    /**
     * The change a ControllerModifyVolume asks for, checked on its own; check it against the
     * file system with {@link LustreChange#checkApplicableTo(ExistingFileSystem)}.
     */
    public static LustreChange resolve(Parameters mutable) {
        Optional<MetadataConfiguration> metadata = MetadataConfiguration.resolve(METADATA_CONFIGURATION_MODE.key(),
                METADATA_IOPS.key(), mutable.find(METADATA_CONFIGURATION_MODE), mutable.find(METADATA_IOPS));
        LustreChange change = new LustreChange(mutable.find(PER_UNIT_STORAGE_THROUGHPUT), metadata);
        if (change.isEmpty()) {
            throw CsiException.invalidArgument("the mutable parameters change nothing; allowed: %s, %s, %s",
                    PER_UNIT_STORAGE_THROUGHPUT.key(), METADATA_CONFIGURATION_MODE.key(), METADATA_IOPS.key());
        }
        return change;
    }
}
