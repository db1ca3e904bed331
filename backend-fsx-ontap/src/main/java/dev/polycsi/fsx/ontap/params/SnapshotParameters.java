package dev.polycsi.fsx.ontap.params;

import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.ParameterSchema;
import dev.polycsi.spi.param.Parameters;
import java.util.Map;

/** The VolumeSnapshotClass parameters of {@code backend: fsx-ontap}, whose VolumeSnapshots are FSx backups. */
public final class SnapshotParameters {

    static final Parameter<Map<String, String>> EXTRA_TAGS = Parameter.custom("extraTags", "tags",
            "Tags of every backup, key=value pairs separated by commas, read as the StorageClass's extraTags. The driver adds "
                    + OntapTags.SNAPSHOT_NAME_TAG + "=<snapshot name> (snapshot- and the VolumeSnapshot's UID); FSx allows 50 tags in all. The volume's tags "
                    + "are not copied, whatever its copyTagsToBackups: FSx copies none to a backup asked for with tags.",
            OntapTags.allowed(OntapTags.BACKUP_DRIVER_KEYS), OntapTags::parseBackupTags);

    public static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .add(EXTRA_TAGS)
            .build();

    private SnapshotParameters() {
    }

    /** The VolumeSnapshotClass's tags, parsed by {@link #SCHEMA}; the controller adds its own with {@link OntapTags#forBackup}. */
    public static Map<String, String> extraTags(Parameters parameters) {
        return parameters.find(EXTRA_TAGS).orElse(Map.of());
    }
}
