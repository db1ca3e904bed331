package dev.polycsi.simulator.ec2;

import static dev.polycsi.simulator.ec2.Ec2Fixture.OTHER_ZONE;
import static dev.polycsi.simulator.ec2.Ec2Fixture.ZONE;
import static dev.polycsi.simulator.ec2.Ec2Fixture.assertErrorCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.simulator.SimulatorConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.DescribeFastSnapshotRestoreSuccessItem;
import software.amazon.awssdk.services.ec2.model.EnableFastSnapshotRestoresResponse;
import software.amazon.awssdk.services.ec2.model.FastSnapshotRestoreStateCode;

/** EnableFastSnapshotRestores, DescribeFastSnapshotRestores, and what an enabled one does to restores. */
class FastRestoresTest {

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
    void enablingGoesThroughEnablingAndOptimizingToEnabledPerZone() {
        sim.knobs().set("delay.fast-restore.optimizing", "300ms");
        sim.knobs().set("delay.fast-restore.enabled", "300ms");

        EnableFastSnapshotRestoresResponse enabled = sim.ec2.enableFastSnapshotRestores(r -> r.sourceSnapshotIds(snapshotId)
                .availabilityZones(ZONE, OTHER_ZONE));

        assertEquals(2, enabled.successful().size());
        assertEquals(FastSnapshotRestoreStateCode.ENABLING, enabled.successful().getFirst().state());
        assertTrue(enabled.unsuccessful().isEmpty());
        Ec2Fixture.await("enabled", () -> states().equals(List.of(FastSnapshotRestoreStateCode.ENABLED, FastSnapshotRestoreStateCode.ENABLED)));
        assertEquals(1, sim.ec2.describeFastSnapshotRestores(r -> r.filters(f -> f.name("availability-zone").values(OTHER_ZONE)))
                .fastSnapshotRestores().size());
    }

    @Test
    void anUnknownSnapshotIsUnsuccessfulAndABadZoneFailsTheCall() {
        var answer = sim.ec2.enableFastSnapshotRestores(r -> r.sourceSnapshotIds("snap-0123456789abcdef0").availabilityZones(ZONE));

        assertEquals("InvalidSnapshot.NotFound",
                answer.unsuccessful().getFirst().fastSnapshotRestoreStateErrors().getFirst().error().code());
        assertErrorCode("InvalidZone.NotFound", () -> sim.ec2.enableFastSnapshotRestores(r -> r.sourceSnapshotIds(snapshotId)
                .availabilityZones("us-east-1z")));
        assertErrorCode("MissingParameter", () -> sim.ec2.enableFastSnapshotRestores(r -> r.sourceSnapshotIds(snapshotId)));
    }

    @Test
    void aRestoreInAnEnabledZoneIsFastRestoredAndInitializedAtOnce() {
        sim.knobs().set("delay.volume.initialized", "10s");
        sim.ec2.enableFastSnapshotRestores(r -> r.sourceSnapshotIds(snapshotId).availabilityZones(ZONE));

        String fast = sim.ec2.createVolume(r -> r.availabilityZone(ZONE).snapshotId(snapshotId).volumeInitializationRate(100)).volumeId();
        String slow = sim.ec2.createVolume(r -> r.availabilityZone(OTHER_ZONE).snapshotId(snapshotId)).volumeId();

        assertTrue(sim.volume(fast).fastRestored());
        assertEquals(null, sim.volume(fast).volumeInitializationRate(), "EC2 ignores the rate of a fast restore");
        assertFalse(sim.volume(slow).fastRestored());
        assertEquals(List.of(fast), sim.ec2.describeVolumes(r -> r.filters(f -> f.name("fast-restored").values("true"))).volumes()
                .stream().map(v -> v.volumeId()).toList());
    }

    @Test
    void deletingTheSnapshotEndsItsFastRestores() {
        sim.ec2.enableFastSnapshotRestores(r -> r.sourceSnapshotIds(snapshotId).availabilityZones(ZONE));

        sim.ec2.deleteSnapshot(r -> r.snapshotId(snapshotId));

        assertTrue(sim.ec2.describeFastSnapshotRestores(r -> { }).fastSnapshotRestores().isEmpty());
    }

    private List<FastSnapshotRestoreStateCode> states() {
        return sim.ec2.describeFastSnapshotRestores(r -> r.filters(f -> f.name("snapshot-id").values(snapshotId)))
                .fastSnapshotRestores().stream().map(DescribeFastSnapshotRestoreSuccessItem::state).toList();
    }
}
