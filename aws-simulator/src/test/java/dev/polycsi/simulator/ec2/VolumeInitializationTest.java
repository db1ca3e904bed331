package dev.polycsi.simulator.ec2;

import static dev.polycsi.simulator.ec2.Ec2Fixture.ZONE;
import static dev.polycsi.simulator.ec2.Ec2Fixture.assertErrorCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.simulator.SimulatorConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InitializationType;
import software.amazon.awssdk.services.ec2.model.VolumeStatusItem;
import software.amazon.awssdk.services.ec2.model.VolumeStatusName;

/** CreateVolume's VolumeInitializationRate and DescribeVolumeStatus's initialization state. */
class VolumeInitializationTest {

    @TempDir
    Path dataDir;

    private Ec2Fixture sim;
    private String snapshotId;

    @BeforeEach
    void start() {
        sim = Ec2Fixture.start(SimulatorConfig.defaults(dataDir));
        snapshotId = sim.ec2.createSnapshot(r -> r.volumeId(sim.createVolume(10))).snapshotId();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void aRestoreKeepsItsInitializationRateAndDescribeVolumesReturnsIt() {
        String restored = sim.ec2.createVolume(r -> r.availabilityZone(ZONE).snapshotId(snapshotId).volumeInitializationRate(200)).volumeId();

        assertEquals(200, sim.volume(restored).volumeInitializationRate());
        assertNull(sim.volume(sim.createVolume()).volumeInitializationRate(), "a blank volume has none");
    }

    @Test
    void theRateIsRefusedWithoutASnapshotOrOutsideEc2sRange() {
        assertErrorCode("InvalidParameterCombination",
                () -> sim.ec2.createVolume(r -> r.availabilityZone(ZONE).size(10).volumeInitializationRate(200)));
        assertErrorCode("InvalidParameterValue",
                () -> sim.ec2.createVolume(r -> r.availabilityZone(ZONE).snapshotId(snapshotId).volumeInitializationRate(99)));
        assertErrorCode("InvalidParameterValue",
                () -> sim.ec2.createVolume(r -> r.availabilityZone(ZONE).snapshotId(snapshotId).volumeInitializationRate(301)));
    }

    @Test
    void aRestoredVolumeIsInitializingUntilTheKnobsDelayHasPassed() {
        sim.knobs().set("delay.volume.initialized", "1s");
        String restored = sim.ec2.createVolume(r -> r.availabilityZone(ZONE).snapshotId(snapshotId).volumeInitializationRate(300)).volumeId();

        VolumeStatusItem status = status(restored);
        assertEquals("initializing", initializationState(status));
        assertEquals(InitializationType.PROVISIONED_RATE, status.initializationStatusDetails().initializationType());
        assertTrue(status.initializationStatusDetails().progress() < 100);
        assertTrue(status.initializationStatusDetails().estimatedTimeToCompleteInSeconds() >= 1);
        assertEquals(List.of(restored), sim.ec2.describeVolumeStatus(r -> r.filters(
                Filter.builder().name("initialization-state").values("initializing").build())).volumeStatuses().stream()
                .map(VolumeStatusItem::volumeId).toList());

        Ec2Fixture.await("initialized", () -> initializationState(status(restored)).equals("completed"));
        assertEquals(100L, status(restored).initializationStatusDetails().progress());
    }

    @Test
    void aBlankVolumeIsInitializedAndARestoreWithoutARateUsesTheDefaultType() {
        sim.knobs().set("delay.volume.initialized", "10s");
        String blank = sim.createVolume();
        String restored = sim.ec2.createVolume(r -> r.availabilityZone(ZONE).snapshotId(snapshotId)).volumeId();

        assertEquals("completed", initializationState(status(blank)));
        assertNull(status(blank).initializationStatusDetails());
        assertEquals(InitializationType.DEFAULT, status(restored).initializationStatusDetails().initializationType());
        assertEquals("ok", status(restored).volumeStatus().statusAsString());
        assertErrorCode("InvalidVolume.NotFound", () -> sim.ec2.describeVolumeStatus(r -> r.volumeIds("vol-0123456789abcdef0")));
    }

    private VolumeStatusItem status(String volumeId) {
        return sim.ec2.describeVolumeStatus(r -> r.volumeIds(volumeId)).volumeStatuses().getFirst();
    }

    private static String initializationState(VolumeStatusItem item) {
        return item.volumeStatus().details().stream().filter(d -> d.name() == VolumeStatusName.INITIALIZATION_STATE)
                .findFirst().orElseThrow().status();
    }
}
