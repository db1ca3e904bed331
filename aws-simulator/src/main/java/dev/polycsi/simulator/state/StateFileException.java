package dev.polycsi.simulator.state;

import java.nio.file.Path;

/** A simulator state file that cannot be read, decoded or written; the message names the file. */
public final class StateFileException extends RuntimeException {

    StateFileException(Path file, String problem, Throwable cause) {
        super("simulator state file " + file + " " + problem, cause);
    }

    StateFileException(Path file, String problem) {
        this(file, problem, null);
    }
}
