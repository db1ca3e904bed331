package dev.polycsi.simulator.storage;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * Volume and snapshot images as sparse files: a 1 TiB volume costs only the blocks written to
 * it. Whole files appear atomically (written aside, then renamed), so that a crash in the middle
 * of a copy never leaves a half volume that a retry would take as done.
 */
final class SparseFiles {

    /** cp reads only the data (SEEK_DATA), so even big images copy quickly; this is a backstop. */
    private static final Duration COPY_TIMEOUT = Duration.ofMinutes(30);
    private static final String PARTIAL_SUFFIX = ".partial";

    private SparseFiles() {}

    /** A new file of {@code size} bytes, all of it a hole. */
    static void create(Path file, long size) {
        Path partial = partialOf(file);
        deleteIfExists(partial); // a crash may have left one with data in it
        setLength(partial, size);
        publish(partial, file);
    }

    /** A copy of {@code source} that keeps its holes, grown to at least {@code size} bytes. */
    static void copy(Path source, Path target, long size) {
        Path partial = partialOf(target);
        HostCommand.run(COPY_TIMEOUT, "cp", "--sparse=always", source.toString(), partial.toString()).orThrow();
        if (size > length(partial)) {
            setLength(partial, size);
        }
        publish(partial, target);
    }

    /** Grows the file; never shrinks it, as no cloud volume shrinks. */
    static void grow(Path file, long size) {
        if (size > length(file)) {
            setLength(file, size);
        }
    }

    static void delete(Path file) {
        deleteIfExists(file);
        deleteIfExists(partialOf(file));
    }

    private static void deleteIfExists(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new StorageException("cannot delete " + file, e);
        }
    }

    static long length(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new StorageException("cannot read the size of " + file, e);
        }
    }

    private static void setLength(Path file, long size) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        } catch (IOException e) {
            throw new StorageException("cannot set the size of %s to %d bytes".formatted(file, size), e);
        }
    }

    private static void publish(Path partial, Path file) {
        try {
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StorageException("cannot rename %s to %s".formatted(partial, file), e);
        }
    }

    private static Path partialOf(Path file) {
        return file.resolveSibling(file.getFileName() + PARTIAL_SUFFIX);
    }
}
