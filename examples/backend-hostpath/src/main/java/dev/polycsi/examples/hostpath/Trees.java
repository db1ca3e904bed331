package dev.polycsi.examples.hostpath;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Copying, deleting and measuring directory trees.
 *
 * <p>The trees are the contents of users' volumes and the driver runs as root, so symbolic
 * links are never followed: a link to {@code /etc} inside a volume is copied as a link,
 * deleted as a link and not counted, instead of exposing or destroying the node's files.
 * ({@link Files#walkFileTree(Path, java.nio.file.FileVisitor)} does not follow links unless
 * asked to.)
 */
final class Trees {

    private Trees() {
    }

    /**
     * Copies {@code source} to {@code target}, which must not exist yet, keeping permissions,
     * owners and times. Hard links become separate copies.
     */
    static void copy(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                // Copying a directory creates an empty one with the same attributes.
                Files.copy(dir, target.resolve(source.relativize(dir)),
                        StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, target.resolve(source.relativize(file)),
                        StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Deletes {@code dir} and everything in it; a directory that is not there is already deleted. */
    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path current, IOException error) throws IOException {
                if (error != null) {
                    throw error;
                }
                Files.delete(current);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * The bytes held by the regular files under {@code dir}: their apparent size, as
     * {@code du --apparent-size} counts it (Java cannot read the allocated block count), so a
     * sparse file counts in full.
     */
    static long usedBytes(Path dir) throws IOException {
        SizeCounter counter = new SizeCounter();
        Files.walkFileTree(dir, counter);
        return counter.total;
    }

    private static final class SizeCounter extends SimpleFileVisitor<Path> {
        long total;

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile()) {
                total += attrs.size();
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException error) throws IOException {
            // A pod may delete files while we count; a file that has gone counts as nothing.
            if (error instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
            }
            throw error;
        }
    }
}
