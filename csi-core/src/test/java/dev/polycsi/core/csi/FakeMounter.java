package dev.polycsi.core.csi;

import dev.polycsi.spi.mount.FilesystemStats;
import dev.polycsi.spi.mount.MountPoint;
import dev.polycsi.spi.mount.Mounter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A mounter that mounts nothing and records what it was asked to do. */
final class FakeMounter implements Mounter {

    final List<String> calls = new CopyOnWriteArrayList<>();
    /** Paths that {@link #findMount} reports as mount points. */
    final Set<Path> mounted = ConcurrentHashMap.newKeySet();

    @Override
    public void mount(String source, Path target, String fsType, List<String> options) {
        calls.add("mount " + source + " " + target);
    }

    @Override
    public void bindMount(Path source, Path target, boolean readOnly, List<String> options) {
        calls.add("bindMount " + source + " " + target);
    }

    @Override
    public void unmount(Path target) {
        calls.add("unmount " + target);
        mounted.remove(target);
    }

    @Override
    public Optional<MountPoint> findMount(Path target) {
        return mounted.contains(target)
                ? Optional.of(new MountPoint(target, "fake", "fake", "/", "0:0", List.of("rw")))
                : Optional.empty();
    }

    @Override
    public Optional<String> filesystemOn(Path device) {
        return Optional.empty();
    }

    @Override
    public void formatAndMount(Path device, Path target, String fsType, List<String> formatOptions, List<String> mountOptions) {
        calls.add("formatAndMount " + device + " " + target);
    }

    @Override
    public void resizeFilesystem(Path device, Path mountPath) {
        calls.add("resizeFilesystem " + device + " " + mountPath);
    }

    @Override
    public FilesystemStats filesystemStats(Path path) {
        return new FilesystemStats(100, 50, 50, 10, 5, 5);
    }

    @Override
    public long blockDeviceSize(Path device) {
        return 0;
    }
}
