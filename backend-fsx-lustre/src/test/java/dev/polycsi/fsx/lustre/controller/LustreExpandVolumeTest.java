package dev.polycsi.fsx.lustre.controller;

import static dev.polycsi.fsx.lustre.controller.Requests.GIB;
import static dev.polycsi.fsx.lustre.controller.Requests.PERSISTENT_2;
import static dev.polycsi.fsx.lustre.controller.Requests.create;
import static dev.polycsi.fsx.lustre.controller.Requests.expand;
import static dev.polycsi.fsx.lustre.controller.Requests.fails;
import static dev.polycsi.fsx.lustre.controller.Requests.modify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.polycsi.core.conformance.StepOperations;
import dev.polycsi.core.conformance.MutableClock;
import dev.polycsi.fsx.lustre.cloud.FileSystemAction;
import dev.polycsi.spi.CsiException.Code;
import dev.polycsi.spi.controller.ExpandResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ControllerExpandVolume through UpdateFileSystem: rounded to the file system's increment, done at
 * UPDATED_OPTIMIZING, and clear errors where FSx cannot or will not grow it now.
 */
class LustreExpandVolumeTest {

    final MutableClock clock = new MutableClock();
    final FakeLustreCloud cloud = new FakeLustreCloud(clock);
    final StepOperations operations = new StepOperations();
    final LustreController controller = new LustreController(cloud, operations, clock);

    private String available(String name, String... storageClass) {
        fails(Code.ABORTED, () -> controller.createVolume(create(name, 1200, storageClass)));
        return cloud.finishCreating(cloud.ids().getLast());
    }

    /** The newest update of the file system, as FSx lists it. */
    private FileSystemAction lastUpdate(String id) {
        return cloud.describe(id).orElseThrow().latest(FileSystemAction::isUpdate).orElseThrow();
    }

    /** Takes the newest update through IN_PROGRESS and UPDATED_OPTIMIZING to COMPLETED. */
    private void complete(String id) {
        cloud.advanceUpdate(id);
        cloud.advanceUpdate(id);
        cloud.advanceUpdate(id);
    }

    @Test
    void growsToTheNextMultipleOfTheIncrementAndAnswersOnceFsxSaysUpdatedOptimizing() {
        String id = available("pvc-1", PERSISTENT_2);

        fails(Code.ABORTED, () -> controller.expandVolume(expand(id, 1300)), "2400 GiB", "PENDING");
        assertEquals(2400, lastUpdate(id).targetStorageCapacity().orElseThrow(), "1300 GiB rounded up to PERSISTENT_2's 2400 GiB steps");
        cloud.advanceUpdate(id);
        fails(Code.ABORTED, () -> controller.expandVolume(expand(id, 1300)), "IN_PROGRESS");
        cloud.advanceUpdate(id);

        assertEquals(new ExpandResult(2400 * GIB, false), controller.expandVolume(expand(id, 1300)),
                "done at UPDATED_OPTIMIZING, with nothing for the node to do");
        assertEquals(1, cloud.updateTokens.size(), "one UpdateFileSystem for all those calls");
        assertEquals(List.of("create:pvc-1", "expand:" + id), operations.started);
        assertEquals(new ExpandResult(2400 * GIB, false), controller.expandVolume(expand(id, 2000)), "already that large: no update");
        assertEquals(1, cloud.updateTokens.size());
    }

    @Test
    void roundsToTheIncrementOfTheFileSystemsKind() {
        String scratch2 = available("pvc-1", "deploymentType", "SCRATCH_2");
        String hdd = available("pvc-2", "deploymentType", "PERSISTENT_1", "storageType", "HDD", "driveCacheType", "NONE",
                "perUnitStorageThroughput", "40");

        fails(Code.ABORTED, () -> controller.expandVolume(expand(scratch2, 3000)));
        fails(Code.ABORTED, () -> controller.expandVolume(expand(hdd, 2000)));

        assertEquals(4800, lastUpdate(scratch2).targetStorageCapacity().orElseThrow());
        assertEquals(3600, lastUpdate(hdd).targetStorageCapacity().orElseThrow(), "HDD at 40 MB/s/TiB grows in 1800 GiB steps");
    }

    @Test
    void scratch1CannotGrow() {
        String id = cloud.addStatic("SCRATCH_1", 1200).id;

        fails(Code.OUT_OF_RANGE, () -> controller.expandVolume(expand(id, 2400)), "SCRATCH_1", "cannot grow");
        assertEquals(List.of(), cloud.updateTokens);
    }

    @Test
    void anotherUpdateInProgressIsWaitedForThenTheIncreaseStarts() {
        String id = available("pvc-1", PERSISTENT_2);
        fails(Code.ABORTED, () -> controller.modifyVolume(modify(id, "perUnitStorageThroughput", "250")));

        fails(Code.ABORTED, () -> controller.expandVolume(expand(id, 2400)), "waiting for FILE_SYSTEM_UPDATE to 250 MB/s/TiB");
        assertEquals(1, cloud.updateTokens.size(), "no UpdateFileSystem that FSx would refuse");

        complete(id);
        fails(Code.ABORTED, () -> controller.expandVolume(expand(id, 2400)), "2400 GiB PENDING");
        assertEquals(2, cloud.updateTokens.size());
    }

