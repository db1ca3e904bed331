package dev.polycsi.simulator.ec2;

import java.time.Instant;

/**
 * A snapshot's lock as LockSnapshot sets it. Its state follows from the clock: in compliance
 * mode, {@code compliance-cooloff} until the cooling-off period ends; {@code expired} from the
 * expiry on, when the snapshot may be deleted again.
 *
 * @param durationDays      null when the lock was given an expiration date
 * @param coolOffHours      compliance mode only; null without a cooling-off period
 * @param coolOffExpiresOn  null without a cooling-off period
 */
record SnapshotLock(String mode, Integer durationDays, Instant createdOn, Instant durationStartTime, Instant expiresOn,
        Integer coolOffHours, Instant coolOffExpiresOn) {

    static final String GOVERNANCE = "governance";
    static final String COMPLIANCE = "compliance";

    String state(Instant now) {
        if (!now.isBefore(expiresOn)) {
            return "expired";
        }
        if (mode.equals(COMPLIANCE) && coolOffExpiresOn != null && now.isBefore(coolOffExpiresOn)) {
            return "compliance-cooloff";
        }
        return mode;
    }

    /** Whether the lock still keeps the snapshot from being deleted. */
    boolean holds(Instant now) {
        return now.isBefore(expiresOn);
    }

    /** Compliance mode past its cooling-off period: the lock can only be extended, never lifted. */
    boolean sealed(Instant now) {
        return state(now).equals(COMPLIANCE);
    }

    void write(XmlWriter xml, Instant now) {
        xml.element("lockState", state(now))
                .element("lockDuration", durationDays)
                .element("coolOffPeriod", coolOffHours)
                .element("coolOffPeriodExpiresOn", coolOffExpiresOn)
                .element("lockCreatedOn", createdOn)
                .element("lockDurationStartTime", durationStartTime)
                .element("lockExpiresOn", expiresOn);
    }
}
