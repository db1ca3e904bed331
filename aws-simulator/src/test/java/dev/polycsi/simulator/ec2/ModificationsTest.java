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
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeModification;
import software.amazon.awssdk.services.ec2.model.VolumeModificationState;
import software.amazon.awssdk.services.ec2.model.VolumeType;

class ModificationsTest {

    @TempDir
    Path dataDir;

    private Ec2Fixture sim;

    @BeforeEach
    void start() {
        sim = Ec2Fixture.start(SimulatorConfig.defaults(dataDir));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void aModificationGoesModifyingOptimizingCompletedAndTheVolumeChangesAtOptimizing() {
        sim.knobs().set("delay.modification.optimizing", "1s");
        sim.knobs().set("delay.modification.completed", "200ms");
        String volumeId = sim.createVolume(10);

        VolumeModification started = sim.ec2.modifyVolume(r -> r.volumeId(volumeId).size(20).iops(4000).throughput(250)).volumeModification();

        assertEquals(VolumeModificationState.MODIFYING, started.modificationState());
        assertEquals(10, started.originalSize());
        assertEquals(20, started.targetSize());
        assertEquals(3000, started.originalIops());
        assertEquals(4000, started.targetIops());
        assertEquals(125, started.originalThroughput());
        assertEquals(250, started.targetThroughput());
        assertEquals(0, started.progress());
        assertNull(started.endTime());
        assertEquals(10, sim.volume(volumeId).size());
        assertEquals("resize " + volumeId + " " + (20L << 30), sim.storage.calls().getLast());

        Ec2Fixture.await("optimizing", () -> modification(volumeId).modificationState() != VolumeModificationState.MODIFYING);
        Volume resized = sim.volume(volumeId);
        assertEquals(20, resized.size());
        assertEquals(4000, resized.iops());
        assertEquals(250, resized.throughput());

        Ec2Fixture.await("completed", () -> modification(volumeId).modificationState() == VolumeModificationState.COMPLETED);
        VolumeModification completed = modification(volumeId);
        assertEquals(100, completed.progress());
        assertTrue(completed.endTime() != null);
    }

    @Test
    void aVolumeIsNotModifiedAgainWhileAModificationIsInProgress() {
        sim.knobs().set("delay.modification.optimizing", "100ms");
        sim.knobs().set("delay.modification.completed", "10s");
        String volumeId = sim.createVolume(10);
        sim.ec2.modifyVolume(r -> r.volumeId(volumeId).size(20));

        assertErrorCode("IncorrectModificationState", () -> sim.ec2.modifyVolume(r -> r.volumeId(volumeId).size(30)));
        Ec2Fixture.await("optimizing", () -> modification(volumeId).modificationState() == VolumeModificationState.OPTIMIZING);
        assertErrorCode("IncorrectModificationState", () -> sim.ec2.modifyVolume(r -> r.volumeId(volumeId).size(30)));
    }

    @Test
    void theCoolDownKnobRefusesASecondModificationTooSoon() {
        sim.knobs().set("delay.modification.cooldown", "10s");
        String volumeId = sim.createVolume(10);
        sim.ec2.modifyVolume(r -> r.volumeId(volumeId).size(20));

        assertErrorCode("VolumeModificationRateExceeded", () -> sim.ec2.modifyVolume(r -> r.volumeId(volumeId).size(30)));
    }

    @Test
    void modifyVolumeValidatesAsCreateVolumeDoes() {
        String volumeId = sim.createVolume(10);

        assertErrorCode("InvalidParameterValue", () -> sim.ec2.modifyVolume(r -> r.volumeId(volumeId).size(5)));
        assertErrorCode("InvalidParameterValue", () -> sim.ec2.modifyVolume(r -> r.volumeId(volumeId).iops(16001)));
        assertErrorCode("InvalidParameterValue", () -> sim.ec2.modifyVolume(r -> r.volumeId(volumeId).throughput(1001)));
        assertErrorCode("InvalidParameterCombination", () -> sim.ec2.modifyVolume(r -> r.volumeId(volumeId).volumeType("gp2").iops(3000)));
        assertErrorCode("InvalidParameterCombination", () -> sim.ec2.modifyVolume(r -> r.volumeId(volumeId).volumeType("io2")));
        assertErrorCode("InvalidParameterValue", () -> sim.ec2.modifyVolume(r -> r.volumeId(volumeId).size(10)));
        assertErrorCode("MissingParameter", () -> sim.ec2.modifyVolume(r -> r.volumeId(volumeId)));
        assertErrorCode("InvalidVolume.NotFound", () -> sim.ec2.modifyVolume(r -> r.volumeId("vol-0123456789abcdef0").size(20)));
        assertTrue(sim.storage.calls().stream().noneMatch(call -> call.startsWith("resize")));
    }

    @Test
    void changingTheTypeTakesTheNewTypesDefaults() {
        String volumeId = sim.ec2.createVolume(r -> r.availabilityZone(ZONE).size(100).volumeType("gp2")).volumeId();

        VolumeModification toGp3 = sim.ec2.modifyVolume(r -> r.volumeId(volumeId).volumeType(VolumeType.GP3)).volumeModification();

        assertEquals(VolumeType.GP2, toGp3.originalVolumeType());
        assertEquals(VolumeType.GP3, toGp3.targetVolumeType());
        assertEquals(300, toGp3.originalIops());
        assertEquals(3000, toGp3.targetIops());
        assertEquals(125, toGp3.targetThroughput());
        assertEquals(100, toGp3.targetSize());
        assertEquals(VolumeType.GP3, sim.volume(volumeId).volumeType());
    }

    @Test
    void describeVolumesModificationsByIdAndByFilter() {
        String grown = sim.createVolume(10);
        String retyped = sim.createVolume(200);
        String untouched = sim.createVolume(10);
        sim.ec2.modifyVolume(r -> r.volumeId(grown).size(11));
        sim.ec2.modifyVolume(r -> r.volumeId(retyped).volumeType("st1"));

        assertEquals(List.of(grown), modified(sim.ec2.describeVolumesModifications(r -> r.volumeIds(grown)).volumesModifications()));
        assertEquals(List.of(grown, retyped), modified(sim.ec2.describeVolumesModifications(r -> { }).volumesModifications()));
        assertEquals(List.of(retyped), modified(sim.ec2.describeVolumesModifications(r -> r.filters(
                Filter.builder().name("target-volume-type").values("st1").build())).volumesModifications()));
        assertEquals(List.of(grown, retyped), modified(sim.ec2.describeVolumesModifications(r -> r.filters(
                Filter.builder().name("modification-state").values("completed", "optimizing").build())).volumesModifications()));
        assertErrorCode("InvalidVolumeModification.NotFound", () -> sim.ec2.describeVolumesModifications(r -> r.volumeIds(untouched)));
        assertErrorCode("InvalidVolume.NotFound", () -> sim.ec2.describeVolumesModifications(r -> r.volumeIds("vol-0123456789abcdef0")));
    }

    private VolumeModification modification(String volumeId) {
        return sim.ec2.describeVolumesModifications(r -> r.volumeIds(volumeId)).volumesModifications().getFirst();
    }

    private static List<String> modified(List<VolumeModification> modifications) {
        return modifications.stream().map(VolumeModification::volumeId).toList();
    }
}