    @Test
    void fsxsUpdateAlreadyInProgressIsAborted() {
        String id = available("pvc-1", PERSISTENT_2);
        cloud.updateStorageCapacity(id, "someone-else", 2400);
        // A moment in which FSx does not list the running update yet: only its refusal tells.
        cloud.listsActions = false;

        fails(Code.ABORTED, () -> controller.expandVolume(expand(id, 4800)), "There is an update already in progress.");
    }

    @Test
    void theSixHourRuleIsResourceExhaustedSayingWhenTheNextIncreaseIsAllowed() {
        String id = available("pvc-1", PERSISTENT_2);
        fails(Code.ABORTED, () -> controller.expandVolume(expand(id, 2400)));
        var requested = lastUpdate(id).requestTime();
        complete(id);
        clock.advance(Duration.ofHours(2));

        fails(Code.RESOURCE_EXHAUSTED, () -> controller.expandVolume(expand(id, 4800)), "6 hours",
                requested.plus(Duration.ofHours(6)).toString());
        assertEquals(1, cloud.updateTokens.size(), "FSx is not asked");

        clock.advance(Duration.ofHours(4));
        fails(Code.ABORTED, () -> controller.expandVolume(expand(id, 4800)), "4800 GiB PENDING");
        assertEquals(2, cloud.updateTokens.size());
    }

    @Test
    void noIncreaseWhileTheLastOnesStorageOptimizationRuns() {
        String id = available("pvc-1", PERSISTENT_2);
        fails(Code.ABORTED, () -> controller.expandVolume(expand(id, 2400)));
        cloud.advanceUpdate(id);
        cloud.advanceUpdate(id); // UPDATED_OPTIMIZING: FSx rebalances for hours, sometimes days
        clock.advance(Duration.ofHours(7));

        fails(Code.RESOURCE_EXHAUSTED, () -> controller.expandVolume(expand(id, 4800)), "storage optimization");
        assertEquals(1, cloud.updateTokens.size());
    }

    @Test
    void fsxsOwnSixHourRefusalIsResourceExhaustedToo() {
        cloud.cooldown = Duration.ofHours(8); // FSx's clock or rule stricter than ours
        String id = available("pvc-1", PERSISTENT_2);
        fails(Code.ABORTED, () -> controller.expandVolume(expand(id, 2400)));
        complete(id);
        clock.advance(Duration.ofHours(7));

        fails(Code.RESOURCE_EXHAUSTED, () -> controller.expandVolume(expand(id, 4800)), "6 hours", "(FSx: ");
    }

    @Test
    void aFailedIncreaseIsReportedOnceWithFsxsMessageAndTheNextCallStartsAnewWithAnotherToken() {
        String id = available("pvc-1", PERSISTENT_2);
        fails(Code.ABORTED, () -> controller.expandVolume(expand(id, 2400)));
        cloud.failUpdate(id, "Amazon FSx was unable to access the file system's AWS KMS key.");

        fails(Code.INTERNAL, () -> controller.expandVolume(expand(id, 2400)), id, "2400 GiB",
                "Amazon FSx was unable to access the file system's AWS KMS key.");
        fails(Code.ABORTED, () -> controller.expandVolume(expand(id, 2400)), "2400 GiB PENDING");

        assertEquals(2, cloud.updateTokens.size());
        assertNotEquals(cloud.updateTokens.get(0), cloud.updateTokens.get(1), "FSx would answer the failed update's token with it");
        cloud.advanceUpdate(id);
        cloud.advanceUpdate(id);
        assertEquals(2400 * GIB, controller.expandVolume(expand(id, 2400)).capacityBytes());
    }

    @Test
    void aRestartedControllerWaitsForTheIncreaseItFindsInsteadOfAskingAgain() {
        String id = available("pvc-1", PERSISTENT_2);
        fails(Code.ABORTED, () -> controller.expandVolume(expand(id, 2400)));

        LustreController restarted = new LustreController(cloud, new StepOperations(), clock);
        fails(Code.ABORTED, () -> restarted.expandVolume(expand(id, 2400)), "2400 GiB PENDING");
        cloud.advanceUpdate(id);
        cloud.advanceUpdate(id);

        assertEquals(2400 * GIB, restarted.expandVolume(expand(id, 2400)).capacityBytes());
        assertEquals(1, cloud.updateTokens.size());
    }

    @Test
    void unknownAndMalformedVolumesAreNotFound() {
        fails(Code.NOT_FOUND, () -> controller.expandVolume(expand("fs-0123456789abcdef0", 2400)));
        fails(Code.NOT_FOUND, () -> controller.expandVolume(expand("pvc-1", 2400)));
    }
}
