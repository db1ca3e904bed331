package dev.polycsi.fsx.lustre.cloud;

import dev.polycsi.fsx.lustre.params.LustreSettings;
import java.util.Map;

/**
 * A CreateFileSystem for one volume.
 *
 * @param clientToken        ClientRequestToken: FSx answers a repeated request with this token and the same
 *                           parameters with the file system it made the first time
 * @param storageCapacityGiB already rounded to a size FSx accepts
 * @param tags               every tag, {@code CSIVolumeName} included
 */
public record NewFileSystem(String clientToken, long storageCapacityGiB, LustreSettings settings, Map<String, String> tags) {

    public NewFileSystem {
        tags = Map.copyOf(tags);
    }
}
