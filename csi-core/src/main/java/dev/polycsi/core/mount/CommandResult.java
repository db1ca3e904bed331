package dev.polycsi.core.mount;

import dev.polycsi.spi.CsiException;
import java.util.List;

/**
 * How a finished command exited and what it printed.
 *
 * @param output stdout and stderr interleaved, as the command wrote them
 */
public record CommandResult(List<String> command, int exitCode, String output) {

    public CommandResult {
        command = List.copyOf(command);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** This result if the command succeeded, else {@link #failure()} thrown. */
    public CommandResult orThrow() {
        if (!succeeded()) {
            throw failure();
        }
        return this;
    }

    /** INTERNAL, naming the command, its exit code and its output. */
    public CsiException failure() {
        return CsiException.internal("%s failed with exit code %d: %s", commandLine(), exitCode, output.strip());
    }

    public String commandLine() {
        return String.join(" ", command);
    }
}
