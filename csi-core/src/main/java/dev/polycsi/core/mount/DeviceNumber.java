package dev.polycsi.core.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The "major:minor" of a device file, as the third field of mountinfo shows it. */
final class DeviceNumber {

    private DeviceNumber() {}

    /** Empty if {@code path} is no device file or cannot be read. */
    static Optional<String> of(Path path) {
        try {
            long rdev = (Long) Files.getAttribute(path, "unix:rdev");
            return rdev == 0 ? Optional.empty() : Optional.of(major(rdev) + ":" + minor(rdev));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** glibc's gnu_dev_major: twelve bits at 8, the rest above bit 32. */
    static long major(long rdev) {
        return ((rdev >>> 8) & 0xfffL) | ((rdev >>> 32) & ~0xfffL);
    }

    /** glibc's gnu_dev_minor: eight bits at 0, the rest above bit 12. */
    static long minor(long rdev) {
        return (rdev & 0xffL) | ((rdev >>> 12) & ~0xffL);
    }
}
