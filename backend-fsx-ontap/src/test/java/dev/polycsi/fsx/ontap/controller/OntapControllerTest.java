package dev.polycsi.fsx.ontap.controller;

import static dev.polycsi.fsx.ontap.controller.Requests.GIB;
import static dev.polycsi.fsx.ontap.controller.Requests.MIB;
import static dev.polycsi.fsx.ontap.controller.Requests.create;
import static dev.polycsi.fsx.ontap.controller.Requests.expand;
import static dev.polycsi.fsx.ontap.controller.Requests.fails;
import static dev.polycsi.fsx.ontap.controller.Requests.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.core.conformance.MutableClock;
import dev.polycsi.core.conformance.StepOperations;
import dev.polycsi.fsx.ontap.cloud.OntapVolume.Lifecycle;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The FSx for ONTAP controller against an FSx in memory: one volume per PV name across calls,
 * restarts and lagging listings; failures reported with FSx's words and cleaned up; snapshots as
 * backups; growth; deletion with and without a final backup.
 */
class OntapControllerTest {

    final MutableClock clock = new MutableClock();
    final FakeOntapCloud cloud = new FakeOntapCloud();
    final StepOperations operations = new StepOperations();
    final OntapController controller = new OntapController(cloud, operations, clock, Duration.ofSeconds(1));

    private OntapController restarted() {
        return new OntapController(cloud, new StepOperations(), clock, Duration.ofSeconds(1));
    }

    private Volume created(String name) {
        fails(Code.ABORTED, () -> controller.createVolume(create(name, GIB)), "CREATING");
        cloud.finish(cloud.ids().getLast());
        return controller.createVolume(create(name, GIB));
    }

    @Test
    void createsOneVolumeNamedAndTaggedForThePvAndAnswersAbortedUntilCreated() {
        var request = create("pvc-1b2c", 3 * GIB + 1, "extraTags", "team=storage");
        fails(Code.ABORTED, () -> controller.createVolume(request), "pvc-1b2c", "CREATING");
        fails(Code.ABORTED, () -> controller.createVolume(request), "CREATING");
        assertEquals(1, cloud.creates.size());
        var sent = cloud.creates.getFirst();
        assertEquals("pvc_1b2c", sent.name());
        assertEquals("/pvc_1b2c", sent.junctionPath());
        assertEquals(3 * GIB + MIB, sent.sizeBytes(), "rounded up to a whole MiB");
        assertEquals("storage", sent.tags().get("team"));
        assertEquals("pvc-1b2c", sent.tags().get("CSIVolumeName"));
        assertEquals("true", sent.tags().get("polycsi.dev/skipFinalBackupOnDelete"));

        cloud.finish(cloud.ids().getFirst());
        Volume volume = controller.createVolume(request);
        assertEquals(cloud.ids().getFirst(), volume.id());
        assertEquals(3 * GIB + MIB, volume.capacityBytes());
        assertEquals(Map.of("dnsname", FakeOntapCloud.SVM_DNS, "junctionPath", "/pvc_1b2c", "nfsMountOptions", "hard,nfsvers=4.1"),
                volume.context());
        assertEquals(List.of(), volume.accessible(), "an SVM answers every zone of its VPC");
        assertEquals(volume, controller.createVolume(request));
        assertEquals(1, cloud.creates.size());
    }

    @Test
    void aRestartedControllerFindsTheVolumeByItsNameAndALaggingListingByFsxsAnswer() {
        var request = create("pvc-1", GIB);
        fails(Code.ABORTED, () -> controller.createVolume(request));
        cloud.listingLags = true;
        // the listing does not show it, the token answers it: still one volume
        fails(Code.ABORTED, () -> restarted().createVolume(request), "CREATING");
        cloud.listingLags = false;
        cloud.finish(cloud.ids().getFirst());
        assertEquals(cloud.ids().getFirst(), restarted().createVolume(request).id());
        assertEquals(1, cloud.creates.size());
    }

    @Test
    void anOntapNameTakenByAnotherPvOrByHandIsAlreadyExists() {
        created("pvc-a");
        // "pvc_a" maps to a hashed name, so only a volume made by hand under "pvc_a" could clash; one is:
        cloud.volumes.compute(cloud.ids().getFirst(), (id, v) -> new dev.polycsi.fsx.ontap.cloud.OntapVolume(v.id(), v.name(),
                v.fileSystemId(), v.storageVirtualMachineId(), v.lifecycle(), v.sizeBytes(), v.junctionPath(), v.flexGroup(),
                v.constituents(), Map.of(), v.creationTime(), v.failure(), v.resize()));
        fails(Code.ALREADY_EXISTS, () -> restarted().createVolume(create("pvc-a", GIB)), "pvc_a", "not made by a CSI driver");
    }

