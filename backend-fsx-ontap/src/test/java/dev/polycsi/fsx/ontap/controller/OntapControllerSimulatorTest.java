package dev.polycsi.fsx.ontap.controller;

import static dev.polycsi.fsx.ontap.controller.Requests.GIB;
import static dev.polycsi.fsx.ontap.controller.Requests.create;
import static dev.polycsi.fsx.ontap.controller.Requests.expand;
import static dev.polycsi.fsx.ontap.controller.Requests.fails;
import static dev.polycsi.fsx.ontap.controller.Requests.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.core.conformance.StepOperations;
import dev.polycsi.fsx.ontap.cloud.OntapVolume;
import dev.polycsi.fsx.ontap.cloud.SdkOntapCloud;
import dev.polycsi.fsx.ontap.cloud.SimulatedOntap;
import dev.polycsi.fsx.ontap.cloud.VolumeBackup;
import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.CsiException.Code;
import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.controller.CapacityRange;
import dev.polycsi.spi.controller.ContentSource;
import dev.polycsi.spi.controller.DeleteSnapshotRequest;
import dev.polycsi.spi.controller.DeleteVolumeRequest;
import dev.polycsi.spi.controller.ListSnapshotsRequest;
import dev.polycsi.spi.controller.ListVolumesRequest;
import dev.polycsi.spi.controller.Snapshot;
import dev.polycsi.spi.controller.Volume;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller on the simulated FSx for ONTAP through the real SDK client: FSx's minutes,
 * lagging listings, forgotten tokens, its error texts and its limits, set by the simulator's knobs
 * and its clock moved on.
 */
class OntapControllerSimulatorTest {

    @TempDir
    Path dir;
    SimulatedOntap fsx;
    SdkOntapCloud cloud;

    @BeforeEach
    void start() {
        fsx = new SimulatedOntap(dir);
        cloud = fsx.cloud();
        minutes();
    }

    /** FSx's minutes (the realistic profile's): a volume takes 1, a restore 10, a backup 5. */
    private void minutes() {
        fsx.knobs().set("delay.fsx.volume.created", "1m");
        fsx.knobs().set("delay.fsx.volume.restored", "10m");
        fsx.knobs().set("delay.fsx.backup.available", "5m");
    }

    @AfterEach
    void stop() {
        fsx.close();
    }

    /** A controller as after a restart: its own client, nothing in memory. */
    private OntapController controller() {
        return new OntapController(fsx.cloud(), new StepOperations(), fsx.clock, Duration.ofSeconds(1));
    }

    private Volume created(OntapController controller, String name) {
        fails(Code.ABORTED, () -> controller.createVolume(create(name, GIB)));
        fsx.clock.advance(Duration.ofMinutes(2));
        return controller.createVolume(create(name, GIB));
    }

    @Test
    void oneVolumePerNameThroughLaggingListingsRestartsAndForgottenTokens() {
        fsx.knobs().set("consistency", "30s");
        fsx.knobs().set("tokens.fsx.ttl", "10s");
        var request = create("pvc-1", GIB);
        fails(Code.ABORTED, () -> controller().createVolume(request), "CREATING");
        // restarted at once: FSx does not list the volume yet, and answers the token with it
        fails(Code.ABORTED, () -> controller().createVolume(request), "CREATING");
        fsx.clock.advance(Duration.ofSeconds(40));
        // after FSx forgot the token: found by its name in the SVM
        fails(Code.ABORTED, () -> controller().createVolume(request), "CREATING");
        fsx.clock.advance(Duration.ofMinutes(1));
        Volume volume = controller().createVolume(request);

        List<OntapVolume> named = cloud.findVolumes(FakeOntapCloud.SVM, "pvc_1", "pvc-1");
        assertEquals(1, named.size(), named::toString);
        assertEquals(named.getFirst().id(), volume.id());
        assertEquals(FakeOntapCloud.SVM_DNS, volume.context().get("dnsname"));
        assertEquals("/pvc_1", volume.context().get("junctionPath"));
        assertEquals(GIB, volume.capacityBytes());
    }

