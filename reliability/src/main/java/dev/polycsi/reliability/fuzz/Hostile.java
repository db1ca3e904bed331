package dev.polycsi.reliability.fuzz;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The hostile values the generator draws from: strings at CSI's 128-byte limit and one past it
 * (in ASCII and in multi-byte characters), NULs, newlines, format strings, log4j lookups,
 * shell metacharacters that would touch the decoy if anything ran through a shell, mount
 * options that try to smuggle flags, ids in every backend's form and malformed ones, paths with
 * {@code ..}, symlinks out of the sandbox, other file systems, and numbers at their edges.
 */
final class Hostile {

    private final SplittableRandom random;
    private final Sandbox sandbox;
    private final List<String> knownIds;
    private int counter;

    Hostile(SplittableRandom random, Sandbox sandbox, List<String> knownIds) {
        this.random = random;
        this.sandbox = sandbox;
        this.knownIds = knownIds;
    }

    <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    int fresh() {
        return ++counter;
    }

    static String ofBytes(int bytes) {
        return "x".repeat(bytes);
    }

    /** 128 or 129 bytes of two-byte characters, or 127 ASCII bytes and one two-byte character (128 characters, 129 bytes). */
    static List<String> boundaries(String prefix) {
        int left = 128 - prefix.length();
        return List.of(prefix + "x".repeat(left), prefix + "x".repeat(left + 1), prefix + "é".repeat(left / 2) + "x".repeat(left % 2),
                prefix + "é".repeat(left / 2) + "x".repeat(left % 2 + 1), prefix + "x".repeat(left - 1) + "é", prefix + "x".repeat(left - 2) + "🙂");
    }

    String string() {
        Path decoy = sandbox.decoy();
        List<String> values = new ArrayList<>(List.of("", " ", "a", "\0", "a\0b", "\n", "line\nbreak", "\r\n", "\t", "..", "../..", "/", "//",
                "-o", "--bind", "bind", "rbind", "remount", "exec", "suid", "dev", "ro,exec,suid", "rw,remount", "x-mount.mkdir", ",", "=", "a=b",
                "a=b,c=d", "%s%n%x%p", "{}", "${jndi:ldap://127.0.0.1:1/x}", "${env:HOME}", "${sys:user.home}",
                "$(touch " + decoy + "/pwned-1)", "`touch " + decoy + "/pwned-2`", "; touch " + decoy + "/pwned-3", "| touch " + decoy + "/pwned-4",
                "'\"", "\u202e\u202d", "🙂", "é", "\uFEFF", "\uFFFF", "\uD800", "NaN", "-1", "0", "18446744073709551616", "true", "null",
                "ünïcødé-名前", "x".repeat(1024), "y".repeat(64 * 1024), "%", "%%", "\\", "\\x00", "<script>", "{\"a\":1}"));
        values.addAll(boundaries(""));
        return pick(values);
    }

    /** A name (volume, snapshot): mostly from a small pool, so that names meet again. */
    String name() {
        return switch (random.nextInt(4)) {
            case 0 -> "fuzz-" + random.nextInt(6);
            case 1 -> pick(boundaries("fuzz-"));
            default -> string();
        };
    }

    String id() {
        if (!knownIds.isEmpty() && random.nextInt(3) == 0) {
            return pick(knownIds);
        }
        List<String> values = new ArrayList<>(List.of("ebs:vol-0ffffffffffffffff", "ebs:vol-", "ebs:", ":", "::", "ebs:vol-0123456789abcdef0/../../x",
                "ebs:snap-0ffffffffffffffff", "efs:fs-0123456789abcdef0::fsap-0fffffffffffffff0", "efs:fs-0123456789abcdef0",
                "efs:fs-0123456789abcdef0:/../../etc", "efs:fs-0123456789abcdef0:" + sandbox.decoy() + ":", "efs:fs-0123456789abcdef0::",
                "fsx-lustre:fs-0ffffffffffffffff", "fsx-lustre:fs-0123456789abcdef0/../x", "filecache:fc-0ffffffffffffffff",
                "fsx-ontap:fsvol-0ffffffffffffffff", "fsx-ontap:", "fs-0123456789abcdef0", "vol-0123456789abcdef0", "snap-0123456789abcdef0",
                "fc-0123456789abcdef0", "fsvol-0123456789abcdef0", "hostpath:x", "nosuch:x", "EBS:VOL-0123456789ABCDEF0",
                "ebs:vol-0123456789abcdef0 ", " ebs:vol-0123456789abcdef0", "ebs:vol-0123\0", "ebs:../../..", "%2e%2e", "i-0123456789abcdef0",
                "i-0ffffffffffffffff", "i-", "ebs:vol-0123456789abcdef0\nINFO forged log line"));
        values.addAll(boundaries("ebs:vol-"));
        values.addAll(boundaries("efs:fs-0123456789abcdef0::fsap-"));
        values.addAll(boundaries("fsx-lustre:fs-"));
        return random.nextInt(5) == 0 ? string() : pick(values);
    }

