package dev.polycsi.simulator.storage;

import dev.polycsi.core.mount.CommandResult;
import dev.polycsi.core.mount.CommandRunner;
import dev.polycsi.core.mount.MountInfo;
import dev.polycsi.core.mount.ProcessCommandRunner;
import dev.polycsi.spi.mount.MountPoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What the root tests need of the host: the sizes and loop devices the kernel reports, and a
 * cleanup that unmounts and frees everything under a test's own directory, whatever state a
 * failed test left. Whether they may run at all is HostRequirements' to say.
 */
public final class HostTools {

    private static final CommandRunner RUNNER = new ProcessCommandRunner();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private HostTools() {}

    public static String run(String... command) {
        return RUNNER.run(List.of(command), TIMEOUT).orThrow().output().strip();
    }

    /** blockdev --getsize64. */
    public static long deviceSize(Path device) {
        return Long.parseLong(run("blockdev", "--getsize64", device.toString()));
    }

    /** The loop devices that losetup -j reports over {@code file}. */
    public static List<String> loopDevicesOf(Path file) {
        return run("losetup", "-j", file.toString()).lines()
                .map(line -> line.substring(0, line.indexOf(':')))
                .toList();
    }

    /** Bytes on disk, from the 512-byte blocks stat reports: small for a sparse file. */
    public static long allocatedBytes(Path file) {
        return Long.parseLong(run("stat", "--format=%b", file.toString())) * 512;
    }

    /**
     * Unmounts everything under {@code dir} (deepest first, lazily if it must) and frees the loop
     * devices of every file under it; returns what could not be cleaned.
     */
    public static List<String> cleanUp(Path dir) {
        List<String> problems = new ArrayList<>();
        List<MountPoint> ours = new MountInfo(MountInfo.PROC_SELF_MOUNTINFO).mounts().stream()
                .filter(mount -> mount.target().startsWith(dir))
                .toList()
                .reversed();
        for (MountPoint mount : ours) {
            String target = mount.target().toString();
            CommandResult result = RUNNER.run(List.of("umount", target), TIMEOUT);
            if (!result.succeeded() && !RUNNER.run(List.of("umount", "-l", target), TIMEOUT).succeeded()) {
                problems.add("cannot unmount " + target + ": " + result.output());
            }
        }
        for (Path link : files(dir, Files::isSymbolicLink)) {
            try {
                Files.delete(link); // so that nothing is left pointing at a loop device
            } catch (IOException e) {
                problems.add("cannot remove " + link + ": " + e);
            }
        }
        for (Path file : files(dir, file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))) {
            for (String device : loopDevicesOf(file)) {
                CommandResult result = RUNNER.run(List.of("losetup", "-d", device), TIMEOUT);
                if (!result.succeeded()) {
                    problems.add("cannot free " + device + ": " + result.output());
                }
            }
        }
        return problems;
    }

    private static List<Path> files(Path dir, Predicate<Path> filter) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(filter).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
