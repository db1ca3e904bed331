package dev.polycsi.filecache;

import dev.polycsi.filecache.params.CacheVolumeId;
import dev.polycsi.fsx.node.LustreVolumes;
import java.util.List;
import java.util.Optional;

/**
 * Amazon File Caches on the node: handle {@code fc-…}, {@code mountname} required (every cache has
 * its own, and none is common to all), and {@code relatime} and {@code flock} on every mount, as
 * the File Cache guide mounts: the cache evicts the least recently used files when it fills up,
 * and tells which those are by their access times, which {@code noatime} would freeze. A
 * volume's own mount options come after these, so {@code noatime} given there still wins, as
 * mount(8) honours the last.
 */
public final class FileCacheVolumes implements LustreVolumes {

    public static final FileCacheVolumes INSTANCE = new FileCacheVolumes();

    /** What every cache mount gets, before the volume's own options. */
    public static final List<String> DEFAULT_MOUNT_OPTIONS = List.of("relatime", "flock");

    private FileCacheVolumes() {
    }

    @Override
    public String product() {
        return "Amazon File Cache";
    }

    @Override
    public String parseId(String volumeId) {
        return CacheVolumeId.parse(volumeId).fileCacheId();
    }

    @Override
    public Optional<String> defaultMountName() {
        return Optional.empty();
    }

    @Override
    public List<String> defaultMountOptions() {
        return DEFAULT_MOUNT_OPTIONS;
    }
}
