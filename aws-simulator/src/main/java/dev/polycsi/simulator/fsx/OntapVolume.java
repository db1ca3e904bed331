package dev.polycsi.simulator.fsx;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A simulated FSx for NetApp ONTAP volume on an SVM, its data a directory under
 * {@code <dataDir>/fsx/}. CREATING until {@code delay.fsx.volume.created} (from a backup:
 * {@code delay.fsx.volume.restored}) has passed, then CREATED, or FAILED with the
 * {@code fail.fsx.volume.create} message; DELETING until {@code delay.fsx.volume.deleting} has
 * passed, then gone. As for file systems, the instants are fixed when each transition starts.
 *
 * @param sequence        creation order, which listings and their NextTokens follow
 * @param timeline        creation (its AVAILABLE is ONTAP's CREATED), failure, visibility and deletion
 * @param updates         its size changes, oldest first
 * @param pendingRestore  the backup whose data it gets once CREATED; empty once it has it, or for a new volume
 * @param finalBackupId   the backup DeleteVolume took of it, answered again to a replayed DeleteVolume
 */
record OntapVolume(long sequence, String id, String fileSystemId, String uuid, OntapVolumeSpec spec, List<Tag> tags, Timeline timeline,
        List<VolumeUpdate> updates, Optional<String> pendingRestore, Optional<String> finalBackupId) {

    /** The VolumeLifecycle values an ONTAP volume passes through (OpenZFS's AVAILABLE, PENDING, MISCONFIGURED are not simulated). */
    enum State {
        CREATING, CREATED, DELETING, FAILED
    }

    OntapVolume {
        tags = List.copyOf(tags);
        updates = List.copyOf(updates);
    }

    State lifecycle(Instant now) {
        return switch (timeline.lifecycle(now)) {
            case CREATING -> State.CREATING;
            case DELETING -> State.DELETING;
            case FAILED -> State.FAILED;
            case AVAILABLE, UPDATING -> State.CREATED;
        };
    }

    boolean gone(Instant now) {
        return timeline.gone(now);
    }

    boolean visible(Instant now) {
        return timeline.visible(now);
    }

    /** The size in force: the latest completed update's target, else the size it was created with. */
    long sizeInBytes(Instant now) {
        return updates.reversed().stream().filter(update -> update.applied(now)).map(VolumeUpdate::targetSizeInBytes).findFirst()
                .orElse(spec.sizeInBytes());
    }

    Optional<VolumeUpdate> latestUpdate() {
        return updates.isEmpty() ? Optional.empty() : Optional.of(updates.getLast());
    }

    /** A volume created from {@code backupId} that is still CREATING: the backup may not be deleted. */
    boolean restoring(String backupId, Instant now) {
        return pendingRestore.filter(backupId::equals).isPresent() && lifecycle(now) == State.CREATING;
    }

    OntapVolume withTags(List<Tag> newTags) {
        return new OntapVolume(sequence, id, fileSystemId, uuid, spec, newTags, timeline, updates, pendingRestore, finalBackupId);
    }

    OntapVolume withSpec(OntapVolumeSpec newSpec) {
        return new OntapVolume(sequence, id, fileSystemId, uuid, newSpec, tags, timeline, updates, pendingRestore, finalBackupId);
    }

    OntapVolume withUpdate(VolumeUpdate update) {
        List<VolumeUpdate> all = new ArrayList<>(updates);
        all.add(update);
        return new OntapVolume(sequence, id, fileSystemId, uuid, spec, tags, timeline, all, pendingRestore, finalBackupId);
    }

    /** Its backup's data has been copied in (or it FAILED and never will). */
    OntapVolume restored() {
        return new OntapVolume(sequence, id, fileSystemId, uuid, spec, tags, timeline, updates, Optional.empty(), finalBackupId);
    }

    OntapVolume deleting(Instant now, Instant goneAt, Optional<String> finalBackup) {
        return new OntapVolume(sequence, id, fileSystemId, uuid, spec, tags, timeline.deleting(now, goneAt), updates, pendingRestore,
                finalBackup);
    }
}
