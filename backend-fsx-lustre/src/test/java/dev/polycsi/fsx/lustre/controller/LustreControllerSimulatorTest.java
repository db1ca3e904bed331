package dev.polycsi.fsx.lustre.controller;

import static dev.polycsi.fsx.lustre.controller.Requests.GIB;
import static dev.polycsi.fsx.lustre.controller.Requests.PERSISTENT_2;
import static dev.polycsi.fsx.lustre.controller.Requests.create;
import static dev.polycsi.fsx.lustre.controller.Requests.delete;
import static dev.polycsi.fsx.lustre.controller.Requests.expand;
import static dev.polycsi.fsx.lustre.controller.Requests.fails;
import static dev.polycsi.fsx.lustre.controller.Requests.get;
import static dev.polycsi.fsx.lustre.controller.Requests.modify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.polycsi.core.conformance.StepOperations;
import dev.polycsi.fsx.lustre.cloud.Lifecycle;
import dev.polycsi.fsx.lustre.cloud.LustreCloud;
import dev.polycsi.fsx.lustre.cloud.LustreFileSystem;
import dev.polycsi.fsx.lustre.cloud.SimulatedFsx;
import dev.polycsi.fsx.lustre.params.MetadataMode;
import dev.polycsi.spi.CsiException.Code;
import dev.polycsi.spi.controller.ExpandResult;
import dev.polycsi.spi.controller.ModifyVolumeRequest;
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

    /** A volume of {@code storageClass} whose file system is AVAILABLE, made by {@code controller}. */
    private String available(LustreController controller, String name, String... storageClass) {
        fails(Code.ABORTED, () -> controller.createVolume(create(name, 1200, storageClass)));
        fsx.clock.advance(Duration.ofMinutes(8));
        return controller.createVolume(create(name, 1200, storageClass)).id();
    }

    private void updatesTake(String pending, String updating) {
        fsx.knobs().set("delay.fsx.filesystem.pending", pending);
        fsx.knobs().set("delay.fsx.filesystem.updating", updating);
    }

    @Test
    void modifiesTheThroughputOverSeveralCallsAndAnswersOnceFsxShowsTheNewTier() {
        updatesTake("1m", "10m");
        LustreController controller = controller();
        String id = available(controller, "pvc-1", PERSISTENT_2);
        ModifyVolumeRequest request = modify(id, "perUnitStorageThroughput", "250");

        fails(Code.ABORTED, () -> controller.modifyVolume(request), "FILE_SYSTEM_UPDATE to 250 MB/s/TiB PENDING");
        fsx.clock.advance(Duration.ofMinutes(1));
        fails(Code.ABORTED, () -> controller.modifyVolume(request), "250 MB/s/TiB IN_PROGRESS");
        assertEquals(Lifecycle.UPDATING, cloud.describe(id).orElseThrow().lifecycle());
        assertEquals(Optional.of(125), cloud.describe(id).orElseThrow().perUnitStorageThroughput(), "not before FSx is done");
        fsx.clock.advance(Duration.ofMinutes(10));

        controller.modifyVolume(request);
        controller().modifyVolume(request);
        assertEquals(Optional.of(250), cloud.describe(id).orElseThrow().perUnitStorageThroughput());
        assertEquals(Lifecycle.AVAILABLE, cloud.describe(id).orElseThrow().lifecycle());
        assertEquals(1, fsx.calls("UpdateFileSystem"), "the retries joined the update; a repeat after it asks FSx for nothing");
    }

    @Test
    void raisesTheMetadataIopsAcrossARestartOfTheController() {
        updatesTake("1m", "10m");
        String id = available(controller(), "pvc-1", "deploymentType", "PERSISTENT_2", "perUnitStorageThroughput", "125",
                "fileSystemTypeVersion", "2.15", "metadataConfigurationMode", "USER_PROVISIONED", "metadataIops", "1500");
        ModifyVolumeRequest request = modify(id, "metadataConfigurationMode", "USER_PROVISIONED", "metadataIops", "6000");

        fails(Code.ABORTED, () -> controller().modifyVolume(request), "to metadata USER_PROVISIONED 6000 IOPS PENDING");
        fsx.clock.advance(Duration.ofMinutes(1));
        // restarted: nothing in memory, the update found again in FSx's AdministrativeActions
        fails(Code.ABORTED, () -> controller().modifyVolume(request), "6000 IOPS IN_PROGRESS");
        fsx.clock.advance(Duration.ofMinutes(10));

        controller().modifyVolume(request);
        LustreFileSystem fileSystem = cloud.describe(id).orElseThrow();
        assertEquals(Optional.of(MetadataMode.USER_PROVISIONED), fileSystem.metadataMode());
        assertEquals(Optional.of(6000), fileSystem.metadataIops());
        assertEquals(1, fsx.calls("UpdateFileSystem"));

        // and back to AUTOMATIC, which FSx refuses while the IOPS exceed what AUTOMATIC gives 1200 GiB (1500)
        fails(Code.INVALID_ARGUMENT, () -> controller().modifyVolume(modify(id, "metadataConfigurationMode", "AUTOMATIC")),
                "downscaling Metadata IOPS is not supported");
    }

    @Test
    void aThroughputChangeIsDoneWhileFsxOptimizesAndTheNextChangeWaitsForTheOptimization() {
        updatesTake("1m", "10m");
        fsx.knobs().set("delay.fsx.filesystem.throughput-optimizing", "30m");
        LustreController controller = controller();
        String id = available(controller, "pvc-1", "deploymentType", "PERSISTENT_2", "perUnitStorageThroughput", "125",
                "fileSystemTypeVersion", "2.15", "metadataConfigurationMode", "AUTOMATIC");
        ModifyVolumeRequest throughput = modify(id, "perUnitStorageThroughput", "500");
        fails(Code.ABORTED, () -> controller.modifyVolume(throughput));
        fsx.clock.advance(Duration.ofMinutes(11));

        controller.modifyVolume(throughput);
        assertEquals("UPDATED_OPTIMIZING", cloud.describe(id).orElseThrow().latest(a -> a.isUpdate()).orElseThrow().status());

        ModifyVolumeRequest metadata = modify(id, "metadataConfigurationMode", "USER_PROVISIONED", "metadataIops", "12000");
        fails(Code.ABORTED, () -> controller.modifyVolume(metadata), "another update of the file system has not finished");
        fsx.clock.advance(Duration.ofMinutes(30));
        fails(Code.ABORTED, () -> controller.modifyVolume(metadata), "12000 IOPS PENDING");
        fsx.clock.advance(Duration.ofMinutes(11));
        controller.modifyVolume(metadata);
        assertEquals(Optional.of(12000), cloud.describe(id).orElseThrow().metadataIops());
        assertEquals(Optional.of(500), cloud.describe(id).orElseThrow().perUnitStorageThroughput());
    }

    @Test
    void throughputAndMetadataChangeInOneUpdate() {
        updatesTake("1m", "10m");
        LustreController controller = controller();
        String id = available(controller, "pvc-1", "deploymentType", "PERSISTENT_2", "perUnitStorageThroughput", "125",
                "fileSystemTypeVersion", "2.15", "metadataConfigurationMode", "AUTOMATIC");
        ModifyVolumeRequest both = modify(id, "perUnitStorageThroughput", "1000", "metadataConfigurationMode", "USER_PROVISIONED",
                "metadataIops", "24000");

        fails(Code.ABORTED, () -> controller.modifyVolume(both), "1000 MB/s/TiB", "24000 IOPS", "PENDING");
        fsx.clock.advance(Duration.ofMinutes(11));
        controller.modifyVolume(both);

        LustreFileSystem fileSystem = cloud.describe(id).orElseThrow();
        assertEquals(Optional.of(1000), fileSystem.perUnitStorageThroughput());
        assertEquals(Optional.of(24000), fileSystem.metadataIops());
        assertEquals(1, fsx.calls("UpdateFileSystem"));
    }

    @Test
    void aFailedChangeIsReportedOnceWithFsxsMessageAndTheRetryStartsAnother() {
        updatesTake("1m", "10m");
        LustreController controller = controller();
        String id = available(controller, "pvc-1", PERSISTENT_2);
        fsx.knobs().set("fail.fsx.filesystem.update", "The new file servers could not be provisioned.");
        ModifyVolumeRequest request = modify(id, "perUnitStorageThroughput", "500");
        fails(Code.ABORTED, () -> controller.modifyVolume(request));
        fsx.clock.advance(Duration.ofMinutes(11));

        fails(Code.INTERNAL, () -> controller.modifyVolume(request), "The new file servers could not be provisioned.");
        assertEquals(Optional.of(125), cloud.describe(id).orElseThrow().perUnitStorageThroughput());

        fsx.knobs().reset();
        updatesTake("1m", "10m");
        fails(Code.ABORTED, () -> controller.modifyVolume(request), "500 MB/s/TiB PENDING");
        fsx.clock.advance(Duration.ofMinutes(11));
        controller.modifyVolume(request);
        assertEquals(Optional.of(500), cloud.describe(id).orElseThrow().perUnitStorageThroughput());
        assertEquals(2, fsx.calls("UpdateFileSystem"));
    }

    @Test
    void aChangeWaitsForAnExpansionAndKeepsFsxsSixHourRuleForThroughput() {
        updatesTake("1m", "10m");
        fsx.knobs().set("delay.fsx.filesystem.optimizing", "1h");
        fsx.knobs().set("delay.fsx.filesystem.cooldown", "6h");
        LustreController controller = controller();
        String id = available(controller, "pvc-1", PERSISTENT_2);
        fails(Code.ABORTED, () -> controller.expandVolume(expand(id, 2000)), "2400 GiB");
        ModifyVolumeRequest request = modify(id, "perUnitStorageThroughput", "250");

        fails(Code.ABORTED, () -> controller.modifyVolume(request), "waiting for FILE_SYSTEM_UPDATE to 2400 GiB PENDING");
        fsx.clock.advance(Duration.ofMinutes(11));
        // the increase is applied but FSx optimizes storage for an hour: it takes no other update meanwhile
        fails(Code.ABORTED, () -> controller.modifyVolume(request), "There is an update already in progress.");
        fsx.clock.advance(Duration.ofHours(1));
        fails(Code.ABORTED, () -> controller.modifyVolume(request), "250 MB/s/TiB PENDING");
        fsx.clock.advance(Duration.ofMinutes(11));
        controller.modifyVolume(request);

        fails(Code.RESOURCE_EXHAUSTED, () -> controller.modifyVolume(modify(id, "perUnitStorageThroughput", "500")), "6 hours",
                "The throughput capacity can be changed again");
        fsx.clock.advance(Duration.ofHours(6));
        fails(Code.ABORTED, () -> controller.modifyVolume(modify(id, "perUnitStorageThroughput", "500")), "500 MB/s/TiB PENDING");
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
