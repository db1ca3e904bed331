package dev.polycsi.simulator.efs;

import dev.polycsi.simulator.state.StateFile;
import dev.polycsi.simulator.state.StateFileException;
import java.nio.file.Path;

/**
 * The EFS state kept in {@code <stateDir>/efs.json}: file systems, mount targets and access points
 * with their creation tokens and tags. Lifecycles are saved as instants, so a file system that
 * was still creating when the simulator stopped is available once that instant has passed.
 */
final class EfsStateFile {

    static final String NAME = "efs.json";

    private final StateFile file;

    EfsStateFile(Path stateDir) {
        this.file = new StateFile(stateDir.resolve(NAME));
    }

    /**
     * Restores what was saved into the new state, then saves it after every change. It is written
     * back at once, so that a directory the simulator cannot write to stops the start rather than
     * failing every later call.
     */
    void keep(EfsState state) {
        file.read(EfsStateReader::contents).ifPresent(state::restore);
        write(state.contents());
        state.onChange(this::save);
    }

    private void save(EfsState.Contents contents) {
        try {
            write(contents);
        } catch (StateFileException e) {
            // the change stands in memory; the caller learns that it may not survive a restart
            throw EfsError.internal(e.getMessage());
        }
    }

    private void write(EfsState.Contents contents) {
        file.write(writer -> EfsStateWriter.write(writer, contents));
    }
}
