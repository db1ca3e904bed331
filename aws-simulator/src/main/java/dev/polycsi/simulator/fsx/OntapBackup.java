package dev.polycsi.simulator.fsx;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A user-initiated backup of an ONTAP volume: a copy of the volume's directory taken when it was
 * asked for, under {@code <dataDir>/fsx/backups/}, CREATING until {@code delay.fsx.backup.available}
 * has passed, then AVAILABLE, or FAILED with the {@code fail.fsx.backup.create} message (and no
 * copy). It outlives its volume, and is gone at once when deleted.
 *
 * @param volume       the volume as it was when the backup was asked for, which the backup describes
 * @param sizeInBytes  the bytes of data copied
 */
record OntapBackup(long sequence, String id, OntapVolume volume, List<Tag> tags, Instant createdAt, Instant availableAt,
        Instant visibleAt, Optional<String> failure, long sizeInBytes) {

    static final String CREATING = "CREATING";
    static final String AVAILABLE = "AVAILABLE";
    static final String FAILED = "FAILED";

    OntapBackup {
        tags = List.copyOf(tags);
    }

    String lifecycle(Instant now) {
        if (now.isBefore(availableAt)) {
            return CREATING;
        }
        return failure.isPresent() ? FAILED : AVAILABLE;
    }

    boolean visible(Instant now) {
        return !now.isBefore(visibleAt);
    }

    /** 0 when asked for, rising with the time it has had, 100 once AVAILABLE. */
    int progressPercent(Instant now) {
        if (!now.isBefore(availableAt)) {
            return 100;
        }
        Duration total = Duration.between(createdAt, availableAt);
        return (int) Math.clamp(Duration.between(createdAt, now).toMillis() * 100 / total.toMillis(), 0, 99);
    }

    OntapBackup withTags(List<Tag> newTags) {
        return new OntapBackup(sequence, id, volume, newTags, createdAt, availableAt, visibleAt, failure, sizeInBytes);
    }
}
