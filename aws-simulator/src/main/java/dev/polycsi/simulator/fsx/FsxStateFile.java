package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.state.StateFile;
import dev.polycsi.simulator.state.StateFileException;
import java.nio.file.Path;

/**
 * The FSx state kept in {@code <stateDir>/fsx.json}: file systems with their tags, updates
 * (capacity, throughput, metadata) and lifecycle instants, caches with their data repository associations, and the
 * client tokens still remembered; a file written before caches were simulated is still read.
 * Transitions are saved as the instants they end at, so whatever ended while the simulator was
 * stopped has ended when it is back.
 */
final class FsxStateFile {

    static final String NAME = "fsx.json";

    private final StateFile file;

    FsxStateFile(Path stateDir) {
        this.file = new StateFile(stateDir.resolve(NAME));
    }

    /** Restores what was saved, writes it back at once (an unwritable directory stops the start), then saves every change. */
    void keep(FsxState state) {
        file.read(FsxStateReader::contents).ifPresent(state::restore);
        write(state.contents());
        state.onChange(this::save);
    }

    private void save(FsxState.Contents contents) {
        try {
            write(contents);
        } catch (StateFileException e) {
            // the change stands in memory; the caller learns that it may not survive a restart
            throw FsxError.internal(e.getMessage());
        }
    }

    private void write(FsxState.Contents contents) {
        file.write(writer -> FsxStateWriter.write(writer, contents));
    }
}
