package dev.polycsi.ebs.node;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.mount.FilesystemStats;
import dev.polycsi.spi.mount.MountPoint;
import dev.polycsi.spi.mount.Mounter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mounter that keeps a mount table in memory and records its calls: devices are plain files,
 * each mounted device gets a device number of its own, and a bind mount shares its source's.
 */
final class RecordingMounter implements Mounter {

    final List<String> calls = new CopyOnWriteArrayList<>();
    final Map<Path, MountPoint> mounts = new ConcurrentHashMap<>();
    final Map<Path, Long> deviceSizes = new HashMap<>();
    final Map<Path, String> deviceNumbers = new HashMap<>();
    private final AtomicInteger minor = new AtomicInteger();

    @Override
    public void mount(String source, Path target, String fsType, List<String> options) {
        calls.add("mount " + source + " " + target);
        mounts.put(target, new MountPoint(target, source, fsType, "/", numberOf(Path.of(source)), options));
    }

    @Override
    public void bindMount(Path source, Path target, boolean readOnly, List<String> options) {
        calls.add("bindMount " + source + " " + target + (readOnly ? " ro" : "") + " " + options);
        MountPoint from = mounts.get(source);
        List<String> flags = new ArrayList<>(options);
        flags.add(readOnly ? "ro" : "rw");
        if (from != null) {
            mounts.put(target, new MountPoint(target, from.source(), from.fsType(), from.root(), from.device(), flags));
        } else {
            mounts.put(target, new MountPoint(target, "devtmpfs", "devtmpfs", "/" + source.getFileName(), "0:5", flags));
        }
    }

    @Override
    public void unmount(Path target) {
        calls.add("unmount " + target);
        mounts.remove(target);
    }

    @Override
    public Optional<MountPoint> findMount(Path target) {
        return Optional.ofNullable(mounts.get(target));
    }

    @Override
    public Optional<String> filesystemOn(Path device) {
        return Optional.empty();
    }

    @Override
    public void formatAndMount(Path device, Path target, String fsType, List<String> formatOptions, List<String> mountOptions) {
        calls.add("formatAndMount " + device + " " + target + " " + fsType + " " + formatOptions + " " + mountOptions);
        List<String> flags = new ArrayList<>(mountOptions);
        if (!flags.contains("ro")) {
            flags.add("rw");
        }
        mounts.put(target, new MountPoint(target, device.toString(), fsType, "/", numberOf(device), flags));
    }

    @Override
    public void resizeFilesystem(Path device, Path mountPath) {
        calls.add("resizeFilesystem " + device + " " + mountPath);
    }

    @Override
    public FilesystemStats filesystemStats(Path path) {
        return new FilesystemStats(1000, 400, 600, 100, 70, 30);
    }

    @Override
    public long blockDeviceSize(Path device) {
        Long size = deviceSizes.get(device);
        if (size == null) {
            throw CsiException.internal("no size for %s", device);
        }
        return size;
    }

    List<String> callsStartingWith(String prefix) {
        return calls.stream().filter(call -> call.startsWith(prefix)).toList();
    }

    private synchronized String numberOf(Path device) {
        return deviceNumbers.computeIfAbsent(device, d -> "259:" + minor.incrementAndGet());
    }
}