    @Test
    void aVolumeOfTheNameWithAnotherSizeIsAlreadyExists() {
        created("pvc-1");
        fails(Code.ALREADY_EXISTS, () -> controller.createVolume(create("pvc-1", 2 * GIB)), "outside the range");
    }

    @Test
    void aFailedVolumeIsReportedWithFsxsReasonDeletedAndTheNextCallStartsAfresh() {
        var request = create("pvc-1", GIB);
        fails(Code.ABORTED, () -> controller.createVolume(request));
        String failed = cloud.ids().getFirst();
        cloud.set(failed, Lifecycle.FAILED, Optional.of("Aggregate aggr1 is full."));
        fails(Code.INTERNAL, () -> controller.createVolume(request), "Aggregate aggr1 is full.", failed, "deleted");
        assertEquals(List.of(failed), cloud.deletions);
        assertEquals(List.of(false), cloud.finalBackups, "nothing of a failed volume is worth a final backup");

        cloud.volumes.remove(failed);
        fails(Code.ABORTED, () -> controller.createVolume(request), "CREATING");
        assertEquals(2, cloud.creates.size());
        assertFalse(cloud.creates.get(0).clientToken().equals(cloud.creates.get(1).clientToken()), "the failed volume's token is not replayed");
    }

    @Test
    void blockAndOtherFsTypesAreRefusedExplainingWhy() {
        fails(Code.INVALID_ARGUMENT, () -> controller.createVolume(create("pvc-1", CapacityRange.ANY, Optional.empty(),
                VolumeCapability.block(AccessMode.SINGLE_NODE_WRITER))), "iSCSI");
        fails(Code.INVALID_ARGUMENT, () -> controller.createVolume(create("pvc-1", CapacityRange.ANY, Optional.empty(),
                VolumeCapability.filesystem("ext4", AccessMode.SINGLE_NODE_WRITER))), "ext4");
        assertEquals(List.of(), cloud.creates);
    }

    @Test
    void anSvmThatIsMissingOrOfAnotherFileSystemIsRefusedNamingTheParameters() {
        fails(Code.INVALID_ARGUMENT, () -> controller.createVolume(create("pvc-1", GIB, "storageVirtualMachineId", "svm-0123456789abcdef9")),
                "storageVirtualMachineId", "svm-0123456789abcdef9");
        fails(Code.INVALID_ARGUMENT, () -> controller.createVolume(create("pvc-1", GIB, "fileSystemId", "fs-0123456789abcdef1")),
                "fileSystemId", "storageVirtualMachineId", FakeOntapCloud.FILE_SYSTEM);
    }

    @Test
    void deletionTakesAFinalBackupOnlyWhenTheClassAskedAndLeavesStaticVolumesAlone() {
        String skipped = created("pvc-skip").id();
        fails(Code.ABORTED, () -> controller.createVolume(create("pvc-keep", GIB, "skipFinalBackupOnDelete", "false")));
        String kept = cloud.ids().getLast();
        cloud.finish(kept);
        controller.deleteVolume(new DeleteVolumeRequest(skipped, Secrets.none(), Deadline.NONE));
        controller.deleteVolume(new DeleteVolumeRequest(kept, Secrets.none(), Deadline.NONE));
        assertEquals(List.of(skipped, kept), cloud.deletions);
        assertEquals(List.of(false, true), cloud.finalBackups);
        controller.deleteVolume(new DeleteVolumeRequest(kept, Secrets.none(), Deadline.NONE));
        controller.deleteVolume(new DeleteVolumeRequest("fsvol-0123456789abcdef9", Secrets.none(), Deadline.NONE));
        controller.deleteVolume(new DeleteVolumeRequest("not-an-id", Secrets.none(), Deadline.NONE));
        assertEquals(2, cloud.deletions.size(), "deleting again, or what does not exist, asks FSx for nothing");

        String handMade = created("pvc-static").id();
        cloud.volumes.compute(handMade, (id, v) -> new dev.polycsi.fsx.ontap.cloud.OntapVolume(v.id(), v.name(), v.fileSystemId(),
                v.storageVirtualMachineId(), v.lifecycle(), v.sizeBytes(), v.junctionPath(), v.flexGroup(), v.constituents(), Map.of(),
                v.creationTime(), v.failure(), v.resize()));
        controller.deleteVolume(new DeleteVolumeRequest(handMade, Secrets.none(), Deadline.NONE));
        assertEquals(2, cloud.deletions.size(), "a volume not made for a PV is left alone");
    }

