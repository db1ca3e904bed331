package dev.polycsi.examples.hostpath;

import dev.polycsi.spi.CsiException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory holding one kind of object, volumes or snapshots, as two entries per id:
 * <pre>
 *   &lt;id&gt;.properties   the metadata record
 *   &lt;id&gt;/             the data directory
 * </pre>
 *
 * <p>The driver can be killed at any moment, and the CO then retries the call. Three rules
 * keep what is on disk meaningful whenever that happens:
 * <ol>
 *   <li>A record is written to a temporary file and renamed over the old one, so it is always
 *       either the old or the new record, never half of one.
 *   <li>A data directory is built as {@code <id>.partial/} and renamed to {@code <id>/} when it
 *       is complete, so a data directory that exists is complete.
 *   <li>The record is written before the data directory is built and removed after it is
 *       deleted. A record without a data directory is a create or a delete that was cut short,
 *       or a volume still CREATING ({@link VolumeRecord.State}); the retry finishes the job.
 * </ol>
 *
 * <p>I/O failures become INTERNAL naming the path. Every id from outside is checked against
 * the id format first; see {@link Ids}.
 */
final class Area {

    private static final String RECORD_SUFFIX = ".properties";

    private final Path dir;
    private final Pattern idFormat;

    Area(Path dir, Pattern idFormat) {
        this.dir = dir;
        this.idFormat = idFormat;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw failure("cannot create", dir, e);
        }
    }

    boolean isValidId(String id) {
        return idFormat.matcher(id).matches();
    }

    /** The record of {@code id}; empty if there is none or {@code id} is not of this area's format. */
    Optional<Properties> readRecord(String id) {
        if (!isValidId(id)) {
            return Optional.empty();
        }
        Path file = recordFile(id);
        try (InputStream in = Files.newInputStream(file)) {
            Properties record = new Properties();
            record.load(in);
            return Optional.of(record);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("cannot read", file, e);
        }
    }

    void writeRecord(String id, Properties record) {
        Path file = recordFile(id);
        Path temp = tempRecordFile(id);
        try {
            try (FileOutputStream out = new FileOutputStream(temp.toFile())) {
                record.store(out, null);
                // On disk before the rename makes it visible; otherwise a power cut could leave
                // the new name pointing at an empty file.
                out.getFD().sync();
            }
            // rename(2), which replaces the old record in one step.
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw failure("cannot write", file, e);
        }
    }

    /** The ids that have a record, sorted. */
    List<String> ids() {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(RECORD_SUFFIX))
                    .map(name -> name.substring(0, name.length() - RECORD_SUFFIX.length()))
                    .filter(this::isValidId)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw failure("cannot list", dir, e);
        }
    }

    Path dataDir(String id) {
        return dir.resolve(checked(id));
    }

    boolean hasData(String id) {
        return Files.isDirectory(dataDir(id));
    }

    /**
     * Builds the data directory of {@code id}: a copy of {@code copyOf}, or an empty directory,
     * with {@code settings} applied to its top. Only a complete directory gets the real name.
     */
    void createData(String id, Optional<Path> copyOf, DirectorySettings settings) {
        Path partial = partialDir(id);
        try {
            Trees.delete(partial); // left behind if an earlier attempt was cut short
            if (copyOf.isPresent()) {
                Trees.copy(copyOf.get(), partial);
            } else {
                Files.createDirectory(partial);
            }
            settings.applyTo(partial);
            Files.move(partial, dataDir(id), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw failure("cannot create", dataDir(id), e);
        }
    }

    /** Bytes held by the files in the data directory; see {@link Trees#usedBytes(Path)}. */
    long usedBytes(String id) {
        try {
            return Trees.usedBytes(dataDir(id));
        } catch (IOException e) {
            throw failure("cannot measure", dataDir(id), e);
        }
    }

    /** Removes the data directory, then the record. Nothing there, or an id of another format: nothing to do. */
    void delete(String id) {
        if (!isValidId(id)) {
            return;
        }
        try {
            Trees.delete(dataDir(id));
            Trees.delete(partialDir(id));
            Files.deleteIfExists(tempRecordFile(id));
            Files.deleteIfExists(recordFile(id));
        } catch (IOException e) {
            throw failure("cannot delete", dir.resolve(id), e);
        }
    }

    private Path recordFile(String id) {
        return dir.resolve(checked(id) + RECORD_SUFFIX);
    }

    /**
     * A fixed name is enough: the core never runs two calls for one id at once, and the waiter of
     * a slow creation writes while no call can name the volume (the CO learns its id only once
     * CreateVolume returns it).
     */
    private Path tempRecordFile(String id) {
        return dir.resolve(checked(id) + RECORD_SUFFIX + ".tmp");
    }

    private Path partialDir(String id) {
        return dir.resolve(checked(id) + ".partial");
    }

    /** The last line of defence: no id that is not of our own format ever becomes part of a path. */
    private String checked(String id) {
        if (!isValidId(id)) {
            throw new IllegalArgumentException("not a hostpath id: " + id);
        }
        return id;
    }

    private static CsiException failure(String what, Path path, IOException e) {
        return new CsiException(CsiException.Code.INTERNAL, what + " " + path + ": " + e, e);
    }
}