    @Test
    void aFailedCreationIsReportedWithFsxsMessageDeletedAndReplaced() {
        fsx.knobs().set("fail.fsx.volume.create", "Insufficient capacity in aggregate aggr1.");
        OntapController controller = controller();
        var request = create("pvc-1", GIB);
        fails(Code.ABORTED, () -> controller.createVolume(request));
        fsx.clock.advance(Duration.ofMinutes(2));
        fails(Code.INTERNAL, () -> controller.createVolume(request), "Insufficient capacity in aggregate aggr1.");
        fsx.knobs().reset();
        minutes();
        fsx.clock.advance(Duration.ofMinutes(5));
        Volume volume = created(controller, "pvc-1");
        assertEquals(2, fsx.calls("CreateVolume"));
        assertEquals(List.of(volume.id()), cloud.findVolumes(FakeOntapCloud.SVM, "pvc_1", "pvc-1").stream()
                .filter(v -> v.lifecycle() != OntapVolume.Lifecycle.DELETING).map(OntapVolume::id).toList());
    }

    @Test
    void fsxsRefusalsWhileSomethingIsUnderWayAreAbortedAndRetried() {
        OntapController controller = controller();
        fails(Code.ABORTED, () -> controller.createVolume(create("pvc-1", GIB)));
        String id = cloud.findVolumes(FakeOntapCloud.SVM, "pvc_1", "pvc-1").getFirst().id();
        fails(Code.ABORTED, () -> controller.deleteVolume(new DeleteVolumeRequest(id, Secrets.none(), Deadline.NONE)), "CREATING");
        fails(Code.ABORTED, () -> controller.expandVolume(expand(id, 2 * GIB)), "CREATING");
        fsx.clock.advance(Duration.ofMinutes(2));
        controller.createVolume(create("pvc-1", GIB));

        Snapshot first = controller.createSnapshot(snapshot("snap-1", id));
        // FSx takes one backup of a volume at a time: BackupInProgress
        fails(Code.ABORTED, () -> controller.createSnapshot(snapshot("snap-2", id)), "BackupInProgress");
        // and does not delete one being taken
        fails(Code.ABORTED, () -> controller.deleteSnapshot(new DeleteSnapshotRequest(first.id(), Secrets.none(), Deadline.NONE)));
        fsx.clock.advance(Duration.ofMinutes(6));
        assertTrue(controller.createSnapshot(snapshot("snap-1", id)).readyToUse());
        assertFalse(controller.createSnapshot(snapshot("snap-2", id)).readyToUse());
    }

    @Test
    void aSnapshotRestoresIntoANewVolumeOfAtLeastItsSize() {
        OntapController controller = controller();
        Volume source = created(controller, "pvc-src");
        Snapshot snapshot = controller.createSnapshot(snapshot("snap-1", source.id()));
        var restore = create("pvc-restored", new CapacityRange(GIB / 2, 0), Optional.of(new ContentSource.Snapshot(snapshot.id())),
                VolumeCapability.filesystem("", AccessMode.SINGLE_NODE_WRITER));
        fails(Code.ABORTED, () -> controller.createVolume(restore), "CREATING", "AVAILABLE");
        fsx.clock.advance(Duration.ofMinutes(6));
        fails(Code.ABORTED, () -> controller().createVolume(restore), "restore of backup");
        fsx.clock.advance(Duration.ofMinutes(11));
        Volume restored = controller().createVolume(restore);
        assertEquals(GIB, restored.capacityBytes(), "at least the source's size");
        assertEquals(Optional.of(new ContentSource.Snapshot(snapshot.id())), restored.source());
        assertEquals(1, fsx.calls("CreateVolumeFromBackup"));
    }

