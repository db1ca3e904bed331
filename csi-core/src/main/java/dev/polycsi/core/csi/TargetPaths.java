package dev.polycsi.core.csi;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.mount.Mounter;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The paths the driver owns on the node, handled once for every backend (see the contract on
 * {@link dev.polycsi.spi.node.NodeOps}): the core creates the staging directory if the CO has
 * not, creates the publish target (a directory, or an empty file for raw block) and removes it
 * after the backend has unmounted it. Nothing is ever stat'ed while mounted, since a dead
 * network server hangs the stat.
 */
final class TargetPaths {

    private final Mounter mounter;

    TargetPaths(Mounter mounter) {
        this.mounter = mounter;
    }

    void ensureDirectory(Path path) {
        if (mounter.isMounted(path) || Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw CsiException.failedPrecondition("%s exists and is not a directory", path);
        }
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new CsiException(CsiException.Code.INTERNAL, "cannot create %s: %s".formatted(path, e), e);
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
            // created meanwhile: what matters is that it is there
        } catch (IOException e) {
            throw new CsiException(CsiException.Code.INTERNAL, "cannot create %s: %s".formatted(path, e), e);
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
            throw new CsiException(CsiException.Code.INTERNAL, "cannot remove %s: %s".formatted(path, e), e);
        }
    }
}
