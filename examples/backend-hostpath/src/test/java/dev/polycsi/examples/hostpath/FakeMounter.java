package dev.polycsi.examples.hostpath;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.mount.FilesystemStats;
import dev.polycsi.spi.mount.MountPoint;
import dev.polycsi.spi.mount.Mounter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A mounter that mounts nothing: it records the calls and keeps a mount table in memory,
 * filled the way /proc/self/mountinfo would show a bind mount (the mounted directory as the
 * mount's root, "ro" or "rw" first among the options).
 */
final class FakeMounter implements Mounter {

    record BindMount(Path source, Path target, boolean readOnly, List<String> options) {}

    final List<BindMount> bindMounts = new ArrayList<>();
    final List<Path> unmounts = new ArrayList<>();
    final Map<Path, MountPoint> table = new ConcurrentHashMap<>();
    FilesystemStats filesystem = new FilesystemStats(500_000, 400_000, 100_000, 1000, 900, 100);

    @Override
    public synchronized void bindMount(Path source, Path target, boolean readOnly, List<String> options) {
        bindMounts.add(new BindMount(source, target, readOnly, options));
        // Like mount(8): both ends must exist.
        if (!Files.isDirectory(source) || !Files.isDirectory(target)) {
            throw CsiException.failedPrecondition("bind mount %s on %s: no such directory", source, target);
        }
        List<String> mountOptions = new ArrayList<>();
        mountOptions.add(readOnly ? "ro" : "rw");
        mountOptions.addAll(options);
        table.put(target, new MountPoint(target, "/dev/fake", "ext4", source.toString(), "8:1", mountOptions));
    }

    @Override
    public synchronized void unmount(Path target) {
        unmounts.add(target);
        table.remove(target);
    }

    @Override
    public Optional<MountPoint> findMount(Path target) {
        return Optional.ofNullable(table.get(target));
    }

    @Override
    public FilesystemStats filesystemStats(Path path) {
        if (!table.containsKey(path)) {
            throw CsiException.internal("statvfs %s: not a mount point in this fake", path);
        }
        return filesystem;
    }

    @Override
    public void mount(String source, Path target, String fsType, List<String> options) {
        throw new UnsupportedOperationException("hostpath only bind-mounts");
    }

    @Override
    public Optional<String> filesystemOn(Path device) {
        throw new UnsupportedOperationException("hostpath has no devices");
    }

    @Override
    public void formatAndMount(Path device, Path target, String fsType, List<String> formatOptions, List<String> mountOptions) {
        throw new UnsupportedOperationException("hostpath has no devices");
    }

    @Override
    public void resizeFilesystem(Path device, Path mountPath) {
        throw new UnsupportedOperationException("hostpath has no devices");
    }

    @Override
    public long blockDeviceSize(Path device) {
        throw new UnsupportedOperationException("hostpath has no devices");
    }
}