    @Test
    void snapshotsAreBackupsFoundAgainByNameAndReadyWhenAvailable() {
        String volume = created("pvc-1").id();
        Snapshot first = controller.createSnapshot(snapshot("snapshot-1", volume, "extraTags", "purpose=nightly"));
        assertFalse(first.readyToUse());
        assertEquals(volume, first.sourceVolumeId());
        VolumeBackup backup = cloud.backups.get(first.id());
        assertEquals(Map.of("purpose", "nightly", "CSIVolumeSnapshotName", "snapshot-1"), backup.tags());

        Snapshot again = restarted().createSnapshot(snapshot("snapshot-1", volume));
        assertEquals(first.id(), again.id());
        assertEquals(1, cloud.backups.size(), "the snapshotter's repeated calls take one backup");
        cloud.backupEnds(first.id(), VolumeBackup.Lifecycle.AVAILABLE, Optional.empty());
        assertTrue(controller.createSnapshot(snapshot("snapshot-1", volume)).readyToUse());

        String other = created("pvc-2").id();
        fails(Code.ALREADY_EXISTS, () -> controller.createSnapshot(snapshot("snapshot-1", other)));
        fails(Code.NOT_FOUND, () -> controller.createSnapshot(snapshot("snapshot-2", "fsvol-0123456789abcdef9")));
    }

    @Test
    void aFailedBackupIsReportedDeletedAndTakenAgain() {
        String volume = created("pvc-1").id();
        Snapshot first = controller.createSnapshot(snapshot("snapshot-1", volume));
        cloud.backupEnds(first.id(), VolumeBackup.Lifecycle.FAILED, Optional.of("The SSD tier is full."));
        fails(Code.INTERNAL, () -> controller.createSnapshot(snapshot("snapshot-1", volume)), "The SSD tier is full.", first.id());
        assertFalse(cloud.backups.containsKey(first.id()));
        Snapshot second = controller.createSnapshot(snapshot("snapshot-1", volume));
        assertFalse(second.id().equals(first.id()));
    }

    @Test
    void aFlexGroupIsBackedUpWhereFsxCanAndRefusedSayingWhyWhereItCannot() {
        fails(Code.ABORTED, () -> controller.createVolume(create("pvc-fg", 800 * GIB, "volumeStyle", "FLEXGROUP")));
        String id = cloud.ids().getFirst();
        cloud.finish(id);
        cloud.backsUpFlexGroups = false;
        fails(Code.FAILED_PRECONDITION, () -> controller.createSnapshot(snapshot("snapshot-1", id)), "FlexGroup", "15 November 2023",
                "not supported for FlexGroup volumes on this file system");
        assertEquals(0, cloud.backups.size());
        cloud.backsUpFlexGroups = true;
        assertEquals(id, controller.createSnapshot(snapshot("snapshot-1", id)).sourceVolumeId());
    }

    @Test
    void restoringReadsAnAvailableBackupAndTakesAtLeastItsSize() {
        String volume = created("pvc-1").id();
        Snapshot snapshot = controller.createSnapshot(snapshot("snapshot-1", volume));
        var restore = create("pvc-r", new CapacityRange(20 * MIB, 0), Optional.of(new ContentSource.Snapshot(snapshot.id())),
                VolumeCapability.filesystem("", AccessMode.SINGLE_NODE_WRITER));
        fails(Code.ABORTED, () -> controller.createVolume(restore), "CREATING", "AVAILABLE");
        cloud.backupEnds(snapshot.id(), VolumeBackup.Lifecycle.AVAILABLE, Optional.empty());
        fails(Code.ABORTED, () -> controller.createVolume(restore), "restore of backup " + snapshot.id());
        var sent = cloud.creates.getLast();
        assertEquals(Optional.of(snapshot.id()), sent.fromBackup());
        assertEquals(GIB, sent.sizeBytes(), "a restore is at least as large as the volume backed up");
        cloud.finish(cloud.ids().getLast());
        Volume restored = controller.createVolume(restore);
        assertEquals(Optional.of(new ContentSource.Snapshot(snapshot.id())), restored.source());

        fails(Code.NOT_FOUND, () -> controller.createVolume(create("pvc-x", CapacityRange.ANY,
                Optional.of(new ContentSource.Snapshot("backup-0123456789abcdef9")), VolumeCapability.filesystem("",
                        AccessMode.SINGLE_NODE_WRITER))));
        fails(Code.INVALID_ARGUMENT, () -> controller.createVolume(create("pvc-x", CapacityRange.ANY,
                Optional.of(new ContentSource.Volume(volume)), VolumeCapability.filesystem("", AccessMode.SINGLE_NODE_WRITER))),
                "FlexClone");
    }

