package dev.polycsi.core.telemetry;

import dev.polycsi.spi.mount.FilesystemStats;
import dev.polycsi.spi.mount.MountPoint;
import dev.polycsi.spi.mount.Mounter;
import dev.polycsi.spi.mount.Unmounted;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A backend's {@link Mounter} whose changes to the node (mounts, unmounts, formats, resizes) are
 * timed and told to a {@link Listener}; look-ups pass through unmeasured. Every method goes to
 * the wrapped mounter, its own versions of the default methods included.
 */
public final class MeasuredMounter implements Mounter {

    /** Told of each measured operation once it has ended. */
    @FunctionalInterface
    public interface Listener {
        /** @param operation e.g. {@code mount}, {@code format_and_mount}; {@code succeeded} false when it threw */
        void ended(String operation, boolean succeeded, long nanos);
    }

    private final Mounter mounter;
    private final Listener listener;

    public MeasuredMounter(Mounter mounter, Listener listener) {
        this.mounter = mounter;
        this.listener = listener;
    }

    @Override
    public void mount(String source, Path target, String fsType, List<String> options) {
        measure("mount", () -> mounter.mount(source, target, fsType, options));
    }

    @Override
    public void bindMount(Path source, Path target, boolean readOnly, List<String> options) {
        measure("bind_mount", () -> mounter.bindMount(source, target, readOnly, options));
    }

    @Override
    public void unmount(Path target) {
        measure("unmount", () -> mounter.unmount(target));
    }

    @Override
    public void lazyUnmount(Path target) {
        measure("lazy_unmount", () -> mounter.lazyUnmount(target));
    }

    @Override
    public Unmounted unmountOrDetach(Path target) {
        Unmounted[] result = new Unmounted[1];
        measure("unmount", () -> result[0] = mounter.unmountOrDetach(target));
        return result[0];
    }

    @Override
    public void formatAndMount(Path device, Path target, String fsType, List<String> formatOptions, List<String> mountOptions) {
        measure("format_and_mount", () -> mounter.formatAndMount(device, target, fsType, formatOptions, mountOptions));
    }

    @Override
    public void resizeFilesystem(Path device, Path mountPath) {
        measure("resize_filesystem", () -> mounter.resizeFilesystem(device, mountPath));
    }

    @Override
    public Optional<MountPoint> findMount(Path target) {
        return mounter.findMount(target);
    }

    @Override
    public boolean isMounted(Path target) {
        return mounter.isMounted(target);
    }

    @Override
    public Optional<String> filesystemOn(Path device) {
        return mounter.filesystemOn(device);
    }

    @Override
    public FilesystemStats filesystemStats(Path path) {
        return mounter.filesystemStats(path);
    }

    @Override
    public long blockDeviceSize(Path device) {
        return mounter.blockDeviceSize(device);
    }

    private void measure(String operation, Runnable action) {
        long started = System.nanoTime();
        boolean succeeded = false;
        try {
            action.run();
            succeeded = true;
        } finally {
            listener.ended(operation, succeeded, System.nanoTime() - started);
        }
    }
}
