package dev.polycsi.simulator.ec2;

import dev.polycsi.simulator.state.StateFile;
import dev.polycsi.simulator.state.StateFileException;
import dev.polycsi.simulator.storage.BlockStorage;
import java.nio.file.Path;

/**
 * The EC2 state kept in {@code <stateDir>/ec2.json}, so that a restarted simulator (and driver)
 * finds its volumes, snapshots, attachments and client tokens again. Transitions are saved as the
 * instants they end at: whatever ended while the simulator was down has ended when it is back.
 */
final class Ec2StateFile {

    static final String NAME = "ec2.json";

    private final StateFile file;

    Ec2StateFile(Path stateDir) {
        this.file = new StateFile(stateDir.resolve(NAME));
    }

    /**
     * Fills the new, empty state with what was saved, and shows the devices of the volumes attached
     * to the node's instance again: loop devices do not survive a reboot (attaching is idempotent
     * if they did). Then writes it back, so that a directory the simulator cannot write to stops
     * the start rather than failing every later call. Attachments to instances no longer
     * configured stay in the state: DescribeVolumes shows them and DetachVolume without an
     * InstanceId ends them.
     */
    void restore(Ec2State state, BlockStorage storage, String nodeInstanceId) {
        file.read(root -> Ec2StateReader.restore(root, state, nodeInstanceId));
        for (Volume volume : state.volumes.values()) {
            boolean attached = volume.attachments.stream()
                    .anyMatch(a -> a.instanceId.equals(nodeInstanceId) && a.state != VolumeAttachment.State.DETACHING);
            if (attached) {
                reattach(volume.id, storage);
            }
        }
        write(state);
    }

    /** Called with the state's lock held, after each call that may have changed it. */
    void save(Ec2State state) {
        try {
            write(state);
        } catch (StateFileException e) {
            // the change stands in memory; the caller learns that it may not survive a restart
            throw Ec2Errors.internalError("%s", e.getMessage());
        }
    }

    private void write(Ec2State state) {
        file.write(writer -> Ec2StateWriter.write(writer, state));
    }

    private void reattach(String volumeId, BlockStorage storage) {
        try {
            storage.attach(volumeId);
        } catch (RuntimeException e) {
            throw new IllegalStateException("volume " + volumeId + ", attached according to " + file.path()
                    + ", cannot be attached again: " + e.getMessage(), e);
        }
    }
}
