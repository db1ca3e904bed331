package dev.polycsi.simulator.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/**
 * One simulated service's saved state: a JSON object with {@code "version": 1} and the service's
 * members. Each save replaces the file atomically, so that a crash leaves the old state or the
 * new one, never a torn file. Anything else found there (no JSON, another version, members that
 * do not decode) stops the start: silently starting empty would lose every volume.
 *
 * <p>Shared by the EC2 and EFS state files; it belongs in a package of its own once there is one.
 */
public final class StateFile {

    public static final int VERSION = 1;

    private static final JsonNodeParser PARSER = JsonNodeParser.create();

    private final Path path;
    private final Path temporary;

    public StateFile(Path path) {
        this.path = path.toAbsolutePath();
        this.temporary = this.path.resolveSibling(this.path.getFileName() + ".tmp");
    }

    public Path path() {
        return path;
    }

    /** The decoded state; empty if nothing was saved yet. */
    public <T> Optional<T> read(Function<StateNode, T> decoder) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StateFileException(path, "cannot be read: " + e, e);
        }
        StateNode root = StateNode.root(path, parse(bytes));
        long version = root.longValue("version");
        if (version != VERSION) {
            throw new StateFileException(path, "has format version " + version + "; this simulator reads version " + VERSION);
        }
        try {
            return Optional.of(decoder.apply(root));
        } catch (StateFileException e) {
            throw e;
        } catch (RuntimeException e) {
            // the resources' own validation, e.g. an unknown enum name or a malformed tag
            throw new StateFileException(path, "is corrupt: " + e.getMessage(), e);
        }
    }

    /** Replaces the file with {@code {"version": 1, …}}: written beside it, forced to disk, then renamed over it. */
    public void write(Consumer<StateWriter> members) {
        JsonWriter json = JsonWriter.create();
        json.writeStartObject();
        StateWriter writer = new StateWriter(json).number("version", VERSION);
        members.accept(writer);
        json.writeEndObject();
        try {
            Files.createDirectories(path.getParent());
            writeAndForce(temporary, json.getBytes());
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE);
            // the rename itself is durable only once the directory is
            try (FileChannel directory = FileChannel.open(path.getParent(), StandardOpenOption.READ)) {
                directory.force(true);
            }
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new StateFileException(path, "cannot be saved: " + e, e);
        }
    }

    private JsonNode parse(byte[] bytes) {
        JsonNode node;
        try {
            node = PARSER.parse(bytes);
        } catch (RuntimeException e) {
            throw new StateFileException(path, "is not valid JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new StateFileException(path, "is not a JSON object");
        }
        return node;
    }

    private static void writeAndForce(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the save has failed already, which is what gets reported; a stale .tmp is overwritten next time
        }
    }
}