    String nodeId() {
        return random.nextInt(2) == 0 ? pick(List.of("i-0123456789abcdef0", "i-0fedcba9876543210", "i-0ffffffffffffffff")) : id();
    }

    String fsType() {
        return pick(List.of("", "ext4", "xfs", "ext3", "btrfs", "tmpfs", "proc", "sysfs", "bind", "none", "nfs4", "lustre", "overlay",
                "ext4 -o exec", "ext4,exec", "-t", "--bind", "../../bin/sh", "EXT4", "ext4\0", "x".repeat(200), "ntfs", "vfat", "auto"));
    }

    String mountFlag() {
        Path decoy = sandbox.decoy();
        return pick(List.of("bind", "rbind", "remount", "-o", "-t", "--bind", "-B", "ro,exec", "exec", "suid", "dev", "nosuid", "rw", "ro",
                "x-mount.mkdir=0777", "X-mount.subdir=../../", "uid=0", "loop", "offset=0", "helper=" + decoy, "-oexec", "o=exec",
                "--types=tmpfs", "defaults,exec", "remount,rw", " ", "", "a\nb", "a\0b", "--make-shared", "--move", "noatime", "nfsvers=4.1",
                "flock", "context=\"system_u:object_r:tmp_t:s0\"", "source=" + decoy, "-o bind " + decoy, "; touch " + decoy + "/pwned-5",
                "$(touch " + decoy + "/pwned-6)", "x".repeat(5000), "size=1T", "mode=4777", "upperdir=" + decoy));
    }

    /** A starting token, as listings hand them out and as they should not be. */
    String token() {
        return pick(List.of("", "0", "1", "-1", "99999999", "ebs:", "ebs:abc", "efs:1", "fsx-lustre:" + "9".repeat(30), "not-a-token",
                "ebs:\0", "x".repeat(200), ":", "nosuch:1", "ebs:-5", "ebs:" + Long.MAX_VALUE));
    }

    /**
     * A path for a target, staging or volume path field. Only paths inside the campaign's
     * directories, and ones on pseudo file systems where nothing can be created, so that the
     * driver's work stays where the campaign watches it.
     */
    String path(boolean staging) {
        Path s = sandbox.sandbox();
        int n = fresh();
        String fresh = s.resolve(staging ? "staging/s" + n : "targets/t" + n).toString();
        if (random.nextInt(3) == 0) {
            return fresh;
        }
        return pick(List.of(fresh, s + "/existing-file", s + "/nonempty-dir", s + "/link-out", s + "/link-out/n" + n, s + "/link-file",
                s + "/link-empty-file", s + "/link-dangling", s + "/link-other-fs/n" + n, s + "/targets/t" + n + "/../../../decoy",
                s + "/a" + n + "/../../decoy/dir", s + "/./targets//t" + n + "/", s + "/targets/t" + n + "/..", sandbox.otherFs() + "/n" + n,
                "/proc/self/polycsi-fuzz-" + n, "/proc/polycsi-fuzz-" + n, "/sys/fs/polycsi-fuzz-" + n, "/proc/self/status/x" + n,
                s + "/" + "x".repeat(300), s + "/a".repeat(2100), s + "/sp ace" + n, s + "/new\nline" + n, s + "/comma,ro" + n,
                s + "/-o" + n, s + "/ünï" + n, s + "/🙂" + n, s + "/t" + n + "\0x", s + "/existing-file/below" + n,
                "targets/t" + n, ".", "..", "./x", "", "~/x", "file://" + s, s + "/../decoy/file.txt", s + "/../decoy/empty-file"));
    }

    /** Whether a path a request names keeps the driver's work inside the campaign's watch. */
    boolean confined(String value) {
        if (value.isEmpty() || value.indexOf('\0') >= 0 || !value.startsWith("/")) {
            return true;
        }
        Path path;
        try {
            path = Path.of(value).normalize();
        } catch (RuntimeException invalid) {
            return true;
        }
        return path.startsWith(sandbox.root()) && !path.equals(sandbox.root()) || path.startsWith(sandbox.otherFs())
                || path.startsWith("/proc/self/polycsi-fuzz") || value.startsWith("/proc/polycsi-fuzz")
                || value.startsWith("/sys/fs/polycsi-fuzz") || value.startsWith("/proc/self/status/x");
    }

    long number() {
        return pick(List.of(0L, -1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 30, (1L << 30) + 1, 1L << 40, 1L << 62, 1200L << 30,
                -(1L << 30), 4096L, 65536L, (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE, random.nextLong()));
    }

    int smallNumber() {
        return pick(List.of(0, -1, 1, 2, Integer.MAX_VALUE, Integer.MIN_VALUE, 1000, 100_000, random.nextInt()));
    }
}
