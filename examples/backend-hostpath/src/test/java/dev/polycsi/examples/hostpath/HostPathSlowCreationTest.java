package dev.polycsi.examples.hostpath;

import static dev.polycsi.examples.hostpath.Fixture.GIB;
import static dev.polycsi.examples.hostpath.Fixture.NODE;
import static dev.polycsi.examples.hostpath.Fixture.assertCode;
import static dev.polycsi.examples.hostpath.Fixture.volume;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.core.conformance.StepOperations;
import dev.polycsi.core.conformance.MutableClock;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.CsiException.Code;
import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.controller.CapacityRequest;
import dev.polycsi.spi.controller.ControllerOps;
import dev.polycsi.spi.controller.GetVolumeRequest;
import dev.polycsi.spi.controller.ListVolumesRequest;
import dev.polycsi.spi.controller.Volume;
import dev.polycsi.spi.param.Parameters;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The options creation-delay and failing-creations, with the core's waiting reduced to one check
 * per call ({@link StepOperations}) and a clock the test moves on.
 */
class HostPathSlowCreationTest {

    private static final Duration DELAY = Duration.ofMinutes(3);
    private static final String ID = Ids.volumeId("pvc-1");

    @TempDir
    Path root;

    final MutableClock clock = new MutableClock();
    final StepOperations operations = new StepOperations();

    private ControllerOps controller(long failing, StepOperations operations) {
        return new HostPathBackend(root, 10 * GIB, NODE, new FakeMounter(), new SlowCreations(DELAY, failing, clock), operations)
                .controller();
    }

    @Test
    void aVolumeIsCreatingAndHiddenUntilTheDelayHasPassed() throws Exception {
        ControllerOps controller = controller(0, operations);

        CsiException aborted = assertThrows(CsiException.class, () -> controller.createVolume(volume("pvc-1", 2 * GIB)));
        assertEquals(Code.ABORTED, aborted.code());
        assertTrue(aborted.getMessage().contains("creation of volume 'pvc-1' is CREATING"), aborted.getMessage());
        assertEquals("CREATING", record(ID).getProperty("state"));
        assertEquals(Optional.empty(), controller.findVolume(new GetVolumeRequest(ID, Deadline.NONE)));
        assertEquals(List.of(), controller.listVolumes(new ListVolumesRequest(0, "", Deadline.NONE)).entries());
        assertEquals(8 * GIB, free(controller), "a creating volume holds its share of the capacity");

        clock.advance(DELAY.minusSeconds(1));
        assertCode(Code.ABORTED, () -> controller.createVolume(volume("pvc-1", 2 * GIB)));
        clock.advance(Duration.ofSeconds(1));
        Volume volume = controller.createVolume(volume("pvc-1", 2 * GIB));

        assertEquals(ID, volume.id());
        assertEquals(Optional.of(volume), controller.findVolume(new GetVolumeRequest(ID, Deadline.NONE)));
        assertTrue(Files.isDirectory(Fixture.volumeDir(root, ID)));
        assertEquals(List.of("create:pvc-1"), operations.started);
    }

    @Test
    void aRestartedDriverFindsTheCreationByNameAndWaitsOn() {
        assertCode(Code.ABORTED, () -> controller(0, operations).createVolume(volume("pvc-1", GIB)));

        StepOperations afterRestart = new StepOperations();
        ControllerOps restarted = controller(0, afterRestart);
        assertCode(Code.ABORTED, () -> restarted.createVolume(volume("pvc-1", GIB)));
        clock.advance(DELAY);

        assertEquals(ID, restarted.createVolume(volume("pvc-1", GIB)).id());
        assertEquals(List.of(), afterRestart.started, "the restarted driver started nothing");
        assertEquals(1, restarted.listVolumes(new ListVolumesRequest(0, "", Deadline.NONE)).entries().size());
    }

    @Test
    void aFailedCreationIsReportedAndDeletedAndTheNextCallStartsAfresh() throws Exception {
        ControllerOps controller = controller(1, operations);
        assertCode(Code.ABORTED, () -> controller.createVolume(volume("pvc-1", GIB)));
        clock.advance(DELAY);

        CsiException failure = assertThrows(CsiException.class, () -> controller.createVolume(volume("pvc-1", GIB)));

        assertEquals(Code.INTERNAL, failure.code());
        assertTrue(failure.getMessage().contains(SlowCreation.FAILURE_MESSAGE), failure.getMessage());
        try (var files = Files.list(root.resolve("volumes"))) {
            assertEquals(List.of(), files.toList(), "nothing of the failed volume is left");
        }
        assertEquals(10 * GIB, free(controller));

        assertCode(Code.ABORTED, () -> controller.createVolume(volume("pvc-1", GIB)));
        clock.advance(DELAY);
        assertEquals(ID, controller.createVolume(volume("pvc-1", GIB)).id());
        assertEquals(List.of("create:pvc-1", "create:pvc-1"), operations.started);
    }

    @Test
    void aVolumeRecordedAsFailedByAnEarlierDriverIsDiscarded() throws Exception {
        assertCode(Code.ABORTED, () -> controller(0, operations).createVolume(volume("pvc-1", GIB)));
        // As if the driver died right after the creation failed.
        HostPathStore store = new HostPathStore(root);
        store.saveVolume(store.findVolume(ID).orElseThrow().failed("the disk went away"));

        CsiException failure = assertThrows(CsiException.class, () -> controller(0, operations).createVolume(volume("pvc-1", GIB)));

        assertTrue(failure.getMessage().contains("the disk went away"), failure.getMessage());
        assertEquals(Optional.empty(), store.findVolume(ID));
    }

    @Test
    void theSameNameWithAnotherSizeWhileCreatingIsAlreadyExists() {
        ControllerOps controller = controller(0, operations);
        assertCode(Code.ABORTED, () -> controller.createVolume(volume("pvc-1", GIB)));

        assertCode(Code.ALREADY_EXISTS, () -> controller.createVolume(volume("pvc-1", 2 * GIB)));
    }

    @Test
    void withoutTheOptionsVolumesAreMadeWithinTheCall() throws Exception {
        ControllerOps controller = new HostPathBackend(root, 10 * GIB, NODE, new FakeMounter(), SlowCreations.OFF, operations)
                .controller();

        assertEquals(ID, controller.createVolume(volume("pvc-1", GIB)).id());
        assertEquals("READY", record(ID).getProperty("state"));
        assertEquals(List.of(), operations.started);
    }

    @Test
    void aRecordWithoutStateIsOfACompleteVolume() throws Exception {
        ControllerOps controller = controller(0, operations);
        Path record = root.resolve("volumes").resolve(ID + ".properties");
        Files.createDirectories(Fixture.volumeDir(root, ID));
        Files.writeString(record, "name=pvc-1\ncapacityBytes=1073741824\ncreatedAt=2024-01-01T00:00:00Z\n");

        assertEquals(ID, controller.createVolume(volume("pvc-1", GIB)).id());
        assertEquals(List.of(), operations.started);
    }

    private long free(ControllerOps controller) {
        return controller.availableCapacity(new CapacityRequest(Parameters.none(), Optional.empty(), Optional.empty(), Deadline.NONE));
    }

    private Properties record(String id) throws Exception {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(root.resolve("volumes").resolve(id + ".properties"))) {
            properties.load(in);
        }
        return properties;
    }
}
