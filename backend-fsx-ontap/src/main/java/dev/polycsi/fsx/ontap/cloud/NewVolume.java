package dev.polycsi.fsx.ontap.cloud;

import dev.polycsi.fsx.ontap.params.OntapSettings;
import java.util.Map;
import java.util.Optional;

/**
 * A CreateVolume (or, with a backup, a CreateVolumeFromBackup) as the controller asks for it.
 *
 * @param name         the ONTAP volume name
 * @param clientToken  FSx's ClientRequestToken
 * @param fromBackup   the backup to restore, if any
 */
public record NewVolume(String name, OntapSettings settings, long sizeBytes, String junctionPath, Map<String, String> tags,
        Optional<String> fromBackup, String clientToken) {

    public NewVolume {
        tags = Map.copyOf(tags);
    }
}
