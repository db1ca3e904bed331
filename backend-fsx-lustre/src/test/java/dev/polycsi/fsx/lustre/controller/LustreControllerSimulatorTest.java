package dev.polycsi.fsx.lustre.controller;

import static dev.polycsi.fsx.lustre.controller.Requests.GIB;
import static dev.polycsi.fsx.lustre.controller.Requests.PERSISTENT_2;
import static dev.polycsi.fsx.lustre.controller.Requests.create;
import static dev.polycsi.fsx.lustre.controller.Requests.delete;
import static dev.polycsi.fsx.lustre.controller.Requests.expand;
import static dev.polycsi.fsx.lustre.controller.Requests.fails;
import static dev.polycsi.fsx.lustre.controller.Requests.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.polycsi.core.conformance.StepOperations;
import dev.polycsi.fsx.lustre.cloud.Lifecycle;
import dev.polycsi.fsx.lustre.cloud.LustreCloud;
import dev.polycsi.fsx.lustre.cloud.LustreFileSystem;
import dev.polycsi.fsx.lustre.cloud.SimulatedFsx;
import dev.polycsi.spi.CsiException.Code;
import dev.polycsi.spi.controller.ExpandResult;
import dev.polycsi.spi.controller.Volume;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller on the simulated FSx through the real SDK client, with FSx's minutes, lagging
 * listings, forgotten tokens and failures set by the simulator's knobs and its clock moved on.
 */
class LustreControllerSimulatorTest {

    @TempDir
    Path dir;
    SimulatedFsx fsx;
    LustreCloud cloud;

    @BeforeEach
    void start() {
        fsx = new SimulatedFsx(dir);
        cloud = fsx.cloud();
        fsx.knobs().set("delay.fsx.filesystem.available", "8m");
        fsx.knobs().set("delay.fsx.filesystem.deleting", "3m");
    }

    @AfterEach
    void stop() {
        fsx.close();
    }

    /** A controller as after a restart: its own client, nothing in memory. */
    private LustreController controller() {
        return new LustreController(fsx.cloud(), new StepOperations(), fsx.clock);
    }

    @Test
    void oneFileSystemPerNameThroughLaggingListingsRestartsAndForgottenTokens() {
        fsx.knobs().set("consistency", "30s");
        fsx.knobs().set("tokens.fsx.ttl", "5m");
        var request = create("pvc-1", 1200, PERSISTENT_2);

        fails(Code.ABORTED, () -> controller().createVolume(request));
        // restarted at once: FSx does not list the new file system yet, and answers the token with it
        fails(Code.ABORTED, () -> controller().createVolume(request));
        fsx.clock.advance(Duration.ofMinutes(6));
        // restarted after FSx forgot the token: found by its tag
        LustreController restarted = controller();
        fails(Code.ABORTED, () -> restarted.createVolume(request), "CREATING");
        fsx.clock.advance(Duration.ofMinutes(2));

        Volume volume = restarted.createVolume(request);

        assertEquals(1, cloud.findByVolumeName("pvc-1").size());
        assertEquals(2, fsx.calls("CreateFileSystem"), "the second, after the restart, answered with the first's file system");
        LustreFileSystem fileSystem = cloud.describe(volume.id()).orElseThrow();
        assertEquals(Map.of("dnsname", fileSystem.dnsName(), "mountname", fileSystem.mountName()), volume.context());
        assertEquals(1200 * GIB, volume.capacityBytes());
    }

    @Test
    void aFailedCreationIsReportedWithFsxsMessageDeletedAndReplaced() {
        fsx.knobs().set("fail.fsx.filesystem.create", "There is not enough capacity in the subnet's Availability Zone.");
        LustreController controller = controller();
        var request = create("pvc-1", 1200, PERSISTENT_2);
        fails(Code.ABORTED, () -> controller.createVolume(request));
        String failed = cloud.findByVolumeName("pvc-1").getFirst().id();
        fsx.clock.advance(Duration.ofMinutes(8));

        fails(Code.INTERNAL, () -> controller.createVolume(request), failed,
                "There is not enough capacity in the subnet's Availability Zone.");
        assertEquals(Lifecycle.DELETING, cloud.describe(failed).orElseThrow().lifecycle());

        fsx.knobs().reset();
        fsx.knobs().set("delay.fsx.filesystem.available", "8m");
        fails(Code.ABORTED, () -> controller.createVolume(request), "DELETING");
        fsx.clock.advance(Duration.ofMinutes(3));
        fails(Code.ABORTED, () -> controller.createVolume(request), "CREATING");
        fsx.clock.advance(Duration.ofMinutes(8));

        Volume volume = controller.createVolume(request);
        assertNotEquals(failed, volume.id());
        assertEquals(Optional.empty(), cloud.describe(failed));
    }

    @Test
    void expandsAtUpdatedOptimizingAndKeepsFsxsSixHourRule() {
        fsx.knobs().set("delay.fsx.filesystem.pending", "1m");
        fsx.knobs().set("delay.fsx.filesystem.updating", "10m");
        fsx.knobs().set("delay.fsx.filesystem.optimizing", "1h");
        fsx.knobs().set("delay.fsx.filesystem.cooldown", "6h");
        LustreController controller = controller();
        fails(Code.ABORTED, () -> controller.createVolume(create("pvc-1", 1200, PERSISTENT_2)));
        fsx.clock.advance(Duration.ofMinutes(8));
        String id = controller.createVolume(create("pvc-1", 1200, PERSISTENT_2)).id();

        fails(Code.ABORTED, () -> controller.expandVolume(expand(id, 2000)), "2400 GiB");
        fsx.clock.advance(Duration.ofMinutes(1));
        fails(Code.ABORTED, () -> controller.expandVolume(expand(id, 2000)), "IN_PROGRESS");
        fsx.clock.advance(Duration.ofMinutes(10));
        assertEquals(new ExpandResult(2400 * GIB, false), controller.expandVolume(expand(id, 2000)));

        fsx.clock.advance(Duration.ofHours(2));
        fails(Code.RESOURCE_EXHAUSTED, () -> controller.expandVolume(expand(id, 4800)), "6 hours");
        fsx.clock.advance(Duration.ofHours(4));
        fails(Code.ABORTED, () -> controller.expandVolume(expand(id, 4800)), "4800 GiB");
        assertEquals(2, fsx.calls("UpdateFileSystem"));
    }

    @Test
    void deletesOnceAndThenAnswersDeleted() {
        LustreController controller = controller();
        fails(Code.ABORTED, () -> controller.createVolume(create("pvc-1", 1200, PERSISTENT_2)));
        fsx.clock.advance(Duration.ofMinutes(8));
        String id = controller.createVolume(create("pvc-1", 1200, PERSISTENT_2)).id();

        controller.deleteVolume(delete(id));
        controller.deleteVolume(delete(id));
        fsx.clock.advance(Duration.ofMinutes(3));
        controller.deleteVolume(delete(id));

        assertEquals(1, fsx.calls("DeleteFileSystem"));
        assertEquals(Optional.empty(), controller.findVolume(get(id)));
    }
}
