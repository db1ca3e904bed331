package dev.polycsi.core.mount;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.mount.MountPoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The mount table of this process, from /proc/self/mountinfo (see proc_pid_mountinfo(5)):
 * <pre>36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue</pre>
 * that is mount id, parent id, major:minor, root, mount point, per-mount options, optional
 * fields up to a lone "-", filesystem type, source, superblock options. Paths and the source
 * have space, tab, newline and backslash escaped as octal ({@code \040}).
 */
public final class MountInfo {

    public static final Path PROC_SELF_MOUNTINFO = Path.of("/proc/self/mountinfo");

    /** The kernel only guarantees a consistent table within one read(2); mount-utils rereads too. */
    private static final int CONSISTENT_READ_ATTEMPTS = 3;

    private static final int FIELDS_BEFORE_OPTIONAL = 6;
    private static final int FIELDS_AFTER_SEPARATOR = 3;

    private final Path file;

    public MountInfo(Path file) {
        this.file = file;
    }

    public List<MountPoint> mounts() {
        return parse(read());
    }

    /**
     * The mount at exactly {@code target}; of several stacked there, the last mounted, which
     * is the one visible. {@code target} itself is never stat-ed: on a dead NFS mount that hangs.
     */
    public Optional<MountPoint> find(Path target) {
        Path wanted = canonical(target);
        MountPoint found = null;
        for (MountPoint mount : mounts()) {
            if (mount.target().equals(wanted)) {
                found = mount;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * {@code target} made absolute and normalised, with symbolic links resolved in its parent
     * (when that exists) but not in its last element: mountinfo holds resolved paths.
     */
    static Path canonical(Path target) {
        Path absolute = target.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return absolute;
        }
        try {
            return parent.toRealPath().resolve(absolute.getFileName());
        } catch (IOException e) {
            return absolute;
        }
    }

    public static List<MountPoint> parse(String content) {
        List<MountPoint> mounts = new ArrayList<>();
        for (String line : content.split("\n")) {
            if (!line.isBlank()) {
                mounts.add(parseLine(line));
            }
        }
        return mounts;
    }

    static MountPoint parseLine(String line) {
        String[] fields = line.split(" ", -1);
        int separator = separatorIndex(fields);
        if (separator < 0 || fields.length != separator + 1 + FIELDS_AFTER_SEPARATOR) {
            throw CsiException.internal("malformed mountinfo line: %s", line);
        }
        Set<String> options = new LinkedHashSet<>();
        addOptions(options, fields[5]);
        addOptions(options, fields[separator + 3]);
        return new MountPoint(
                Path.of(unescape(fields[4])),
                unescape(fields[separator + 2]),
                unescape(fields[separator + 1]),
                unescape(fields[3]),
                fields[2],
                List.copyOf(options));
    }

    private static int separatorIndex(String[] fields) {
        for (int i = FIELDS_BEFORE_OPTIONAL; i < fields.length; i++) {
            if (fields[i].equals("-")) {
                return i;
            }
        }
        return -1;
    }

    private static void addOptions(Set<String> options, String field) {
        Arrays.stream(field.split(","))
                .filter(option -> !option.isEmpty())
                .map(MountInfo::unescape)
                .forEach(options::add);
    }

    /** Decodes the kernel's three-digit octal escapes, leaving any other backslash as it is. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder decoded = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                decoded.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                decoded.append(c);
            }
        }
        return decoded.toString();
    }

    private static boolean isOctal(String field, int start) {
        if (start + 3 > field.length()) {
            return false;
        }
        for (int i = start; i < start + 3; i++) {
            char c = field.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }

    private String read() {
        try {
            byte[] previous = Files.readAllBytes(file);
            for (int attempt = 1; attempt < CONSISTENT_READ_ATTEMPTS; attempt++) {
                byte[] current = Files.readAllBytes(file);
                if (Arrays.equals(previous, current)) {
                    break;
                }
                previous = current;
            }
            return new String(previous, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CsiException(CsiException.Code.INTERNAL, "cannot read %s: %s".formatted(file, e.getMessage()), e);
        }
    }
}
