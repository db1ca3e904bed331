package dev.polycsi.simulator.efs;

import dev.polycsi.simulator.storage.FileSystemDirectories;
import dev.polycsi.spi.CsiException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Creates an access point's root directory on first mount, as EFS does: only when the access
 * point has CreationInfo, owned by its uid and gid and with its permissions. Missing parent
 * directories are created the same way. Giving a directory another owner needs root.
 */
final class AccessPointRoots {

    /** The root directory of {@code accessPoint} in {@code fileSystemDirectory}, created if missing. */
    synchronized Path ensure(Path fileSystemDirectory, AccessPoint accessPoint) {
        RootDirectory root = accessPoint.rootDirectory();
        Path directory = FileSystemDirectories.within(fileSystemDirectory, root.path());
        if (Files.isDirectory(directory)) {
            return directory;
        }
        CreationInfo creationInfo = root.creationInfo().orElseThrow(() -> CsiException.notFound(
                "root directory %s of access point %s does not exist, and without CreationInfo EFS does not create it",
                root.path(), accessPoint.id()));
        Path current = fileSystemDirectory;
        for (Path name : fileSystemDirectory.relativize(directory)) {
            current = current.resolve(name);
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                create(current, creationInfo, accessPoint.id());
            } else if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                throw CsiException.failedPrecondition("%s on the way to the root directory of access point %s is not a directory",
                        current, accessPoint.id());
            }
        }
        return directory;
    }

    private static void create(Path directory, CreationInfo creationInfo, String accessPointId) {
        try {
            Files.createDirectory(directory);
        } catch (FileAlreadyExistsException e) {
            return;
        } catch (IOException e) {
            throw CsiException.internal("cannot create %s for access point %s: %s", directory, accessPointId, e.getMessage());
        }
        try {
            // chown before chmod: changing the owner clears the set-id bits
            Files.setAttribute(directory, "unix:uid", (int) creationInfo.ownerUid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(directory, "unix:gid", (int) creationInfo.ownerGid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(directory, "unix:mode", creationInfo.mode(), LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            deleteQuietly(directory);
            throw CsiException.failedPrecondition(
                    "cannot give %s the owner %d:%d and mode %s of access point %s (owning it for another user needs root): %s",
                    directory, creationInfo.ownerUid(), creationInfo.ownerGid(), creationInfo.permissions(), accessPointId, e);
        }
    }

    /** Removes the directory just made, so that the next mount tries again instead of finding it with the wrong owner. */
    private static void deleteQuietly(Path directory) {
        try {
            Files.deleteIfExists(directory);
        } catch (IOException ignored) {
            // the failure being reported matters more
        }
    }
}
