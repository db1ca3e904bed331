package dev.polycsi.simulator.node;

import dev.polycsi.spi.mount.FilesystemStats;
import dev.polycsi.spi.mount.MountPoint;
import dev.polycsi.spi.mount.Mounter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A Mounter that only writes down how it was called, one line per call. */
final class RecordingMounter implements Mounter {

    static final FilesystemStats STATS = new FilesystemStats(100, 60, 40, 10, 6, 4);

    private final List<String> calls = new ArrayList<>();

    List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void mount(String source, Path target, String fsType, List<String> options) {
        calls.add("mount " + source + " " + target + " " + fsType + " " + options);
    }

    @Override
    public void bindMount(Path source, Path target, boolean readOnly, List<String> options) {
        calls.add("bindMount " + source + " " + target + " readOnly=" + readOnly + " " + options);
    }

    @Override
    public void unmount(Path target) {
        calls.add("unmount " + target);
    }

    @Override
    public void lazyUnmount(Path target) {
        calls.add("lazyUnmount " + target);
    }

    @Override
    public Optional<MountPoint> findMount(Path target) {
        calls.add("findMount " + target);
        return Optional.empty();
    }

    @Override
    public Optional<String> filesystemOn(Path device) {
        calls.add("filesystemOn " + device);
        return Optional.of("ext4");
    }

    @Override
    public void formatAndMount(Path device, Path target, String fsType, List<String> formatOptions, List<String> mountOptions) {
        calls.add("formatAndMount " + device + " " + target + " " + fsType + " " + formatOptions + " " + mountOptions);
    }

    @Override
    public void resizeFilesystem(Path device, Path mountPath) {
        calls.add("resizeFilesystem " + device + " " + mountPath);
    }

    @Override
    public FilesystemStats filesystemStats(Path path) {
        calls.add("filesystemStats " + path);
        return STATS;
    }

    @Override
    public long blockDeviceSize(Path device) {
        calls.add("blockDeviceSize " + device);
        return 42;
    }
}
