package dev.polycsi.efs.controller;

import dev.polycsi.efs.mount.EfsMount;
import dev.polycsi.efs.mount.MountPlan;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.mount.Mounter;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Deletes an access point's root directory: mounts the file system's root with the node's mount
 * plan into a temporary directory, removes the tree (never following symbolic links out of it),
 * and unmounts in any case.
 */
final class RootDirectoryRemover {

    private static final Logger LOG = LogManager.getLogger(RootDirectoryRemover.class);

    private final Mounter mounter;
    private final Path scratch;

    /** @param scratch where the temporary mount points are made */
    RootDirectoryRemover(Mounter mounter, Path scratch) {
        this.mounter = mounter;
        this.scratch = scratch;
    }

    void remove(String fileSystemId, String rootDirectory, Optional<String> mountTargetIp) {
        remove(fileSystemId, rootDirectory, mountTargetIp, false);
    }

    void remove(String fileSystemId, String rootDirectory, Optional<String> mountTargetIp, boolean crossAccount) {
        if (rootDirectory.equals("/") || rootDirectory.isEmpty()) {
            LOG.warn("Not deleting the root directory of an access point on {}: it is the file system's root", fileSystemId);
            return;
        }
        Path mountPoint;
        try {
            Files.createDirectories(scratch);
            mountPoint = Files.createTempDirectory(scratch, "efs-" + fileSystemId + "-");
        } catch (IOException e) {
            throw CsiException.internal("cannot create a temporary mount point in %s: %s", scratch, e.getMessage());
        }
        try {
            EfsMount mount = MountPlan.forFileSystemRoot(fileSystemId, mountTargetIp, crossAccount);
            LOG.info("Mounting {} at {} to delete {}", mount.source(), mountPoint, rootDirectory);
            mounter.mount(mount.source(), mountPoint, EfsMount.TYPE, mount.options());
            try {
                Path directory = mountPoint.resolve(rootDirectory.substring(1)).normalize();
                if (!directory.startsWith(mountPoint) || directory.equals(mountPoint)) {
                    throw CsiException.internal("refusing to delete %s: it is not below the file system's root", rootDirectory);
                }
                deleteTree(directory);
            } finally {
                mounter.unmount(mountPoint);
            }
        } finally {
            try {
                Files.deleteIfExists(mountPoint);
            } catch (IOException e) {
                LOG.warn("Cannot remove the temporary mount point {}: {}", mountPoint, e.getMessage());
            }
        }
    }

    static void deleteTree(Path directory) {
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    if (failure != null) {
                        throw failure;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // never mounted, so never created, or deleted already
        } catch (IOException e) {
            throw CsiException.internal("cannot delete %s: %s", directory, e);
        }
    }
}
