package dev.polycsi.spi.mount;

import dev.polycsi.spi.CsiException;
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

    /**
     * Detaches the mount at {@code target} at once and lets the kernel finish when the file system
     * answers ({@code umount -l}); nothing mounted there is success. Bounded in time. The last
     * resort for a network file system whose server is gone, where a plain unmount blocks until it
     * times out: a lazily detached block file system is still in use, and detaching its disk then
     * loses what it had not written. The default, for mounters that cannot, is UNIMPLEMENTED.
     */
    default void lazyUnmount(Path target) {
        throw CsiException.unimplemented("this mounter cannot detach %s lazily", target);
    }

    /**
     * {@link #unmount}, and if that fails (it times out when the server is gone) while
     * {@code target} is still mounted, {@link #lazyUnmount}: bounded by the two timeouts, so that
     * a dead server cannot keep a volume's unpublish (and the per-volume claim it holds) forever.
     * For network file systems only (see {@link #lazyUnmount}). Returns what it took; if
     * {@code target} is still mounted at the end, throws the unmount's failure with the lazy
     * unmount's suppressed.
     */
    default Unmounted unmountOrDetach(Path target) {
        try {
            unmount(target);
            return Unmounted.CLEANLY;
        } catch (CsiException failure) {
            if (!isMounted(target)) {
                // The kernel took the mount away before the command gave up (it was still flushing).
                return new Unmounted(false, Optional.of(failure.getMessage()));
            }
            try {
                lazyUnmount(target);
            } catch (CsiException lazy) {
                failure.addSuppressed(lazy);
            }
            if (isMounted(target)) {
                throw failure;
            }
            return new Unmounted(true, Optional.of(failure.getMessage()));
        }
    }

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