    @Test
    void growthEndsWhenFsxShowsTheSize() {
        fsx.knobs().set("delay.fsx.volume.updating", "2m");
        OntapController controller = controller();
        String id = created(controller, "pvc-1").id();
        fails(Code.ABORTED, () -> controller.expandVolume(expand(id, 3 * GIB)), "VOLUME_UPDATE");
        fails(Code.ABORTED, () -> controller().expandVolume(expand(id, 3 * GIB)), "VOLUME_UPDATE");
        fsx.clock.advance(Duration.ofMinutes(3));
        assertEquals(3 * GIB, controller().expandVolume(expand(id, 3 * GIB)).capacityBytes());
        assertEquals(1, fsx.calls("UpdateVolume"), "the restarted controller's UpdateVolume had the same token");
    }

    @Test
    void aFailedGrowthIsToldOnceWithFsxsReason() {
        fsx.knobs().set("delay.fsx.volume.updating", "1m");
        fsx.knobs().set("fail.fsx.volume.update", "The aggregate is out of space.");
        OntapController controller = controller();
        String id = created(controller, "pvc-1").id();
        fails(Code.ABORTED, () -> controller.expandVolume(expand(id, 3 * GIB)));
        fsx.clock.advance(Duration.ofMinutes(2));
        fails(Code.INTERNAL, () -> controller.expandVolume(expand(id, 3 * GIB)), "The aggregate is out of space.");
        fsx.knobs().reset();
        assertEquals(3 * GIB, controller.expandVolume(expand(id, 3 * GIB)).capacityBytes(), "the next call asks again");
        assertEquals(2, fsx.calls("UpdateVolume"));
    }

    @Test
    void aFinalBackupIsKeptOnlyWhenTheClassAskedAndListedAsASnapshotOfTheGoneVolume() {
        OntapController controller = controller();
        fails(Code.ABORTED, () -> controller.createVolume(create("pvc-keep", GIB, "skipFinalBackupOnDelete", "false")));
        fsx.clock.advance(Duration.ofMinutes(2));
        String kept = controller.createVolume(create("pvc-keep", GIB, "skipFinalBackupOnDelete", "false")).id();
        String skipped = created(controller, "pvc-skip").id();
        controller.deleteVolume(new DeleteVolumeRequest(kept, Secrets.none(), Deadline.NONE));
        controller.deleteVolume(new DeleteVolumeRequest(skipped, Secrets.none(), Deadline.NONE));
        fsx.clock.advance(Duration.ofMinutes(10));
        controller.deleteVolume(new DeleteVolumeRequest(kept, Secrets.none(), Deadline.NONE));

        List<Snapshot> finalBackups = controller.listSnapshots(new ListSnapshotsRequest("", kept, 0, "", Deadline.NONE)).entries();
        assertEquals(1, finalBackups.size(), finalBackups::toString);
        VolumeBackup backup = cloud.describeBackup(finalBackups.getFirst().id()).orElseThrow();
        assertEquals("pvc-keep", backup.tags().get("CSIVolumeName"));
        assertEquals(List.of(), controller.listSnapshots(new ListSnapshotsRequest("", skipped, 0, "", Deadline.NONE)).entries());
    }

    @Test
    void listingsPageWithFsxsTokens() {
        OntapController controller = controller();
        for (int i = 0; i < 3; i++) {
            created(controller, "pvc-" + i);
        }
        List<String> listed = new java.util.ArrayList<>();
        String token = "";
        do {
            var page = controller.listVolumes(new ListVolumesRequest(2, token, Deadline.NONE));
            page.entries().forEach(volume -> listed.add(volume.id()));
            token = page.nextToken();
        } while (!token.isEmpty());
        assertEquals(3, listed.size(), listed::toString);
        fails(Code.ABORTED, () -> controller.listVolumes(new ListVolumesRequest(2, "not-a-token", Deadline.NONE)));
    }

    @Test
    void fsxsLimitOfVolumesPerFileSystemIsResourceExhausted() {
        fsx.close();
        fsx = new SimulatedOntap(dir.resolve("small"), 1);
        cloud = fsx.cloud();
        minutes();
        OntapController controller = controller();
        created(controller, "pvc-1");
        fails(Code.RESOURCE_EXHAUSTED, () -> controller.createVolume(create("pvc-2", GIB)), "ServiceLimitExceeded", "maximum of 1 volumes");
    }
}
