package dev.polycsi.simulator.fsx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a backup does to a volume's directory, and a restore to a backup's: a copy of the tree
 * (files, directories, symbolic links as links; modes, times and, as root, owners), and how
 * many bytes of data a tree holds, which a volume may not shrink below.
 */
final class VolumeData {

    private VolumeData() {
    }

    /** Copies {@code from} into {@code to}, which is created if missing; never follows a link out of {@code from}. */
    static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to);
            if (!Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                    Path target = to.resolve(from.relativize(dir).toString());
                    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        Files.copy(dir, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                            StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    if (failure != null) {
                        throw failure;
                    }
                    // the copies made inside changed the directory's times; give it its own again
                    Files.setLastModifiedTime(to.resolve(from.relativize(dir).toString()), Files.getLastModifiedTime(dir));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }

    /** The bytes in the tree's regular files; 0 for a tree that does not exist. */
    static long bytesIn(Path directory) {
        AtomicLong total = new AtomicLong();
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        total.addAndGet(attributes.size());
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + directory, e);
        }
        return total.get();
    }
}
