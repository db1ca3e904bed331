package dev.polycsi.filecache.cloud;

import dev.polycsi.filecache.params.CacheSettings;
import java.util.Map;

/**
 * A CreateFileCache for one volume.
 *
 * @param clientToken ClientRequestToken: FSx answers a repeated request with this token and the same
 *                    parameters with the cache it made the first time
 * @param settings    the checked settings, the storage capacity already rounded to a size FSx accepts
 * @param tags        every tag, {@code CSIVolumeName} included
 */
public record NewCache(String clientToken, CacheSettings settings, Map<String, String> tags) {

    public NewCache {
        tags = Map.copyOf(tags);
    }
}
