package dev.polycsi.ebs.cloud;

import java.time.Instant;
import java.util.Optional;

/**
 * An EC2 LockSnapshot to apply to a new snapshot: a mode and either a duration or an expiration
 * date; a cooling-off period only in compliance mode.
 *
 * @param mode governance or compliance
 */
public record SnapshotLock(String mode, Optional<Integer> durationDays, Optional<Instant> expirationDate, Optional<Integer> coolOffHours) {

    public static final String GOVERNANCE = "governance";
    public static final String COMPLIANCE = "compliance";
}
