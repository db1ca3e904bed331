package dev.polycsi.core.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The mount table of this process for the tests: which paths are mount points, unmounting what
 * a failed test left behind, and deleting a tree without descending into a mount.
 */
public final class Mounts {

    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
    private static final Pattern OCTAL_ESCAPE = Pattern.compile("\\\\([0-7]{3})");

    private Mounts() {
    }

    /** Every mount point in /proc/self/mountinfo, in the order listed (stacked mounts more than once). */
    public static List<Path> mountPoints() {
        if (!Files.isReadable(MOUNTINFO)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + MOUNTINFO + ": " + e.getMessage(), e);
        }
        List<Path> points = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.split(" ");
            if (fields.length > 4) {
                points.add(Path.of(unescape(fields[4])));
            }
        }
        return points;
    }

    /** Whether something is mounted exactly at {@code path}. */
    public static boolean isMountPoint(Path path) {
        Path wanted = path.toAbsolutePath().normalize();
        return mountPoints().contains(wanted);
    }

    /** The mount points at or below {@code dir}, deepest first. */
    public static List<Path> mountPointsUnder(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        return mountPoints().stream()
                .filter(point -> point.startsWith(root))
                .distinct()
                .sorted(Comparator.comparingInt(Path::getNameCount).reversed())
                .toList();
    }

    /**
     * Unmounts everything at or below {@code dir}, deepest first, lazily if a plain umount
     * fails. Returns what could not be unmounted, with umount's output; empty when all is gone.
     */
    public static List<String> unmountAllUnder(Path dir) {
        List<String> problems = new ArrayList<>();
        for (int round = 0; round < 16; round++) {
            List<Path> mounted = mountPointsUnder(dir);
            if (mounted.isEmpty()) {
                return List.of();
            }
            problems.clear();
            for (Path point : mounted) {
                String failure = run(List.of("umount", point.toString()));
                if (failure != null) {
                    String lazy = run(List.of("umount", "-l", point.toString()));
                    if (lazy != null) {
                        problems.add(point + ": " + failure + "; umount -l: " + lazy);
                    }
                }
            }
        }
        List<Path> left = mountPointsUnder(dir);
        if (left.isEmpty()) {
            return List.of();
        }
        if (problems.isEmpty()) {
            problems.add("still mounted after 16 rounds of umount: " + left);
        }
        return List.copyOf(problems);
    }

    /**
     * Deletes {@code dir} and everything below it, but never anything below a mount point:
     * what a mount shows belongs to someone else (a volume, or worse).
     *
     * @return the mount points skipped, empty if the whole tree is gone
     */
    public static List<Path> deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        Set<Path> mounted = mountPointsUnder(dir).stream().collect(Collectors.toSet());
        List<Path> skipped = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                if (mounted.contains(d.toAbsolutePath().normalize())) {
                    skipped.add(d);
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (mounted.contains(file.toAbsolutePath().normalize())) {
                    skipped.add(file);
                } else {
                    Files.deleteIfExists(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    throw e;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                if (skipped.stream().noneMatch(s -> s.startsWith(d))) {
                    Files.deleteIfExists(d);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return skipped;
    }

    /** Runs a command given as an argument list; null on success, else its exit code and output. */
    static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "timed out";
            }
            return process.exitValue() == 0
                    ? null
                    : "exit " + process.exitValue() + ": " + new String(output, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    static String unescape(String field) {
        Matcher matcher = OCTAL_ESCAPE.matcher(field);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(matcher.group(1), 8))));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Whether this process runs as root (uid 0). */
    public static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
