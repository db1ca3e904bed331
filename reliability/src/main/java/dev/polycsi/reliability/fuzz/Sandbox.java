package dev.polycsi.reliability.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The directories the campaign's requests point into, and the ones around them that no request
 * may touch: {@code sandbox/} (targets, a file with data, a non-empty directory, symlinks out of
 * it), {@code decoy/} (files and a directory the symlinks point at), a directory on another
 * file system ({@code /dev/shm}), and the entries of {@code /}. A snapshot of them all (type,
 * size, modification time, link target) before and after each batch of requests shows what
 * changed; a change is allowed only at, under or above a path some request of the batch named.
 */
final class Sandbox {

    private final Path root;
    private final Path sandbox;
    private final Path decoy;
    private final Path otherFs;

    Sandbox(Path root, Path otherFs) {
        this.root = root;
        this.sandbox = root.resolve("sandbox");
        this.decoy = root.resolve("decoy");
        this.otherFs = otherFs;
    }

    Path root() {
        return root;
    }

    Path sandbox() {
        return sandbox;
    }

    Path decoy() {
        return decoy;
    }

    Path otherFs() {
        return otherFs;
    }

    /** Creates what is missing of the fixture: requests may legitimately have removed parts of it. */
    void ensureFixture() {
        try {
            Files.createDirectories(sandbox.resolve("targets"));
            Files.createDirectories(sandbox.resolve("staging"));
            Files.createDirectories(sandbox.resolve("nonempty-dir"));
            Files.createDirectories(decoy.resolve("dir"));
            Files.createDirectories(otherFs);
            writeIfMissing(sandbox.resolve("existing-file"), "data the driver must not remove\n");
            writeIfMissing(sandbox.resolve("nonempty-dir/kept.txt"), "kept\n");
            writeIfMissing(decoy.resolve("file.txt"), "decoy\n");
            writeIfMissing(decoy.resolve("empty-file"), "");
            writeIfMissing(decoy.resolve("dir/inner.txt"), "inner\n");
            linkIfMissing(sandbox.resolve("link-out"), decoy);
            linkIfMissing(sandbox.resolve("link-file"), decoy.resolve("file.txt"));
            linkIfMissing(sandbox.resolve("link-empty-file"), decoy.resolve("empty-file"));
            linkIfMissing(sandbox.resolve("link-dangling"), decoy.resolve("absent"));
            linkIfMissing(sandbox.resolve("link-other-fs"), otherFs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeIfMissing(Path file, String content) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        }
    }

    private static void linkIfMissing(Path link, Path target) throws IOException {
        if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, target);
        }
    }

    /** One entry of a snapshot; directories by type only, since an entry added below shows up itself. */
    record Entry(String type, long size, long modified, String link) {}

    /** The state of every watched tree; the simulator's data, the socket and the log are the driver's to change. */
    Map<Path, Entry> snapshot() {
        Map<Path, Entry> entries = new TreeMap<>();
        walk(root, entries, Set.of(root.resolve("sim"), root.resolve("csi.sock"), root.resolve("driver.log")));
        walk(otherFs, entries, Set.of());
        try (var top = Files.list(Path.of("/"))) {
            top.forEach(path -> entries.put(path, entry(path)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    private static void walk(Path start, Map<Path, Entry> into, Set<Path> skipped) {
        if (!Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (skipped.contains(dir)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    into.put(dir, new Entry("dir", 0, 0, ""));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (!skipped.contains(file)) {
                        into.put(file, entry(file));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    into.put(file, new Entry("unreadable", 0, 0, e.getClass().getSimpleName()));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException gone) {
            // removed while walking: seen as removed
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Entry entry(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isSymbolicLink()) {
                return new Entry("link", 0, 0, Files.readSymbolicLink(path).toString());
            }
            if (attributes.isDirectory()) {
                return new Entry("dir", 0, 0, "");
            }
            return new Entry(attributes.isRegularFile() ? "file" : "other", attributes.size(),
                    attributes.lastModifiedTime().toMillis(), "");
        } catch (IOException e) {
            return new Entry("gone", 0, 0, "");
        }
    }

    /** The paths whose entry differs between two snapshots (added, removed or changed). */
    static List<Path> changes(Map<Path, Entry> before, Map<Path, Entry> after) {
        Set<Path> all = new HashSet<>(before.keySet());
        all.addAll(after.keySet());
        List<Path> changed = new ArrayList<>();
        for (Path path : all) {
            if (!java.util.Objects.equals(before.get(path), after.get(path))) {
                changed.add(path);
            }
        }
        changed.sort(null);
        return changed;
    }

    /**
     * The forms of a path a request names that the driver may touch: the path normalised, and as
     * the kernel resolves it (the symlinks of its existing part followed), computed before the call.
     */
    static List<Path> namedForms(String value) {
        if (value.isEmpty() || value.indexOf('\0') >= 0 || !value.startsWith("/")) {
            return List.of();
        }
        Path path;
        try {
            path = Path.of(value).normalize();
        } catch (RuntimeException invalid) {
            return List.of();
        }
        List<Path> forms = new ArrayList<>(List.of(path));
        Path existing = path;
        List<Path> rest = new ArrayList<>();
        while (existing != null && !Files.exists(existing)) {
            rest.addFirst(existing.getFileName());
            existing = existing.getParent();
        }
        if (existing != null) {
            try {
                Path resolved = existing.toRealPath();
                for (Path part : rest) {
                    resolved = resolved.resolve(part);
                }
                forms.add(resolved.normalize());
            } catch (IOException | RuntimeException ignored) {
                // the unresolved form stands
            }
        }
        // A symlink at the end is the named path itself (the driver may remove it), and so is what it points at.
        return forms;
    }

    /** Whether a change at {@code changed} is at, under or above one of the named paths. */
    static boolean allowed(Path changed, Collection<Path> named) {
        for (Path path : named) {
            if (changed.startsWith(path) || path.startsWith(changed)) {
                return true;
            }
        }
        return false;
    }

    private static final Pattern MOUNTINFO_LINE = Pattern.compile("^\\S+ \\S+ \\S+ \\S+ (\\S+) .*$");
    private static final Pattern OCTAL = Pattern.compile("\\\\([0-7]{3})");

    /** Mount points of a mountinfo file, with their count (stacked mounts count twice). */
    static Map<String, Integer> mountPoints(Path mountinfo) {
        Map<String, Integer> points = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(mountinfo, StandardCharsets.UTF_8)) {
                Matcher matcher = MOUNTINFO_LINE.matcher(line);
                if (matcher.matches()) {
                    points.merge(unescape(matcher.group(1)), 1, Integer::sum);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return points;
    }

    /** Each mount point's per-mount options (of the mount on top, the one a path resolves to). */
    static Map<String, String> mountOptions(Path mountinfo) {
        Map<String, String> options = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(mountinfo, StandardCharsets.UTF_8)) {
                String[] fields = line.split(" ");
                if (fields.length > 5) {
                    options.put(unescape(fields[4]), fields[5]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return options;
    }

    private static String unescape(String field) {
        Matcher matcher = OCTAL.matcher(field);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(matcher.group(1), 8))));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
