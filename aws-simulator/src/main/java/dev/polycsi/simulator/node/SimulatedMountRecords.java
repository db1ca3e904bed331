package dev.polycsi.simulator.node;

import dev.polycsi.spi.mount.MountPoint;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;

/**
 * What each simulated network mount was asked to be: mountinfo shows a bind mount of a local
 * directory, while the backend that mounted {@code fs@tcp:/name} of type lustre checks, on a
 * retried publish, that the same file system is there. One small file per target, so that the
 * answer survives a restart of the node (the kubelet retries publishes after one).
 *
 * <p>A record is only believed while the mount at its target is still the bind mount it was
 * made for (same device and root in mountinfo): a record left by a crash before its unmount
 * never disguises another mount.
 */
final class SimulatedMountRecords {

    private static final String SOURCE = "source";
    private static final String FS_TYPE = "fsType";
    private static final String DEVICE = "device";
    private static final String ROOT = "root";

    private final Path directory;

    SimulatedMountRecords(Path directory) {
        this.directory = directory;
    }

    /** The default place: one per machine, as the mounts are. */
    static SimulatedMountRecords underTemporaryDirectory() {
        return new SimulatedMountRecords(Path.of(System.getProperty("java.io.tmpdir"), "polycsi-simulated-mounts"));
    }

    /**
     * Notes, before mounting, that {@code target} is about to get the bind mount standing for
     * {@code source}: until {@link #remember} completes the record, a mount found there is one a
     * crash interrupted (bound, but perhaps not yet read-only, and not yet recorded).
     */
    void intend(Path target, String source, String fsType) {
        Properties record = new Properties();
        record.setProperty(SOURCE, source);
        record.setProperty(FS_TYPE, fsType);
        write(target, record);
    }

    /** Remembers that the bind mount {@code actual} stands for {@code source} of type {@code fsType}. */
    void remember(MountPoint actual, String source, String fsType) {
        Properties record = new Properties();
        record.setProperty(SOURCE, source);
        record.setProperty(FS_TYPE, fsType);
        record.setProperty(DEVICE, actual.device());
        record.setProperty(ROOT, actual.root());
        write(actual.target(), record);
    }

    /** Whether a mount at {@code target} was begun ({@link #intend}) and not finished ({@link #remember}). */
    boolean pending(Path target) {
        return read(target).filter(record -> record.getProperty(DEVICE) == null).isPresent();
    }

    private Optional<Properties> read(Path target) {
        Properties record = new Properties();
        try (Reader in = Files.newBufferedReader(fileOf(target), StandardCharsets.UTF_8)) {
            record.load(in);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the record of the simulated mount at " + target, e);
        }
        return Optional.of(record);
    }

    private void write(Path target, Properties record) {
        try {
            Files.createDirectories(directory);
            Path file = fileOf(target);
            // One temporary file per target (its calls take turns): a crash before the move leaves
            // at most this one, which the next write replaces and forget removes.
            Path temporary = temporaryOf(file);
            try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                record.store(out, target.toString());
            }
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the simulated mount at " + target, e);
        }
    }

    /** {@code actual} as the network mount it stands for, if it is one this node made and finished. */
    Optional<MountPoint> translate(MountPoint actual) {
        Optional<Properties> found = read(actual.target());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Properties record = found.get();
        if (!actual.device().equals(record.getProperty(DEVICE)) || !actual.root().equals(record.getProperty(ROOT))) {
            return Optional.empty();
        }
        return Optional.of(new MountPoint(actual.target(), record.getProperty(SOURCE), record.getProperty(FS_TYPE), actual.root(),
                actual.device(), actual.options()));
    }

    /** Removes the record of {@code target}, and the temporary file of a write that a crash interrupted. */
    void forget(Path target) {
        try {
            Path file = fileOf(target);
            Files.deleteIfExists(file);
            Files.deleteIfExists(temporaryOf(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the record of the simulated mount at " + target, e);
        }
    }

    private static Path temporaryOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".tmp");
    }

    private Path fileOf(Path target) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(target.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return directory.resolve(HexFormat.of().formatHex(digest, 0, 16) + ".properties");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
