package dev.polycsi.simulator.ec2;

import java.time.Instant;

/**
 * Fast snapshot restore of one snapshot in one zone: enabling, then optimizing, then enabled, as
 * the knobs {@code delay.fast-restore.optimizing} and {@code delay.fast-restore.enabled} say
 * (each from the start of the previous state). Only an enabled one makes restored volumes start
 * initialized.
 */
final class FastRestore {

    final String snapshotId;
    final String zone;
    final Instant enablingTime;
    final Instant optimizingAt;
    final Instant enabledAt;

    FastRestore(String snapshotId, String zone, Instant enablingTime, Instant optimizingAt, Instant enabledAt) {
        this.snapshotId = snapshotId;
        this.zone = zone;
        this.enablingTime = enablingTime;
        this.optimizingAt = optimizingAt;
        this.enabledAt = enabledAt;
    }

    static String key(String snapshotId, String zone) {
        return snapshotId + "/" + zone;
    }

    String state(Instant now) {
        if (!now.isBefore(enabledAt)) {
            return "enabled";
        }
        return now.isBefore(optimizingAt) ? "enabling" : "optimizing";
    }

    boolean enabled(Instant now) {
        return state(now).equals("enabled");
    }
}
