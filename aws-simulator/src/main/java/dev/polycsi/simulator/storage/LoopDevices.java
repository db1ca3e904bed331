package dev.polycsi.simulator.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** losetup(8): loop devices over regular files. Needs root. */
final class LoopDevices {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The device at the start of a {@code losetup -j} line: "/dev/loop3: [2049]:131 (/data/vol-1.img)". */
    private static final Pattern LISTED_DEVICE = Pattern.compile("^(/dev/loop[0-9]+):");
    private static final String ALREADY_GONE = "No such device";
    private static final Path SYS_BLOCK = Path.of("/sys/block");

    /** Two concurrent {@code losetup --find} can pick the same free device; ours take turns. */
    private final Object findLock = new Object();

    /** The loop devices that have {@code file} behind them, as the kernel knows them (so across restarts). */
    List<Path> backing(Path file) {
        String listing = HostCommand.run(TIMEOUT, "losetup", "-j", file.toString()).orThrow().output();
        return listing.lines()
                .map(line -> LISTED_DEVICE.matcher(line.strip()))
                .filter(java.util.regex.Matcher::find)
                .map(match -> Path.of(match.group(1)))
                .toList();
    }

    /**
     * Whether {@code device} is set up over {@code file} right now, read from sysfs without
     * running anything. A link to /dev/loop0 kept across a reboot may lead to a free device or to
     * another file's. Where sysfs cannot tell, the answer is yes.
     */
    boolean isOver(Path device, Path file) {
        if (!Files.isDirectory(SYS_BLOCK)) {
            return true;
        }
        Path backingFile = SYS_BLOCK.resolve(device.getFileName().toString()).resolve("loop/backing_file");
        try {
            return Files.readString(backingFile).strip().equals(file.toString());
        } catch (NoSuchFileException e) {
            return false; // the device is free
        } catch (IOException e) {
            return true;
        }
    }

    /** The loop device over {@code file}: the one it already has, or a new one. */
    Path attach(Path file) {
        synchronized (findLock) {
            List<Path> existing = backing(file);
            if (!existing.isEmpty()) {
                return existing.getFirst();
            }
            String device = HostCommand.run(TIMEOUT, "losetup", "--find", "--show", file.toString()).orThrow().output().strip();
            if (!LISTED_DEVICE.matcher(device + ":").find()) {
                throw new StorageException("losetup --find --show %s printed %s, not a loop device".formatted(file, device));
            }
            return Path.of(device);
        }
    }

    /**
     * Frees the device; one that is gone already is fine. A device still in use (mounted) is only
     * marked by the kernel to be freed when its last user lets go.
     */
    void detach(Path device) {
        HostCommand.Result result = HostCommand.run(TIMEOUT, "losetup", "-d", device.toString());
        if (!result.succeeded() && !result.output().contains(ALREADY_GONE)) {
            result.orThrow();
        }
    }

    /** Makes the device see the current size of its file. */
    void refreshCapacity(Path device) {
        HostCommand.run(TIMEOUT, "losetup", "-c", device.toString()).orThrow();
    }
}
