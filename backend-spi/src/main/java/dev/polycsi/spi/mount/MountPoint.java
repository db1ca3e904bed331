package dev.polycsi.spi.mount;

import java.nio.file.Path;
import java.util.List;

/**
 * One line of /proc/self/mountinfo.
 *
 * @param root    the directory within the source filesystem that is mounted (differs for bind mounts)
 * @param options per-mount options merged with the superblock options (e.g. ro, rw, nosuid)
 */
public record MountPoint(Path target, String source, String fsType, String root, String device, List<String> options) {

    public MountPoint {
        options = List.copyOf(options);
    }

    public boolean readOnly() {
        return options.contains("ro");
    }
}
