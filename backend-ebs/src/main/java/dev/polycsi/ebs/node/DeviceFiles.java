package dev.polycsi.ebs.node;

import dev.polycsi.spi.mount.MountPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Device numbers of the files that mounts go on. */
final class DeviceFiles {

    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;

    private DeviceFiles() {
    }

    /** "major:minor" of a block device file, as mountinfo writes it; empty for anything else. */
    static Optional<String> deviceNumber(Path device) {
        try {
            int mode = (Integer) Files.getAttribute(device, "unix:mode");
            if ((mode & S_IFMT) != S_IFBLK) {
                return Optional.empty();
            }
            long rdev = (Long) Files.getAttribute(device, "unix:rdev");
            // glibc's gnu_dev_major/minor: the 64-bit dev_t spreads both numbers over two fields
            long major = ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
            long minor = (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
            return Optional.of(major + ":" + minor);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code mount} has {@code device} mounted: by device number, else by resolved source path. */
    static boolean isMountOf(MountPoint mount, Path device) {
        if (deviceNumber(device).filter(mount.device()::equals).isPresent()) {
            return true;
        }
        return mount.source().startsWith("/") && realPath(Path.of(mount.source())).equals(realPath(device));
    }

    /** The device a file at a block publish path stands for (stat follows the bind mount onto the device). */
    static boolean sameDevice(Path a, Path b) {
        Optional<String> first = deviceNumber(a);
        return first.isPresent() && first.equals(deviceNumber(b));
    }

    static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
