package dev.polycsi.spi.mount;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The operating system's mount operations, as a seam: Linux for real, a recording fake in
 * tests, a translating one when the driver runs against the AWS simulator. Failures are
 * {@link dev.polycsi.spi.CsiException}s (INTERNAL with the command's output, or
 * FAILED_PRECONDITION where the state of the node is wrong), never shell strings.
 */
public interface Mounter {

    /** Mounts {@code source} of type {@code fsType} (e.g. nfs4, efs, lustre, ext4) at {@code target}. */
    void mount(String source, Path target, String fsType, List<String> options);

    /** Bind-mounts a directory or a device file onto {@code target}; read-only if asked. */
    void bindMount(Path source, Path target, boolean readOnly, List<String> options);

    /** Unmounts {@code target}; nothing mounted there is success. Bounded in time. */
    void unmount(Path target);

    /** The mount at exactly {@code target}, from /proc/self/mountinfo (never a stat, which can hang). */
    Optional<MountPoint> findMount(Path target);

    default boolean isMounted(Path target) {
        return findMount(target).isPresent();
    }

    /** The filesystem on a block device, e.g. "ext4"; empty if the device holds none. */
    Optional<String> filesystemOn(Path device);

    /**
     * Mounts a block device, first formatting it with {@code mkfs.<fsType>} and
     * {@code formatOptions} only if it holds no filesystem. A device that holds another
     * filesystem than {@code fsType} is never formatted: that is FAILED_PRECONDITION.
     */
    void formatAndMount(Path device, Path target, String fsType, List<String> formatOptions, List<String> mountOptions);

    /** Grows the filesystem mounted at {@code mountPath} from {@code device} to fill it. */
    void resizeFilesystem(Path device, Path mountPath);

    /** statvfs of a mounted filesystem. */
    FilesystemStats filesystemStats(Path path);

    /** The size of a block device in bytes. */
    long blockDeviceSize(Path device);
}
