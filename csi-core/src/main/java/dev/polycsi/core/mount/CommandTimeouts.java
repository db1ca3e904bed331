package dev.polycsi.core.mount;

import java.time.Duration;
import java.util.Objects;

/**
 * How long external commands may run before they are killed.
 *
 * @param mount      mount, umount and the quick probes (blkid, blockdev)
 * @param filesystem mkfs, fsck and the resize tools, which scale with the size of the device
 */
public record CommandTimeouts(Duration mount, Duration filesystem) {

    public static final CommandTimeouts DEFAULTS = new CommandTimeouts(Duration.ofSeconds(30), Duration.ofMinutes(2));

    public CommandTimeouts {
        requirePositive(mount, "mount");
        requirePositive(filesystem, "filesystem");
    }

    private static void requirePositive(Duration timeout, String name) {
        Objects.requireNonNull(timeout, name);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(name + " timeout must be positive: " + timeout);
        }
    }
}
