package dev.polycsi.simulator.storage;

import dev.polycsi.spi.CsiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Where each simulated file system of one service keeps its data: {@code <dataDir>/<service>/<fileSystemId>/},
 * e.g. {@code efs} or {@code fsx}.
 */
public final class FileSystemDirectories {

    private final Path root;

    public FileSystemDirectories(Path dataDir, String service) {
        this.root = dataDir.resolve(service);
    }

    public Path of(String fileSystemId) {
        return root.resolve(fileSystemId);
    }

    /** Creates the file system's directory; one left from an earlier run keeps its data. */
    public Path create(String fileSystemId) {
        try {
            return Files.createDirectories(of(fileSystemId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of file system " + fileSystemId, e);
        }
    }

    /** Deletes the file system's data, never following symbolic links out of it. */
    public void delete(String fileSystemId) {
        Path directory = of(fileSystemId);
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
            // already gone
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the directory of file system " + fileSystemId, e);
        }
    }

    /** {@code base} joined with an absolute path that may not climb out of it (INVALID_ARGUMENT otherwise). */
    public static Path within(Path base, String absolutePath) {
        Path resolved = base.resolve(absolutePath.substring(1)).normalize();
        if (!resolved.startsWith(base)) {
            throw CsiException.invalidArgument("path %s leaves the file system", absolutePath);
        }
        return resolved;
    }

    /** A symbolic link may not lead a mount out of the file system, as a file server would not let it either. */
    public static void requireInside(Path fileSystemDirectory, Path directory) {
        try {
            if (!directory.toRealPath().startsWith(fileSystemDirectory.toRealPath())) {
                throw CsiException.invalidArgument("%s leads out of its file system through a symbolic link", directory);
            }
        } catch (IOException e) {
            throw CsiException.internal("cannot resolve %s: %s", directory, e.getMessage());
        }
    }
}