    @Test
    void growthAsksOnceAndEndsWhenFsxShowsTheSizeNeverShrinking() {
        String id = created("pvc-1").id();
        assertEquals(GIB, controller.expandVolume(expand(id, GIB / 2)).capacityBytes(), "no shrink");
        assertEquals(List.of(), cloud.resizes);
        fails(Code.ABORTED, () -> controller.expandVolume(expand(id, 2 * GIB)), "PENDING");
        fails(Code.ABORTED, () -> controller.expandVolume(expand(id, 2 * GIB)));
        assertEquals(List.of(2 * GIB), cloud.resizes, "one UpdateVolume");
        cloud.resized(id, 2 * GIB, "COMPLETED", Optional.empty());
        var result = controller.expandVolume(expand(id, 2 * GIB));
        assertEquals(2 * GIB, result.capacityBytes());
        assertFalse(result.nodeExpansionRequired());
        fails(Code.NOT_FOUND, () -> controller.expandVolume(expand("fsvol-0123456789abcdef9", 2 * GIB)));
    }

    @Test
    void aFailedGrowthIsReportedAndAskedAgainByTheNextCall() {
        String id = created("pvc-1").id();
        fails(Code.ABORTED, () -> controller.expandVolume(expand(id, 2 * GIB)));
        cloud.resized(id, 2 * GIB, "FAILED", Optional.of("Not enough space in the aggregate."));
        fails(Code.INTERNAL, () -> controller.expandVolume(expand(id, 2 * GIB)), "Not enough space in the aggregate.");
        fails(Code.ABORTED, () -> controller.expandVolume(expand(id, 2 * GIB)));
        assertEquals(List.of(2 * GIB, 2 * GIB), cloud.resizes);
    }

    @Test
    void listingsPageWithFsxsTokensAndRefuseForeignOnes() {
        created("pvc-1");
        created("pvc-2");
        var first = controller.listVolumes(new ListVolumesRequest(1, "", Deadline.NONE));
        assertEquals(1, first.entries().size());
        var second = controller.listVolumes(new ListVolumesRequest(1, first.nextToken(), Deadline.NONE));
        assertEquals(1, second.entries().size());
        assertEquals("", second.nextToken());
        fails(Code.ABORTED, () -> controller.listVolumes(new ListVolumesRequest(1, "garbage", Deadline.NONE)));

        String volume = cloud.ids().getFirst();
        Snapshot snapshot = controller.createSnapshot(snapshot("snapshot-1", volume));
        assertEquals(List.of(snapshot.id()), controller.listSnapshots(new ListSnapshotsRequest(snapshot.id(), "", 0, "", Deadline.NONE))
                .entries().stream().map(Snapshot::id).toList());
        assertEquals(List.of(snapshot.id()), controller.listSnapshots(new ListSnapshotsRequest("", volume, 0, "", Deadline.NONE))
                .entries().stream().map(Snapshot::id).toList());
        assertEquals(List.of(), controller.listSnapshots(new ListSnapshotsRequest("", cloud.ids().getLast(), 0, "", Deadline.NONE))
                .entries());
        assertEquals(List.of(), controller.listSnapshots(new ListSnapshotsRequest("nonsense", "", 0, "", Deadline.NONE)).entries());
        controller.deleteSnapshot(new DeleteSnapshotRequest(snapshot.id(), Secrets.none(), Deadline.NONE));
        controller.deleteSnapshot(new DeleteSnapshotRequest(snapshot.id(), Secrets.none(), Deadline.NONE));
        assertEquals(0, cloud.backups.size());
    }
}
