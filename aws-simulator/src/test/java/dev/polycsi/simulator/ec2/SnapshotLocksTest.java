package dev.polycsi.simulator.ec2;

import static dev.polycsi.simulator.ec2.Ec2Fixture.assertErrorCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.simulator.SimulatorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.LockMode;
import software.amazon.awssdk.services.ec2.model.LockSnapshotResponse;
import software.amazon.awssdk.services.ec2.model.LockState;
import software.amazon.awssdk.services.ec2.model.LockedSnapshotsInfo;

/** LockSnapshot, UnlockSnapshot, DescribeLockedSnapshots, and DeleteSnapshot of a locked snapshot. */
class SnapshotLocksTest {

    @TempDir
    Path dataDir;

    private Ec2Fixture sim;
    private String snapshotId;

    @BeforeEach
    void start() {
        sim = Ec2Fixture.start(SimulatorConfig.defaults(dataDir));
        snapshotId = sim.ec2.createSnapshot(r -> r.volumeId(sim.createVolume())).snapshotId();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void aGovernanceLockKeepsTheSnapshotUntilItIsUnlocked() {
        LockSnapshotResponse locked = sim.ec2.lockSnapshot(r -> r.snapshotId(snapshotId).lockMode(LockMode.GOVERNANCE).lockDuration(7));

        assertEquals(LockState.GOVERNANCE, locked.lockState());
        assertEquals(7, locked.lockDuration());
        assertEquals(Duration.ofDays(7), Duration.between(locked.lockDurationStartTime(), locked.lockExpiresOn()));
        assertErrorCode("SnapshotLocked", () -> sim.ec2.deleteSnapshot(r -> r.snapshotId(snapshotId)));
        LockedSnapshotsInfo listed = sim.ec2.describeLockedSnapshots(r -> r.snapshotIds(snapshotId)).snapshots().getFirst();
        assertEquals(LockState.GOVERNANCE, listed.lockState());

        sim.ec2.unlockSnapshot(r -> r.snapshotId(snapshotId));
        sim.ec2.deleteSnapshot(r -> r.snapshotId(snapshotId));
    }

    @Test
    void aComplianceLockHasItsCoolingOffPeriodAndAnExpirationDate() {
        Instant expires = Instant.now().plus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        LockSnapshotResponse locked = sim.ec2.lockSnapshot(r -> r.snapshotId(snapshotId).lockMode(LockMode.COMPLIANCE)
                .expirationDate(expires).coolOffPeriod(24));

        assertEquals(LockState.COMPLIANCE_COOLOFF, locked.lockState());
        assertEquals(expires, locked.lockExpiresOn());
        assertEquals(24, locked.coolOffPeriod());
        assertTrue(locked.coolOffPeriodExpiresOn().isAfter(Instant.now().plus(Duration.ofHours(23))));
        assertEquals(1, sim.ec2.describeLockedSnapshots(r -> r.filters(f -> f.name("lock-state").values("compliance-cooloff")))
                .snapshots().size());
        assertErrorCode("SnapshotLocked", () -> sim.ec2.deleteSnapshot(r -> r.snapshotId(snapshotId)));
    }

    @Test
    void lockParametersAreCheckedAsEc2ChecksThem() {
        assertErrorCode("InvalidParameterCombination", () -> sim.ec2.lockSnapshot(r -> r.snapshotId(snapshotId)
                .lockMode(LockMode.GOVERNANCE).lockDuration(1).expirationDate(Instant.now().plus(Duration.ofDays(2)))));
        assertErrorCode("MissingParameter", () -> sim.ec2.lockSnapshot(r -> r.snapshotId(snapshotId).lockMode(LockMode.GOVERNANCE)));
        assertErrorCode("MissingParameter", () -> sim.ec2.lockSnapshot(r -> r.snapshotId(snapshotId).lockDuration(1)));
        assertErrorCode("InvalidParameterValue", () -> sim.ec2.lockSnapshot(r -> r.snapshotId(snapshotId).lockMode("forever").lockDuration(1)));
        assertErrorCode("InvalidParameterValue", () -> sim.ec2.lockSnapshot(r -> r.snapshotId(snapshotId)
                .lockMode(LockMode.GOVERNANCE).lockDuration(36_501)));
        assertErrorCode("InvalidParameterValue", () -> sim.ec2.lockSnapshot(r -> r.snapshotId(snapshotId)
                .lockMode(LockMode.GOVERNANCE).expirationDate(Instant.now().minusSeconds(60))));
        assertErrorCode("InvalidParameterCombination", () -> sim.ec2.lockSnapshot(r -> r.snapshotId(snapshotId)
                .lockMode(LockMode.GOVERNANCE).lockDuration(1).coolOffPeriod(1)));
        assertErrorCode("InvalidParameterValue", () -> sim.ec2.lockSnapshot(r -> r.snapshotId(snapshotId)
                .lockMode(LockMode.COMPLIANCE).lockDuration(1).coolOffPeriod(73)));
        assertErrorCode("InvalidSnapshot.NotFound", () -> sim.ec2.lockSnapshot(r -> r.snapshotId("snap-0123456789abcdef0")
                .lockMode(LockMode.GOVERNANCE).lockDuration(1)));
    }

    @Test
    void aComplianceLockPastItsCoolingOffCanOnlyBeExtended() {
        sim.ec2.lockSnapshot(r -> r.snapshotId(snapshotId).lockMode(LockMode.COMPLIANCE).lockDuration(10));

        assertErrorCode("IncorrectState", () -> sim.ec2.unlockSnapshot(r -> r.snapshotId(snapshotId)));
        assertErrorCode("IncorrectState", () -> sim.ec2.lockSnapshot(r -> r.snapshotId(snapshotId).lockMode(LockMode.GOVERNANCE).lockDuration(10)));
        assertErrorCode("IncorrectState", () -> sim.ec2.lockSnapshot(r -> r.snapshotId(snapshotId).lockMode(LockMode.COMPLIANCE).lockDuration(5)));
        assertEquals(20, sim.ec2.lockSnapshot(r -> r.snapshotId(snapshotId).lockMode(LockMode.COMPLIANCE).lockDuration(20)).lockDuration());
    }
}
