package dev.polycsi.ebs.controller;

import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.controller.DeleteVolumeRequest;
import dev.polycsi.spi.controller.UnpublishRequest;
import dev.polycsi.spi.controller.ExpandVolumeRequest;
import dev.polycsi.spi.controller.ModifyVolumeRequest;
import dev.polycsi.spi.controller.ListSnapshotsRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.polycsi.ebs.cloud.Disk;
import dev.polycsi.ebs.cloud.DiskModification;
import dev.polycsi.ebs.cloud.DiskSnapshot;
import dev.polycsi.ebs.cloud.EbsCloud;
import dev.polycsi.ebs.cloud.EbsCloudException;
import dev.polycsi.ebs.cloud.NewDisk;
import dev.polycsi.ebs.cloud.NewSnapshot;
import dev.polycsi.ebs.cloud.SnapshotLock;
import dev.polycsi.ebs.params.Tags;
import dev.polycsi.ebs.params.MutableParameters;
import dev.polycsi.ebs.params.SnapshotParameters;
import dev.polycsi.ebs.params.VolumeParameters;
import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.CsiException.Code;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.Topology;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.controller.CapacityRange;
import dev.polycsi.spi.controller.ContentSource;
import dev.polycsi.spi.controller.CreateSnapshotRequest;
import dev.polycsi.spi.controller.CreateVolumeRequest;
import dev.polycsi.spi.controller.CreationMetadata;
import dev.polycsi.spi.controller.PublishRequest;
import dev.polycsi.spi.controller.TopologyRequirement;
import dev.polycsi.spi.controller.Volume;
import dev.polycsi.spi.param.Parameters;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class EbsControllerTest {

    private static final long GIB = 1L << 30;
    private static final VolumeCapability RWO = VolumeCapability.filesystem("ext4", AccessMode.SINGLE_NODE_WRITER);
    private static final String VOLUME = "vol-0123456789abcdef0";
    private static final String NODE = "i-0123456789abcdef0";

    private final EbsCloud cloud = mock(EbsCloud.class);
    private final EbsController controller = new EbsController(cloud, new ControllerOptions(Map.of("team", "storage"), "prod"));

    @org.junit.jupiter.api.BeforeEach
    void regionHasZones() {
        when(cloud.availabilityZones()).thenReturn(List.of("us-east-1a", "us-east-1b", "us-east-1c"));
    }

    @Test
    void aVolumeWithoutSizeGets100GiBInThePreferredZoneAndCarriesItsNameAndTheDriverTags() {
        when(cloud.createDisk(any())).thenAnswer(call -> created(call.getArgument(0)));
        TopologyRequirement topology = new TopologyRequirement(
                List.of(zone("us-east-1a"), zone("us-east-1b")), List.of(zone("us-east-1b")));

        Volume volume = controller.createVolume(request("pvc-1", CapacityRange.ANY, Map.of(), topology, Optional.empty(), RWO));

        NewDisk disk = captureCreate();
        assertEquals(100, disk.sizeGiB());
        assertEquals("us-east-1b", disk.zone());
        assertEquals("gp3", disk.type());
        assertEquals("pvc-1", disk.tags().get(EbsCloud.VOLUME_NAME_TAG));
        assertEquals("storage", disk.tags().get("team"));
        assertEquals("owned", disk.tags().get("kubernetes.io/cluster/prod"));
        assertEquals(List.of(zone("us-east-1b")), volume.accessible());
        assertEquals(100 * GIB, volume.capacityBytes());
    }

    @Test
    void sizesAreRoundedUpToWholeGiB() {
        when(cloud.createDisk(any())).thenAnswer(call -> created(call.getArgument(0)));
        controller.createVolume(request("pvc-1", new CapacityRange(GIB + 1, 0), Map.of(), TopologyRequirement.NONE, Optional.empty(), RWO));
        assertEquals(2, captureCreate().sizeGiB());
    }

    @Test
    void withoutTopologyTheRegionsFirstZoneIsUsed() {
        when(cloud.availabilityZones()).thenReturn(List.of("us-east-1c", "us-east-1a"));
        when(cloud.createDisk(any())).thenAnswer(call -> created(call.getArgument(0)));
        controller.createVolume(request("pvc-1", CapacityRange.ANY, Map.of(), TopologyRequirement.NONE, Optional.empty(), RWO));
        assertEquals("us-east-1c", captureCreate().zone());
    }

    @Test
    void aPreferredZoneOutsideTheRequisiteOnesIsRefused() {
        var topology = new TopologyRequirement(List.of(zone("us-east-1a")), List.of(zone("us-east-1c")));
        CsiException e = assertThrows(CsiException.class, () -> controller.createVolume(
                request("pvc-1", CapacityRange.ANY, Map.of(), topology, Optional.empty(), RWO)));
        assertEquals(Code.INVALID_ARGUMENT, e.code());
        verify(cloud, never()).createDisk(any());
    }

    @Test
    void aRestoreNamesItsSnapshot() {
        when(cloud.createDisk(any())).thenAnswer(call -> created(call.getArgument(0)));
        Volume volume = controller.createVolume(request("pvc-1", new CapacityRange(10 * GIB, 0), Map.of(), TopologyRequirement.NONE,
                Optional.of(new ContentSource.Snapshot("snap-0123456789abcdef0")), RWO));
        assertEquals(Optional.of("snap-0123456789abcdef0"), captureCreate().snapshotId());
        assertEquals(Optional.of(new ContentSource.Snapshot("snap-0123456789abcdef0")), volume.source());
    }

    @Test
    void aRestoreFromAMalformedSnapshotIdIsNotFound() {
        CsiException e = assertThrows(CsiException.class, () -> controller.createVolume(request("pvc-1", CapacityRange.ANY, Map.of(),
                TopologyRequirement.NONE, Optional.of(new ContentSource.Snapshot("nonsense")), RWO)));
        assertEquals(Code.NOT_FOUND, e.code());
    }

    @Test
    void aCloneStaysInItsSourcesZoneAndIsAtLeastItsSize() {
        when(cloud.getDisk(VOLUME)).thenReturn(Optional.of(disk(VOLUME, 20, "us-east-1c", List.of())));
        when(cloud.copyDisk(eq(VOLUME), any())).thenAnswer(call -> created(call.getArgument(1)));

        CsiException small = assertThrows(CsiException.class, () -> controller.createVolume(request("pvc-2",
                new CapacityRange(10 * GIB, 0), Map.of(), TopologyRequirement.NONE, Optional.of(new ContentSource.Volume(VOLUME)), RWO)));
        assertEquals(Code.OUT_OF_RANGE, small.code());

        CsiException elsewhere = assertThrows(CsiException.class, () -> controller.createVolume(request("pvc-2",
                new CapacityRange(20 * GIB, 0), Map.of(), new TopologyRequirement(List.of(zone("us-east-1a")), List.of()),
                Optional.of(new ContentSource.Volume(VOLUME)), RWO)));
        assertEquals(Code.INVALID_ARGUMENT, elsewhere.code());

        Volume clone = controller.createVolume(request("pvc-2", new CapacityRange(20 * GIB, 0), Map.of(), TopologyRequirement.NONE,
                Optional.of(new ContentSource.Volume(VOLUME)), RWO));
        assertEquals(List.of(zone("us-east-1c")), clone.accessible());
    }

    @Test
    void readWriteManyBlockNeedsIo2() {
        VolumeCapability rwx = VolumeCapability.block(AccessMode.MULTI_NODE_MULTI_WRITER);
        CsiException e = assertThrows(CsiException.class, () -> controller.createVolume(
                request("pvc-1", CapacityRange.ANY, Map.of(), TopologyRequirement.NONE, Optional.empty(), rwx)));
        assertEquals(Code.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("io2"), e.getMessage());

        when(cloud.createDisk(any())).thenAnswer(call -> created(call.getArgument(0)));
        controller.createVolume(request("pvc-1", CapacityRange.ANY, Map.of("type", "io2", "iops", "1000"), TopologyRequirement.NONE,
                Optional.empty(), rwx));
        assertTrue(captureCreate().multiAttach());
    }

    @Test
    void anExistingVolumeOutsideTheRangeIsAlreadyExists() {
        when(cloud.createDisk(any())).thenReturn(disk(VOLUME, 50, "us-east-1a", List.of()));
        CsiException e = assertThrows(CsiException.class, () -> controller.createVolume(
                request("pvc-1", new CapacityRange(10 * GIB, 20 * GIB), Map.of(), TopologyRequirement.NONE, Optional.empty(), RWO)));
        assertEquals(Code.ALREADY_EXISTS, e.code());
    }

    @Test
    void publishReturnsTheDeviceAndSharesAVolumeOnlyForReadWriteManyBlock() {
        when(cloud.attachDisk(VOLUME, NODE, false)).thenReturn("/dev/xvdaa");
        assertEquals(Map.of("devicePath", "/dev/xvdaa"), controller.publish(publish(NODE)));

        when(cloud.attachDisk(VOLUME, NODE, true)).thenReturn("/dev/xvdab");
        VolumeCapability rwxBlock = VolumeCapability.block(AccessMode.MULTI_NODE_MULTI_WRITER);
        assertEquals(Map.of("devicePath", "/dev/xvdab"),
                controller.publish(new PublishRequest(VOLUME, NODE, rwxBlock, false, Map.of(), Secrets.none(), Deadline.NONE)));
        VolumeCapability rwoBlock = VolumeCapability.block(AccessMode.SINGLE_NODE_WRITER);
        controller.publish(new PublishRequest(VOLUME, NODE, rwoBlock, false, Map.of(), Secrets.none(), Deadline.NONE));
        verify(cloud, org.mockito.Mockito.times(2)).attachDisk(VOLUME, NODE, false);
        // one look-up per publish, made by the cloud
        verify(cloud, never()).getDisk(anyString());
    }

    @Test
    void publishToANodeThatIsNotAnInstanceIsNotFound() {
        CsiException e = assertThrows(CsiException.class, () -> controller.publish(publish("worker-1")));
        assertEquals(Code.NOT_FOUND, e.code());
        assertTrue(e.getMessage().contains("worker-1"));
    }

    @Test
    void handlesThatCannotBeEbsVolumesAreAlreadyDeletedAndDetached() {
        controller.deleteVolume(new DeleteVolumeRequest("not-a-volume", Secrets.none(), Deadline.NONE));
        controller.unpublish(new UnpublishRequest("not-a-volume", NODE, Secrets.none(), Deadline.NONE));
        controller.unpublish(new UnpublishRequest(VOLUME, "worker-1", Secrets.none(), Deadline.NONE));
        verify(cloud, never()).deleteDisk(anyString());
        verify(cloud, never()).detachDisk(anyString(), anyString());
    }

    @Test
    void aNewSnapshotIsTaggedWithItsNameAndTheDriverTags() {
        when(cloud.createSnapshot(any())).thenReturn(snapshot("snap-0aaaaaaaaaaaaaaaa", VOLUME));
        assertEquals("snap-0aaaaaaaaaaaaaaaa", controller.createSnapshot(snapshotRequest("snap-a")).id());
        ArgumentCaptor<NewSnapshot> captor = ArgumentCaptor.forClass(NewSnapshot.class);
        verify(cloud).createSnapshot(captor.capture());
        assertEquals("snap-a", captor.getValue().tags().get(EbsCloud.SNAPSHOT_NAME_TAG));
        assertEquals("storage", captor.getValue().tags().get("team"));
        // one call: the cloud does the name look-up itself
        verify(cloud, never()).findSnapshotByName(anyString());
        verify(cloud, never()).getDisk(anyString());
    }

    @Test
    void aSnapshotOfAMalformedVolumeIdIsNotFoundWithoutAsking() {
        CsiException e = assertThrows(CsiException.class, () -> controller.createSnapshot(
                new CreateSnapshotRequest("snap-a", "nonsense", SnapshotParameters.SCHEMA.parse(Map.of()), Secrets.none(), Deadline.NONE)));
        assertEquals(Code.NOT_FOUND, e.code());
        verify(cloud, never()).createSnapshot(any());
    }

    @Test
    void aListingTokenEc2RefusesIsAborted() {
        when(cloud.listSnapshots(any(), anyInt(), eq("bogus"))).thenThrow(
                new EbsCloudException(Code.INVALID_ARGUMENT, "InvalidParameterValue", "bad token", null));
        CsiException e = assertThrows(CsiException.class,
                () -> controller.listSnapshots(new ListSnapshotsRequest("", "", 0, "bogus", Deadline.NONE)));
        assertEquals(Code.ABORTED, e.code());
    }

    @Test
    void listingBySnapshotIdNeedsNoPaging() {
        when(cloud.getSnapshot("snap-0aaaaaaaaaaaaaaaa")).thenReturn(Optional.of(snapshot("snap-0aaaaaaaaaaaaaaaa", VOLUME)));
        var page = controller.listSnapshots(new ListSnapshotsRequest("snap-0aaaaaaaaaaaaaaaa", "", 0, "", Deadline.NONE));
        assertEquals(1, page.entries().size());
        assertEquals(0, controller.listSnapshots(new ListSnapshotsRequest("snap-0aaaaaaaaaaaaaaaa", "vol-0bbbbbbbbbbbbbbbb", 0, "", Deadline.NONE)).entries().size());
    }

    @Test
    void expansionGrowsOnlyWhenNeededAndAsksTheNodeOnlyForFilesystems() {
        when(cloud.getDisk(VOLUME)).thenReturn(Optional.of(disk(VOLUME, 10, "us-east-1a", List.of())));
        when(cloud.modifyDisk(VOLUME, DiskModification.size(20))).thenReturn(disk(VOLUME, 20, "us-east-1a", List.of()));

        var grown = controller.expandVolume(new ExpandVolumeRequest(VOLUME, new CapacityRange(20 * GIB - 5, 0), Optional.of(RWO), Secrets.none(), Deadline.NONE));
        assertEquals(20 * GIB, grown.capacityBytes());
        assertTrue(grown.nodeExpansionRequired());

        var same = controller.expandVolume(new ExpandVolumeRequest(VOLUME, new CapacityRange(10 * GIB, 0),
                Optional.of(VolumeCapability.block(AccessMode.SINGLE_NODE_WRITER)), Secrets.none(), Deadline.NONE));
        assertEquals(10 * GIB, same.capacityBytes());
        assertFalse(same.nodeExpansionRequired());
        verify(cloud).modifyDisk(eq(VOLUME), any());
    }

    /** Found by the hostile-input campaign: 2^62 bytes overflowed the int of ModifyVolume's size and came back INTERNAL. */
    @Test
    void aSizePastEc2sLargestVolumeIsOutOfRange() {
        when(cloud.getDisk(VOLUME)).thenReturn(Optional.of(disk(VOLUME, 10, "us-east-1a", List.of())));
        CsiException expand = assertThrows(CsiException.class, () -> controller.expandVolume(new ExpandVolumeRequest(VOLUME,
                new CapacityRange(1L << 62, 0), Optional.of(RWO), Secrets.none(), Deadline.NONE)));
        assertEquals(CsiException.Code.OUT_OF_RANGE, expand.code(), expand.getMessage());
        CsiException create = assertThrows(CsiException.class, () -> controller.createVolume(request("pvc-huge",
                new CapacityRange(65_537 * GIB, 0), Map.of(), TopologyRequirement.NONE, Optional.empty(), RWO)));
        assertEquals(CsiException.Code.OUT_OF_RANGE, create.code(), create.getMessage());
        verify(cloud, never()).modifyDisk(anyString(), any());
        verify(cloud, never()).createDisk(any());
    }

    @Test
    void modifyingToWhatTheVolumeAlreadyHasChangesNothing() {
        when(cloud.getDisk(VOLUME)).thenReturn(Optional.of(disk(VOLUME, 10, "us-east-1a", List.of())));
        controller.modifyVolume(new ModifyVolumeRequest(VOLUME, MutableParameters.SCHEMA.parse(Map.of("type", "gp3", "iops", "3000")), Secrets.none(), Deadline.NONE));
        verify(cloud, never()).modifyDisk(anyString(), any());

        controller.modifyVolume(new ModifyVolumeRequest(VOLUME, MutableParameters.SCHEMA.parse(Map.of("iops", "4000", "tagSpecification_1", "tier=gold")),
                Secrets.none(), Deadline.NONE));
        verify(cloud).modifyDisk(VOLUME, new DiskModification(Optional.empty(), Optional.empty(), Optional.of(4000), Optional.empty()));
        verify(cloud).tagDisk(VOLUME, Map.of("tier", "gold"), Set.of());
    }

    @Test
    void aVolumeAttributesClassIopsPerGBSetsIopsFromTheSizeAndKeepsTheRatio() {
        Disk io2 = new Disk(VOLUME, 200, "us-east-1a", "io2", Optional.of(1000), Optional.empty(), false, Optional.empty(), false,
                "available", Optional.empty(), Map.of(), List.of());
        when(cloud.getDisk(VOLUME)).thenReturn(Optional.of(io2));
        controller.modifyVolume(new ModifyVolumeRequest(VOLUME, MutableParameters.SCHEMA.parse(Map.of("iopspergb", "30",
                "allowautoiopsincreaseonmodify", "true")), Secrets.none(), Deadline.NONE));
        verify(cloud).modifyDisk(VOLUME, new DiskModification(Optional.empty(), Optional.empty(), Optional.of(6000), Optional.empty()));
        verify(cloud).tagDisk(VOLUME, Map.of(Tags.IOPS_PER_GB_TAG, "30", Tags.ALLOW_AUTO_IOPS_INCREASE_ON_MODIFY_TAG, "true"), Set.of());
    }

    @Test
    void aRestoreCarriesItsInitializationRateAndTheAttachWaitInItsContext() {
        when(cloud.createDisk(any())).thenAnswer(call -> created(call.getArgument(0)));
        Volume volume = controller.createVolume(request("pvc-1", new CapacityRange(10 * GIB, 0),
                Map.of("volumeInitializationRate", "300", "blockAttachUntilInitialized", "true"), TopologyRequirement.NONE,
                Optional.of(new ContentSource.Snapshot("snap-0123456789abcdef0")), RWO));
        assertEquals(Optional.of(300), captureCreate().initializationRate());
        assertEquals("true", volume.context().get(VolumeParameters.BLOCK_ATTACH_CONTEXT));
    }

    @Test
    void publishWaitsForInitializationOnlyWhenTheVolumeContextAsks() {
        when(cloud.attachDisk(VOLUME, NODE, false)).thenReturn("/dev/xvdaa");
        controller.publish(publish(NODE));
        verify(cloud, never()).awaitInitialized(anyString(), any());

        controller.publish(new PublishRequest(VOLUME, NODE, RWO, false, Map.of(VolumeParameters.BLOCK_ATTACH_CONTEXT, "true"),
                Secrets.none(), Deadline.NONE));
        var order = org.mockito.Mockito.inOrder(cloud);
        order.verify(cloud, org.mockito.Mockito.times(2)).attachDisk(VOLUME, NODE, false);
        order.verify(cloud).awaitInitialized(eq(VOLUME), any());
    }

    @Test
    void theWaitForInitializationEndsBeforeTheAttachersDeadline() {
        when(cloud.attachDisk(VOLUME, NODE, false)).thenReturn("/dev/xvdaa");
        controller.publish(new PublishRequest(VOLUME, NODE, RWO, false, Map.of(VolumeParameters.BLOCK_ATTACH_CONTEXT, "true"),
                Secrets.none(), Deadline.after(java.time.Duration.ofSeconds(15))));
        ArgumentCaptor<java.time.Duration> atMost = ArgumentCaptor.forClass(java.time.Duration.class);
        verify(cloud).awaitInitialized(eq(VOLUME), atMost.capture());
        assertTrue(atMost.getValue().compareTo(java.time.Duration.ofSeconds(14)) < 0, atMost.getValue().toString());
    }

    @Test
    void expansionRaisesIopsWithTheSizeWhenTheVolumeIsTaggedSo() {
        Map<String, String> tags = Map.of(Tags.IOPS_PER_GB_TAG, "50", Tags.ALLOW_AUTO_IOPS_INCREASE_ON_MODIFY_TAG, "true");
        Disk io2 = new Disk(VOLUME, 100, "us-east-1a", "io2", Optional.of(5000), Optional.empty(), false, Optional.empty(), false,
                "available", Optional.empty(), tags, List.of());
        when(cloud.getDisk(VOLUME)).thenReturn(Optional.of(io2));
        when(cloud.modifyDisk(eq(VOLUME), any())).thenReturn(io2);

        controller.expandVolume(new ExpandVolumeRequest(VOLUME, new CapacityRange(300 * GIB, 0), Optional.of(RWO), Secrets.none(), Deadline.NONE));
        verify(cloud).modifyDisk(VOLUME, new DiskModification(Optional.of(300L), Optional.empty(), Optional.of(15000), Optional.empty()));

        // capped at the type's maximum
        controller.expandVolume(new ExpandVolumeRequest(VOLUME, new CapacityRange(10_000 * GIB, 0), Optional.of(RWO), Secrets.none(), Deadline.NONE));
        verify(cloud).modifyDisk(VOLUME, new DiskModification(Optional.of(10_000L), Optional.empty(), Optional.of(256_000), Optional.empty()));
    }

    @Test
    void expansionLeavesIopsAloneWithoutTheTagOrWithoutTheRatio() {
        Disk ratioOnly = new Disk(VOLUME, 100, "us-east-1a", "io2", Optional.of(5000), Optional.empty(), false, Optional.empty(), false,
                "available", Optional.empty(), Map.of(Tags.IOPS_PER_GB_TAG, "50"), List.of());
        when(cloud.getDisk(VOLUME)).thenReturn(Optional.of(ratioOnly));
        when(cloud.modifyDisk(eq(VOLUME), any())).thenReturn(ratioOnly);
        controller.expandVolume(new ExpandVolumeRequest(VOLUME, new CapacityRange(200 * GIB, 0), Optional.of(RWO), Secrets.none(), Deadline.NONE));
        verify(cloud).modifyDisk(VOLUME, DiskModification.size(200));
    }

    @Test
    void snapshotFastRestoreZonesAreCheckedAgainstTheRegionBeforeTheSnapshotIsMade() {
        CsiException e = assertThrows(CsiException.class, () -> controller.createSnapshot(new CreateSnapshotRequest("snap-a", VOLUME,
                SnapshotParameters.SCHEMA.parse(Map.of("fastSnapshotRestoreAvailabilityZones", "us-east-1a,us-west-2a")),
                Secrets.none(), Deadline.NONE)));
        assertEquals(Code.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("fastSnapshotRestoreAvailabilityZones") && e.getMessage().contains("us-west-2a"), e.getMessage());
        verify(cloud, never()).createSnapshot(any());
    }

    @Test
    void snapshotFastRestoreAndLockGoToTheCloud() {
        when(cloud.createSnapshot(any())).thenReturn(snapshot("snap-0aaaaaaaaaaaaaaaa", VOLUME));
        controller.createSnapshot(new CreateSnapshotRequest("snap-a", VOLUME, SnapshotParameters.SCHEMA.parse(Map.of(
                "fastSnapshotRestoreAvailabilityZones", "us-east-1b", "lockMode", "governance", "lockDuration", "7")),
                Secrets.none(), Deadline.NONE));
        ArgumentCaptor<NewSnapshot> captor = ArgumentCaptor.forClass(NewSnapshot.class);
        verify(cloud).createSnapshot(captor.capture());
        assertEquals(List.of("us-east-1b"), captor.getValue().fastRestoreZones());
        assertEquals(Optional.of(new SnapshotLock("governance", Optional.of(7), Optional.empty(), Optional.empty())), captor.getValue().lock());
    }

    private NewDisk captureCreate() {
        ArgumentCaptor<NewDisk> captor = ArgumentCaptor.forClass(NewDisk.class);
        verify(cloud, org.mockito.Mockito.atLeastOnce()).createDisk(captor.capture());
        return captor.getValue();
    }

    private static CreateVolumeRequest request(String name, CapacityRange capacity, Map<String, String> parameters,
            TopologyRequirement topology, Optional<ContentSource> source, VolumeCapability capability) {
        Parameters parsed = VolumeParameters.SCHEMA.parse(parameters);
        return new CreateVolumeRequest(name, capacity, List.of(capability), parsed, Parameters.none(), CreationMetadata.NONE, source,
                topology, Secrets.none(), Deadline.NONE);
    }

    private static PublishRequest publish(String node) {
        return new PublishRequest(VOLUME, node, RWO, false, Map.of(), Secrets.none(), Deadline.NONE);
    }

    private static CreateSnapshotRequest snapshotRequest(String name) {
        return new CreateSnapshotRequest(name, VOLUME, SnapshotParameters.SCHEMA.parse(Map.of()), Secrets.none(), Deadline.NONE);
    }

    private static Topology zone(String zone) {
        return Topology.of("topology.kubernetes.io/zone", zone);
    }

    private static Disk created(NewDisk request) {
        return new Disk(VOLUME, request.sizeGiB(), request.zone(), request.type(), request.iops(), request.throughput(),
                request.encrypted(), request.kmsKeyId(), request.multiAttach(), "available", request.snapshotId(), request.tags(), List.of());
    }

    private static Disk disk(String id, long sizeGiB, String zone, List<Disk.Attachment> attachments) {
        return new Disk(id, sizeGiB, zone, "gp3", Optional.of(3000), Optional.of(125), false, Optional.empty(), false,
                attachments.isEmpty() ? "available" : "in-use", Optional.empty(), Map.of(), attachments);
    }

    private static DiskSnapshot snapshot(String id, String volume) {
        return new DiskSnapshot(id, volume, 10, Instant.parse("2026-11-26T12:00:00Z"), "completed", Map.of());
    }
}
