package dev.polycsi.fsx.node;

import dev.polycsi.spi.CsiException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a mount still answers: a stat of its root, as the official driver's corrupted-mount
 * check does (k8s mount-utils), waited for at most a timeout. The stat is the question because it
 * is what a pod does first and what fails on a Lustre client that was evicted or lost its servers.
 */
final class MountProbe {

    /** The stat of a path; a seam for tests, where a real broken mount cannot be had without root. */
    @FunctionalInterface
    interface Stat {
        void stat(Path path) throws IOException;
    }

    /** What the JDK does for {@code stat(2)}. */
    static final Stat FILES = path -> Files.readAttributes(path, BasicFileAttributes.class);

    /**
     * The errors of a mount that no longer works, as the JDK reports them: strerror(3) texts, since
     * FileSystemException carries no errno; glibc's (the driver's image) and musl's. ENOTCONN: the
     * client lost its connection (a FUSE or Lustre client whose server side is gone); ESHUTDOWN: a
     * Lustre client evicted by its servers (aws-fsx-csi-driver #169); ESTALE: a handle the server no
     * longer knows; EIO and EHOSTDOWN, which mount-utils counts too. EACCES is not among them, unlike
     * mount-utils: a server that refuses is a server that answers.
     */
    static final Set<String> BROKEN = Set.of(
            "Transport endpoint is not connected", "Socket not connected",
            "Cannot send after transport endpoint shutdown", "Cannot send after socket shutdown",
            "Stale file handle", "Stale NFS file handle",
            "Input/output error", "I/O error",
            "Host is down");

    private final Stat stat;
    private final Duration timeout;
    private final BoundedCalls calls;

    MountProbe(Stat stat, Duration timeout, BoundedCalls calls) {
        this.stat = stat;
        this.timeout = timeout;
        this.calls = calls;
    }

    /** The health of the mount at {@code target}; INTERNAL for a stat failure that says nothing about it. */
    MountHealth check(Path target) {
        try {
            calls.call("stat of " + target, timeout, () -> {
                stat.stat(target);
                return Boolean.TRUE;
            });
            return MountHealth.ANSWERS;
        } catch (BoundedCalls.NoAnswer e) {
            return MountHealth.broken(e.getMessage());
        } catch (AccessDeniedException e) {
            return MountHealth.ANSWERS;
        } catch (IOException e) {
            return brokenReason(e).map(reason -> MountHealth.broken("stat of %s: %s".formatted(target, reason)))
                    .orElseThrow(() -> new CsiException(CsiException.Code.INTERNAL,
                            "cannot tell whether the mount at %s works: stat failed: %s".formatted(target, e), e));
        }
    }

    /** The strerror text of {@code e} if it is one of a broken mount. */
    static Optional<String> brokenReason(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null && BROKEN.contains(fs.getReason())) {
            return Optional.of(fs.getReason());
        }
        return Optional.empty();
    }

    /**
     * Whether a mount answers.
     *
     * @param reason why it does not; empty when it does
     */
    record MountHealth(boolean broken, String reason) {

        static final MountHealth ANSWERS = new MountHealth(false, "");

        static MountHealth broken(String reason) {
            return new MountHealth(true, reason);
        }
    }
}
