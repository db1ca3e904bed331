package dev.polycsi.core.csi;

import dev.polycsi.core.mount.MountInfo;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.mount.MountPoint;
import dev.polycsi.spi.mount.Mounter;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.Set;

/**
 * The paths the driver owns on the node, handled once for every backend (see the contract on
 * {@link dev.polycsi.spi.node.NodeOps}): the core creates the staging directory if the CO has
 * not, creates the publish target (a directory, or an empty file for raw block) and removes it
 * after the backend has unmounted it. Nothing is ever stat'ed while mounted, since a dead
 * network server hangs the stat.
 */
final class TargetPaths {

    private final Mounter mounter;
    private final Supplier<List<Path>> mountPoints;

    TargetPaths(Mounter mounter) {
        this(mounter, () -> new MountInfo(MountInfo.PROC_SELF_MOUNTINFO).mounts().stream().map(MountPoint::target).toList());
    }

    /** @param mountPoints every mount point of the node, as mountinfo lists them (resolved paths) */
    TargetPaths(Mounter mounter, Supplier<List<Path>> mountPoints) {
        this.mounter = mounter;
        this.mountPoints = mountPoints;
    }

    void ensureDirectory(Path path) {
        if (mounter.isMounted(path)) {
            return;
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            refuseToHideMounts(path);
            return;
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw CsiException.failedPrecondition("%s exists and is not a directory", path);
        }
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw failure("create", path, e);
        }
    }

    /**
     * A directory with mounts below it is not a target: a volume mounted there would hide them,
     * and the volumes published there would answer for their paths no more (found by the
     * hostile-input campaign: a target of {@code .../pods/p1/..} mounted over every pod's target).
     */
    private void refuseToHideMounts(Path directory) {
        Path resolved;
        try {
            resolved = directory.toRealPath();
        } catch (IOException e) {
            return; // gone meanwhile: the mount reports it
        }
        for (Path mountPoint : mountPoints.get()) {
            if (mountPoint.startsWith(resolved) && !mountPoint.equals(resolved)) {
                throw CsiException.failedPrecondition("%s has %s mounted below it: a volume mounted there would hide it", directory, mountPoint);
            }
        }
    }

    /** A raw block volume is published as its device bind-mounted onto a file. */
    void ensureFile(Path path) {
        if (mounter.isMounted(path)) {
            return;
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                throw CsiException.failedPrecondition("%s is a directory; a raw block volume is published on a file", path);
            }
            return;
        }
        try {
            Files.createDirectories(path.getParent());
            Files.createFile(path);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                throw failure("create", path, e); // a parent that is a file
            }
            // created meanwhile: what matters is that it is there
        } catch (IOException e) {
            throw failure("create", path, e);
        }
    }

    /**
     * Removes a publish target once nothing is mounted on it: the empty directory, or the empty
     * file of a raw block publish. Anything holding data is kept and reported, never deleted.
     */
    void remove(Path path) {
        if (mounter.isMounted(path)) {
            throw CsiException.internal("%s is still mounted after the unpublish; it will be retried", path);
        }
        try {
            if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && Files.size(path) > 0) {
                throw CsiException.failedPrecondition("%s holds %d bytes that are not on the volume; leaving it for inspection",
                        path, Files.size(path));
            }
            Files.deleteIfExists(path);
        } catch (DirectoryNotEmptyException e) {
            throw CsiException.failedPrecondition(
                    "%s is not empty after unmounting: it holds files that are not on the volume; leaving it for inspection", path);
        } catch (IOException e) {
            throw failure("remove", path, e);
        }
    }

    /** Reasons the file system gives that lie in the path the CO sent, so that retrying it cannot help. */
    private static final Set<String> PATH_REASONS = Set.of("Read-only file system", "Not a directory", "File name too long",
            "Operation not permitted", "Too many levels of symbolic links", "Permission denied", "No such file or directory");

    /**
     * FAILED_PRECONDITION when the path itself is the trouble (a parent that is missing and cannot
     * be made, e.g. under /proc, a parent that is a file, a read-only file system, no permission):
     * the CO must send another path. INTERNAL, retried, for the rest (no space, I/O errors).
     */
    private static CsiException failure(String action, Path path, IOException e) {
        boolean inThePath = e instanceof NoSuchFileException || e instanceof AccessDeniedException || e instanceof NotDirectoryException
                || e instanceof FileAlreadyExistsException || e instanceof FileSystemException fs && PATH_REASONS.contains(fs.getReason());
        String message = "cannot %s %s: %s".formatted(action, path, e);
        return inThePath ? new CsiException(CsiException.Code.FAILED_PRECONDITION, message, e)
                : new CsiException(CsiException.Code.INTERNAL, message, e);
    }
}
