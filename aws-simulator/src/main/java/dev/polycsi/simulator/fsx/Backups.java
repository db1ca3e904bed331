package dev.polycsi.simulator.fsx;

import java.util.Optional;

/** Automatic backup settings; only persistent file systems that are not S3-linked may keep backups. */
record Backups(int retentionDays, Optional<String> dailyStartTime, boolean copyTagsToBackups) {

    static final Backups NONE = new Backups(0, Optional.empty(), false);
}
