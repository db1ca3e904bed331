package dev.polycsi.core.conformance;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;

/**
 * What the tests that format, mount and resize for real need of the machine: root, loop devices
 * and the host tools. A test checks before it starts and is skipped, saying what to install, when
 * something is missing; the tests of every module share this one check.
 *
 * <p>A tool counts as present only where the driver would find it: the driver runs tools by
 * name through {@link ProcessBuilder}, which searches the PATH this JVM was started with (not
 * /usr/sbin unless the PATH holds it), so that is what is searched here too.
 */
public final class HostRequirements {

    /** The Debian package of each tool the tests run, directly or through the driver. */
    private static final Map<String, String> PACKAGES = Map.ofEntries(
            Map.entry("mount", "mount"),
            Map.entry("umount", "mount"),
            Map.entry("losetup", "mount"),
            Map.entry("blkid", "util-linux"),
            Map.entry("blockdev", "util-linux"),
            Map.entry("fsck", "util-linux"),
            Map.entry("mkfs.ext2", "e2fsprogs"),
            Map.entry("mkfs.ext3", "e2fsprogs"),
            Map.entry("mkfs.ext4", "e2fsprogs"),
            Map.entry("resize2fs", "e2fsprogs"),
            Map.entry("dumpe2fs", "e2fsprogs"),
            Map.entry("mkfs.xfs", "xfsprogs"),
            Map.entry("xfs_growfs", "xfsprogs"),
            Map.entry("xfs_db", "xfsprogs"));

    /** Where Debian keeps administration tools, off a non-root user's PATH. */
    private static final List<Path> SBIN = List.of(Path.of("/usr/sbin"), Path.of("/sbin"));

    /** Bind mounts and unmounting. */
    public static final List<String> MOUNT_TOOLS = List.of("mount", "umount");

    /** A loop device made, probed, sized, mounted and freed (the simulator's EBS volumes too). */
    public static final List<String> LOOP_DEVICE_TOOLS = List.of("losetup", "blkid", "blockdev", "mount", "umount");

    private HostRequirements() {
    }

    /** Whether this process runs as root (uid 0). */
    public static boolean isRoot() {
        return Mounts.isRoot();
    }

    /** Skips the test unless it runs as root; {@code why} completes "needs root: it …". */
    public static void assumeRoot(String why) {
        Assumptions.assumeTrue(isRoot(), () -> "needs root: it " + why);
    }

    /** Skips the test unless it runs as root on a kernel with loop devices, and the loop device tools are there. */
    public static void assumeRootWithLoopDevices(String why) {
        assumeRoot(why);
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/loop-control")), "needs loop devices: /dev/loop-control is missing");
        assumeTools(LOOP_DEVICE_TOOLS);
    }

    /** The tools the driver runs to format, check and grow a filesystem of {@code fsType}. */
    public static List<String> filesystemTools(String fsType) {
        return switch (fsType) {
            case "ext2", "ext3", "ext4" -> List.of("mkfs." + fsType, "fsck", "resize2fs");
            case "xfs" -> List.of("mkfs.xfs", "xfs_growfs");
            default -> throw new IllegalArgumentException("no tools known for the filesystem '" + fsType + "'");
        };
    }

    /** Skips the test unless the tools for {@code fsType} are on the PATH (see {@link #filesystemTools}). */
    public static void assumeFilesystemTools(String fsType) {
        assumeTools(filesystemTools(fsType));
    }

    public static void assumeTools(String... tools) {
        assumeTools(List.of(tools));
    }

    /** Skips the test, naming what is missing and how to install it, unless every tool is on the PATH. */
    public static void assumeTools(Collection<String> tools) {
        Optional<String> missing = missingTools(tools);
        Assumptions.assumeTrue(missing.isEmpty(), missing::orElseThrow);
    }

    /** Why {@code tools} cannot all be run, e.g. "mkfs.xfs, xfs_growfs missing: apt-get install xfsprogs"; empty if they can. */
    public static Optional<String> missingTools(Collection<String> tools) {
        return missingTools(tools, searchPath(System.getenv("PATH")), SBIN);
    }

    /** As {@link #missingTools(Collection)}, searching {@code path}; {@code sbin} is only where to point the user. */
    static Optional<String> missingTools(Collection<String> tools, List<Path> path, List<Path> sbin) {
        List<String> absent = new ArrayList<>();
        Set<String> packages = new LinkedHashSet<>();
        List<String> offPath = new ArrayList<>();
        Set<Path> offPathDirs = new LinkedHashSet<>();
        for (String tool : new LinkedHashSet<>(tools)) {
            String pkg = PACKAGES.get(tool);
            if (pkg == null) {
                throw new IllegalArgumentException("no Debian package known for the tool '" + tool + "': add it to HostRequirements.PACKAGES");
            }
            if (find(tool, path).isPresent()) {
                continue;
            }
            Optional<Path> elsewhere = find(tool, sbin);
            if (elsewhere.isPresent()) {
                offPath.add(tool);
                offPathDirs.add(elsewhere.get().getParent());
            } else {
                absent.add(tool);
                packages.add(pkg);
            }
        }
        List<String> reasons = new ArrayList<>();
        if (!absent.isEmpty()) {
            reasons.add(String.join(", ", absent) + " missing: apt-get install " + String.join(" ", packages));
        }
        if (!offPath.isEmpty()) {
            reasons.add(String.join(", ", offPath) + " not on the PATH but in " + join(offPathDirs)
                    + ": add " + join(offPathDirs) + " to the PATH");
        }
        return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
    }

    /**
     * The directories ProcessBuilder searches for a command without a '/': those of the PATH, an
     * empty entry meaning the working directory, and /bin:/usr/bin when PATH is not set.
     */
    static List<Path> searchPath(String path) {
        String value = path == null ? "/bin:/usr/bin" : path;
        List<Path> dirs = new ArrayList<>();
        for (String entry : value.split(File.pathSeparator, -1)) {
            try {
                dirs.add(entry.isEmpty() ? Path.of(System.getProperty("user.dir")) : Path.of(entry));
            } catch (InvalidPathException e) {
                // a PATH entry no file can be in
            }
        }
        return dirs;
    }

    /** The first executable regular file named {@code tool} in {@code dirs}, as execvp would pick it. */
    static Optional<Path> find(String tool, List<Path> dirs) {
        return dirs.stream()
                .map(dir -> dir.resolve(tool))
                .filter(file -> Files.isRegularFile(file) && Files.isExecutable(file))
                .findFirst();
    }

    private static String join(Collection<Path> dirs) {
        return String.join(":", dirs.stream().map(Path::toString).toList());
    }
}
