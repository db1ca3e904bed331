package dev.polycsi.simulator.efs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Where each simulated file system keeps its data: {@code <dataDir>/efs/<fileSystemId>/}. */
final class EfsDirectories {

    private final Path root;

    EfsDirectories(Path dataDir) {
        this.root = dataDir.resolve("efs");
    }

    Path of(String fileSystemId) {
        return root.resolve(fileSystemId);
    }

    /** Creates the file system's directory; one left from an earlier run keeps its data. */
    Path create(String fileSystemId) {
        try {
            return Files.createDirectories(of(fileSystemId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of file system " + fileSystemId, e);
        }
    }

    /** Deletes the file system's data, never following symbolic links out of it. */
    void delete(String fileSystemId) {
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
}
