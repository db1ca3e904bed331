package dev.polycsi.examples.hostpath;

import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.controller.DeleteVolumeRequest;
import dev.polycsi.spi.controller.GetVolumeRequest;
import dev.polycsi.spi.controller.DeleteSnapshotRequest;
import dev.polycsi.spi.controller.ExpandVolumeRequest;
import dev.polycsi.spi.controller.CapacityRequest;
import dev.polycsi.spi.controller.ListSnapshotsRequest;
import dev.polycsi.spi.controller.ListVolumesRequest;
import static dev.polycsi.examples.hostpath.Fixture.GIB;
import static dev.polycsi.examples.hostpath.Fixture.MIB;
import static dev.polycsi.examples.hostpath.Fixture.NODE;
import static dev.polycsi.examples.hostpath.Fixture.assertCode;
import static dev.polycsi.examples.hostpath.Fixture.snapshot;
import static dev.polycsi.examples.hostpath.Fixture.volume;
import static dev.polycsi.examples.hostpath.Fixture.volumeDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.Backend;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.CsiException.Code;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.Topology;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.controller.CapacityRange;
import dev.polycsi.spi.controller.ContentSource;
import dev.polycsi.spi.controller.ControllerOps;
import dev.polycsi.spi.controller.CreateVolumeRequest;
import dev.polycsi.spi.controller.ExpandResult;
import dev.polycsi.spi.controller.Page;
import dev.polycsi.spi.controller.Snapshot;
import dev.polycsi.spi.controller.TopologyRequirement;
import dev.polycsi.spi.controller.Volume;
import dev.polycsi.spi.param.Parameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostPathControllerTest {

    @TempDir
    Path root;

    Backend backend;
    ControllerOps controller;

    @BeforeEach
    void setUp() throws Exception {
        backend = Fixture.backend(root, 10 * GIB, NODE, new FakeMounter());
        controller = backend.controller();
    }

    // ---- CreateVolume

    @Test
    void createIsIdempotent() {
        Volume first = controller.createVolume(volume("pvc-1", 2 * GIB));
        Volume again = controller.createVolume(volume("pvc-1", 2 * GIB));

        assertEquals(first, again);
        assertTrue(first.id().matches("hp-[0-9a-f]{16}"), first.id());
        assertEquals(2 * GIB, first.capacityBytes());
        assertTrue(Files.isDirectory(volumeDir(root, first.id())));
        assertEquals(1, controller.listVolumes(new ListVolumesRequest(0, "", Deadline.NONE)).entries().size());
    }

    @Test
    void sizesDefaultToOneGibAndRoundUpToWholeMib() {
        assertEquals(GIB, controller.createVolume(volume("no-size", 0)).capacityBytes());
        assertEquals(MIB, controller.createVolume(volume("one-byte", 1)).capacityBytes());
        assertEquals(2 * MIB, controller.createVolume(volume("just-over", MIB + 1)).capacityBytes());
    }

    @Test
    void aRetryWhoseRangeTheExistingSizeSatisfiesGetsTheExistingVolume() {
        Volume created = controller.createVolume(volume("pvc-1", 2 * GIB));

        assertEquals(created, controller.createVolume(volume("pvc-1", GIB)));
    }

    @Test
    void theSameNameWithAnIncompatibleRequestIsAlreadyExists() {
        controller.createVolume(volume("pvc-1", GIB));

        assertCode(Code.ALREADY_EXISTS, () -> controller.createVolume(volume("pvc-1", 2 * GIB)));
        assertCode(Code.ALREADY_EXISTS, () -> controller.createVolume(
                volume("pvc-1", GIB, Map.of("directoryPerms", "0700"), Optional.empty())));
        String other = controller.createVolume(volume("other", GIB)).id();
        assertCode(Code.ALREADY_EXISTS, () -> controller.createVolume(
                volume("pvc-1", GIB, Map.of(), Optional.of(new ContentSource.Volume(other)))));
    }

    @Test
    void volumesBeyondTheCapacityOptionAreResourceExhausted() throws Exception {
        Backend small = Fixture.backend(root, 3 * GIB, NODE, new FakeMounter());
        ControllerOps ops = small.controller();
        ops.createVolume(volume("a", GIB));
        ops.createVolume(volume("b", GIB));
        assertEquals(GIB, ops.availableCapacity(new CapacityRequest(Parameters.none(), Optional.empty(), Optional.empty(), Deadline.NONE)));

        assertCode(Code.RESOURCE_EXHAUSTED, () -> ops.createVolume(volume("c", 2 * GIB)));
        assertTrue(ops.findVolume(new GetVolumeRequest(Ids.volumeId("c"), Deadline.NONE)).isEmpty(), "a refused volume leaves no record");

        ops.deleteVolume(new DeleteVolumeRequest(Ids.volumeId("a"), Secrets.none(), Deadline.NONE));
        assertEquals(2 * GIB, ops.createVolume(volume("c", 2 * GIB)).capacityBytes());
        assertEquals(0, ops.availableCapacity(new CapacityRequest(Parameters.none(), Optional.empty(), Optional.empty(), Deadline.NONE)));
    }

    @Test
    void parallelCreatesNeverClaimMoreThanTheCapacity() throws Exception {
        Backend small = Fixture.backend(root, 5 * GIB, NODE, new FakeMounter());
        List<Callable<String>> creates = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String name = "pvc-" + i;
            creates.add(() -> {
                try {
                    small.controller().createVolume(volume(name, GIB));
                    return "created";
                } catch (CsiException e) {
                    return e.code().name();
                }
            });
        }

        List<String> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
            for (Future<String> outcome : pool.invokeAll(creates)) {
                outcomes.add(outcome.get());
            }
        }

        assertEquals(5, outcomes.stream().filter("created"::equals).count(), outcomes.toString());
        assertEquals(15, outcomes.stream().filter("RESOURCE_EXHAUSTED"::equals).count(), outcomes.toString());
        assertEquals(0, small.controller().availableCapacity(new CapacityRequest(Parameters.none(), Optional.empty(), Optional.empty(), Deadline.NONE)));
    }

    @Test
    void getCapacityHasNoRoomForBlockVolumes() {
        assertEquals(10 * GIB, controller.availableCapacity(new CapacityRequest(Parameters.none(),
                Optional.of(VolumeCapability.filesystem("", AccessMode.SINGLE_NODE_WRITER)), Optional.empty(), Deadline.NONE)));
        assertEquals(0, controller.availableCapacity(new CapacityRequest(Parameters.none(),
                Optional.of(VolumeCapability.block(AccessMode.SINGLE_NODE_WRITER)), Optional.empty(), Deadline.NONE)));
    }

    @Test
    void theDirectoryGetsTheRequestedMode() throws Exception {
        Volume open = controller.createVolume(volume("open", GIB));
        Volume group = controller.createVolume(volume("group", GIB, Map.of("directoryPerms", "750"), Optional.empty()));

        // The default 0777 despite the umask.
        assertEquals("rwxrwxrwx", PosixFilePermissions.toString(Files.getPosixFilePermissions(volumeDir(root, open.id()))));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(volumeDir(root, group.id()))));
    }

    @Test
    void theDirectoryGetsTheRequestedOwnerAndSetgidBit() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "changing owners needs root");

        Volume volume = controller.createVolume(
                volume("owned", GIB, Map.of("uid", "1234", "gid", "5678", "directoryPerms", "2770"), Optional.empty()));

        Path dir = volumeDir(root, volume.id());
        assertEquals(1234, Files.getAttribute(dir, "unix:uid"));
        assertEquals(5678, Files.getAttribute(dir, "unix:gid"));
        assertEquals(02770, (Integer) Files.getAttribute(dir, "unix:mode") & 07777);
    }

    @Test
    void volumesAreReachableFromThisNodeOnly() throws Exception {
        Volume volume = controller.createVolume(volume("pvc-1", GIB));
        assertEquals(List.of(Topology.of(HostPathBackend.TOPOLOGY_KEY, NODE)), volume.accessible());

        CreateVolumeRequest elsewhere = withTopology(volume("pvc-2", GIB),
                new TopologyRequirement(List.of(Topology.of(HostPathBackend.TOPOLOGY_KEY, "node-2")), List.of()));
        assertCode(Code.RESOURCE_EXHAUSTED, () -> controller.createVolume(elsewhere));

        Backend controllerOnly = Fixture.backend(root, 10 * GIB, "", new FakeMounter());
        assertEquals(List.of(), controllerOnly.controller().findVolume(new GetVolumeRequest(volume.id(), Deadline.NONE)).orElseThrow().accessible());
        assertEquals(List.of(), controllerOnly.controller().createVolume(elsewhere).accessible());
    }

    private static CreateVolumeRequest withTopology(CreateVolumeRequest request, TopologyRequirement topology) {
        return new CreateVolumeRequest(request.name(), request.capacity(), request.capabilities(), request.parameters(),
                request.mutableParameters(), request.metadata(), request.source(), topology, request.secrets(), Deadline.NONE);
    }

    // ---- snapshots, restore, clone

    @Test
    void aRestoredSnapshotHoldsTheFilesAsTheyWereWhenItWasTaken() throws Exception {
        Volume source = controller.createVolume(volume("source", 2 * GIB));
        Path sourceDir = volumeDir(root, source.id());
        Files.writeString(sourceDir.resolve("data.txt"), "before");
        Files.createDirectories(sourceDir.resolve("sub"));
        Files.writeString(sourceDir.resolve("sub/nested.txt"), "nested");

        Snapshot snapshot = controller.createSnapshot(snapshot("snap-1", source.id()));
        Files.writeString(sourceDir.resolve("data.txt"), "after");

        assertTrue(snapshot.id().matches("hps-[0-9a-f]{16}"), snapshot.id());
        assertTrue(snapshot.readyToUse());
        assertEquals(source.id(), snapshot.sourceVolumeId());
        assertEquals(2 * GIB, snapshot.sizeBytes());

        ContentSource fromSnapshot = new ContentSource.Snapshot(snapshot.id());
        Volume restored = controller.createVolume(volume("restored", 0, Map.of(), Optional.of(fromSnapshot)));
        Path restoredDir = volumeDir(root, restored.id());
        assertEquals("before", Files.readString(restoredDir.resolve("data.txt")));
        assertEquals("nested", Files.readString(restoredDir.resolve("sub/nested.txt")));
        assertEquals(2 * GIB, restored.capacityBytes(), "without a size, a restored volume is as large as its source");
        assertEquals(Optional.of(fromSnapshot), restored.source());
    }

    @Test
    void aRestoreSmallerThanTheSnapshotIsOutOfRangeAndAnUnknownSourceIsNotFound() {
        Volume source = controller.createVolume(volume("source", 2 * GIB));
        Snapshot snapshot = controller.createSnapshot(snapshot("snap-1", source.id()));

        assertCode(Code.OUT_OF_RANGE, () -> controller.createVolume(
                volume("small", GIB, Map.of(), Optional.of(new ContentSource.Snapshot(snapshot.id())))));
        assertCode(Code.NOT_FOUND, () -> controller.createVolume(
                volume("x", 0, Map.of(), Optional.of(new ContentSource.Snapshot("hps-0000000000000000")))));
        assertCode(Code.NOT_FOUND, () -> controller.createVolume(
                volume("y", 0, Map.of(), Optional.of(new ContentSource.Volume("hp-0000000000000000")))));
        assertCode(Code.NOT_FOUND, () -> controller.createSnapshot(snapshot("snap-2", "hp-0000000000000000")));
    }

    @Test
    void aCloneIsACopyOfTheSourceVolume() throws Exception {
        Volume source = controller.createVolume(volume("source", GIB));
        Files.writeString(volumeDir(root, source.id()).resolve("data.txt"), "hello");

        ContentSource fromVolume = new ContentSource.Volume(source.id());
        Volume clone = controller.createVolume(volume("clone", 3 * GIB, Map.of(), Optional.of(fromVolume)));
        Files.writeString(volumeDir(root, source.id()).resolve("data.txt"), "changed later");

        assertEquals("hello", Files.readString(volumeDir(root, clone.id()).resolve("data.txt")));
        assertEquals(3 * GIB, clone.capacityBytes());
        assertEquals(Optional.of(fromVolume), clone.source());
        assertEquals(clone, controller.createVolume(volume("clone", 3 * GIB, Map.of(), Optional.of(fromVolume))));
    }

    @Test
    void createSnapshotIsIdempotentAndTheSameNameForAnotherVolumeIsAlreadyExists() {
        String a = controller.createVolume(volume("a", GIB)).id();
        String b = controller.createVolume(volume("b", GIB)).id();

        Snapshot first = controller.createSnapshot(snapshot("snap", a));
        assertEquals(first, controller.createSnapshot(snapshot("snap", a)));
        assertCode(Code.ALREADY_EXISTS, () -> controller.createSnapshot(snapshot("snap", b)));
    }

    @Test
    void snapshotsOutliveTheirVolume() throws Exception {
        Volume source = controller.createVolume(volume("source", GIB));
        Files.writeString(volumeDir(root, source.id()).resolve("data.txt"), "kept");
        Snapshot snapshot = controller.createSnapshot(snapshot("snap", source.id()));

        controller.deleteVolume(new DeleteVolumeRequest(source.id(), Secrets.none(), Deadline.NONE));

        Volume restored = controller.createVolume(
                volume("restored", GIB, Map.of(), Optional.of(new ContentSource.Snapshot(snapshot.id()))));
        assertEquals("kept", Files.readString(volumeDir(root, restored.id()).resolve("data.txt")));
    }

    // ---- listing

    @Test
    void listVolumesPagesInIdOrder() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(controller.createVolume(volume("pvc-" + i, MIB)).id());
        }
        ids.sort(null);

        Page<Volume> first = controller.listVolumes(new ListVolumesRequest(2, "", Deadline.NONE));
        Page<Volume> second = controller.listVolumes(new ListVolumesRequest(2, first.nextToken(), Deadline.NONE));
        Page<Volume> third = controller.listVolumes(new ListVolumesRequest(2, second.nextToken(), Deadline.NONE));

        List<String> listed = new ArrayList<>();
        for (Page<Volume> page : List.of(first, second, third)) {
            page.entries().forEach(v -> listed.add(v.id()));
        }
        assertEquals(ids, listed);
        assertEquals(List.of(2, 2, 1), List.of(first.entries().size(), second.entries().size(), third.entries().size()));
        assertEquals("", third.nextToken());
        assertEquals(ids, controller.listVolumes(new ListVolumesRequest(0, "", Deadline.NONE)).entries().stream().map(Volume::id).toList());
    }

    @Test
    void aTokenWhoseVolumeWasDeletedResumesAtTheNextVolume() {
        for (int i = 0; i < 4; i++) {
            controller.createVolume(volume("pvc-" + i, MIB));
        }
        Page<Volume> first = controller.listVolumes(new ListVolumesRequest(2, "", Deadline.NONE));
        controller.deleteVolume(new DeleteVolumeRequest(first.nextToken(), Secrets.none(), Deadline.NONE));

        Page<Volume> rest = controller.listVolumes(new ListVolumesRequest(0, first.nextToken(), Deadline.NONE));

        assertEquals(1, rest.entries().size());
        assertTrue(rest.entries().getFirst().id().compareTo(first.nextToken()) > 0);
    }

    @Test
    void aTokenWeDidNotIssueIsAborted() {
        controller.createVolume(volume("pvc-1", MIB));

        assertCode(Code.ABORTED, () -> controller.listVolumes(new ListVolumesRequest(1, "not-a-token", Deadline.NONE)));
        assertCode(Code.ABORTED, () -> controller.listVolumes(new ListVolumesRequest(1, "hps-0000000000000000", Deadline.NONE)));
        assertCode(Code.ABORTED, () -> controller.listSnapshots(new ListSnapshotsRequest("", "", 1, "hp-0000000000000000", Deadline.NONE)));
    }

    @Test
    void listSnapshotsFiltersByIdAndSourceAndPages() {
        String a = controller.createVolume(volume("a", MIB)).id();
        String b = controller.createVolume(volume("b", MIB)).id();
        Snapshot a1 = controller.createSnapshot(snapshot("a1", a));
        Snapshot a2 = controller.createSnapshot(snapshot("a2", a));
        Snapshot b1 = controller.createSnapshot(snapshot("b1", b));

        assertEquals(List.of(b1), controller.listSnapshots(new ListSnapshotsRequest(b1.id(), "", 0, "", Deadline.NONE)).entries());
        assertEquals(sortedIds(a1, a2), ids(controller.listSnapshots(new ListSnapshotsRequest("", a, 0, "", Deadline.NONE))));
        assertEquals(List.of(), controller.listSnapshots(new ListSnapshotsRequest(b1.id(), a, 0, "", Deadline.NONE)).entries());
        assertEquals(List.of(), controller.listSnapshots(new ListSnapshotsRequest("hps-0000000000000000", "", 0, "", Deadline.NONE)).entries());
        assertEquals(List.of(), controller.listSnapshots(new ListSnapshotsRequest("../../etc", "", 0, "", Deadline.NONE)).entries());

        Page<Snapshot> first = controller.listSnapshots(new ListSnapshotsRequest("", "", 2, "", Deadline.NONE));
        Page<Snapshot> second = controller.listSnapshots(new ListSnapshotsRequest("", "", 2, first.nextToken(), Deadline.NONE));
        assertEquals(2, first.entries().size());
        assertEquals(1, second.entries().size());
        assertEquals("", second.nextToken());
        assertEquals(sortedIds(a1, a2, b1), List.of(first.entries().get(0).id(), first.entries().get(1).id(),
                second.entries().getFirst().id()));
    }

    private static List<String> ids(Page<Snapshot> page) {
        return page.entries().stream().map(Snapshot::id).toList();
    }

    private static List<String> sortedIds(Snapshot... snapshots) {
        return java.util.Arrays.stream(snapshots).map(Snapshot::id).sorted().toList();
    }

    // ---- delete, find, expand

    @Test
    void deleteRemovesEverythingAndIsIdempotent() throws Exception {
        Volume volume = controller.createVolume(volume("pvc-1", GIB));
        Files.writeString(volumeDir(root, volume.id()).resolve("data.txt"), "x");
        Snapshot snapshot = controller.createSnapshot(snapshot("snap", volume.id()));

        controller.deleteVolume(new DeleteVolumeRequest(volume.id(), Secrets.none(), Deadline.NONE));
        controller.deleteVolume(new DeleteVolumeRequest(volume.id(), Secrets.none(), Deadline.NONE));
        controller.deleteSnapshot(new DeleteSnapshotRequest(snapshot.id(), Secrets.none(), Deadline.NONE));
        controller.deleteSnapshot(new DeleteSnapshotRequest(snapshot.id(), Secrets.none(), Deadline.NONE));

        assertTrue(controller.findVolume(new GetVolumeRequest(volume.id(), Deadline.NONE)).isEmpty());
        assertEquals(List.of(), controller.listSnapshots(new ListSnapshotsRequest("", "", 0, "", Deadline.NONE)).entries());
        try (var left = Files.list(root.resolve("volumes"))) {
            assertEquals(List.of(), left.toList());
        }
        try (var left = Files.list(root.resolve("snapshots"))) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void idsThatAreNotOursNeverReachTheFilesystem() throws Exception {
        Path outside = Files.createDirectories(root.resolve("precious"));
        Files.writeString(outside.resolve("file"), "keep me");
        String escape = "../precious";

        controller.deleteVolume(new DeleteVolumeRequest(escape, Secrets.none(), Deadline.NONE));
        controller.deleteSnapshot(new DeleteSnapshotRequest("../precious", Secrets.none(), Deadline.NONE));
        controller.deleteVolume(new DeleteVolumeRequest("hp-0000000000000000", Secrets.none(), Deadline.NONE));

        assertTrue(Files.exists(outside.resolve("file")));
        assertTrue(controller.findVolume(new GetVolumeRequest(escape, Deadline.NONE)).isEmpty());
        assertCode(Code.NOT_FOUND, () -> controller.expandVolume(new ExpandVolumeRequest(escape, new CapacityRange(GIB, 0), Optional.empty(), Secrets.none(), Deadline.NONE)));
    }

    @Test
    void expandGrowsTheRecordedSizeWithinTheCapacityAndNeverShrinks() throws Exception {
        Backend small = Fixture.backend(root, 4 * GIB, NODE, new FakeMounter());
        ControllerOps ops = small.controller();
        String id = ops.createVolume(volume("pvc-1", GIB)).id();

        assertEquals(new ExpandResult(2 * GIB, false), ops.expandVolume(new ExpandVolumeRequest(id, new CapacityRange(2 * GIB, 0), Optional.empty(), Secrets.none(), Deadline.NONE)));
        assertEquals(new ExpandResult(2 * GIB, false), ops.expandVolume(new ExpandVolumeRequest(id, new CapacityRange(2 * GIB, 0), Optional.empty(), Secrets.none(), Deadline.NONE)));
        assertEquals(new ExpandResult(2 * GIB, false), ops.expandVolume(new ExpandVolumeRequest(id, new CapacityRange(GIB, 0), Optional.empty(), Secrets.none(), Deadline.NONE)));
        assertEquals(2 * GIB, ops.findVolume(new GetVolumeRequest(id, Deadline.NONE)).orElseThrow().capacityBytes());

        assertCode(Code.RESOURCE_EXHAUSTED, () -> ops.expandVolume(new ExpandVolumeRequest(id, new CapacityRange(5 * GIB, 0), Optional.empty(), Secrets.none(), Deadline.NONE)));
        assertEquals(4 * GIB, ops.expandVolume(new ExpandVolumeRequest(id, new CapacityRange(4 * GIB, 0), Optional.empty(), Secrets.none(), Deadline.NONE)).capacityBytes());
        assertCode(Code.NOT_FOUND, () -> ops.expandVolume(new ExpandVolumeRequest("hp-0000000000000000", new CapacityRange(GIB, 0), Optional.empty(), Secrets.none(), Deadline.NONE)));
    }

    // ---- state on disk

    @Test
    void everythingSurvivesANewBackendOnTheSameRoot() throws Exception {
        Volume volume = controller.createVolume(volume("pvc-1", 2 * GIB, Map.of("directoryPerms", "0700"), Optional.empty()));
        Snapshot snapshot = controller.createSnapshot(snapshot("snap", volume.id()));

        ControllerOps restarted = Fixture.backend(root, 10 * GIB, NODE, new FakeMounter()).controller();

        assertEquals(Optional.of(volume), restarted.findVolume(new GetVolumeRequest(volume.id(), Deadline.NONE)));
        assertEquals(List.of(volume), restarted.listVolumes(new ListVolumesRequest(0, "", Deadline.NONE)).entries());
        assertEquals(List.of(snapshot), restarted.listSnapshots(new ListSnapshotsRequest("", "", 0, "", Deadline.NONE)).entries());
        assertEquals(volume, restarted.createVolume(volume("pvc-1", 2 * GIB, Map.of("directoryPerms", "0700"), Optional.empty())));
        assertEquals(snapshot, restarted.createSnapshot(snapshot("snap", volume.id())));
        assertCode(Code.ALREADY_EXISTS, () -> restarted.createVolume(volume("pvc-1", 2 * GIB)));
        assertEquals(8 * GIB, restarted.availableCapacity(new CapacityRequest(Parameters.none(), Optional.empty(), Optional.empty(), Deadline.NONE)));
    }

    @Test
    void aRetryFinishesACreateThatWasCutShort() throws Exception {
        Volume volume = controller.createVolume(volume("pvc-1", GIB));
        Path dir = volumeDir(root, volume.id());
        // As if the driver died after writing the record, while filling the directory.
        Files.delete(dir);
        Path partial = root.resolve("volumes").resolve(volume.id() + ".partial");
        Files.createDirectories(partial.resolve("half-copied"));

        assertEquals(volume, controller.createVolume(volume("pvc-1", GIB)));

        assertTrue(Files.isDirectory(dir));
        assertFalse(Files.exists(dir.resolve("half-copied")));
        assertFalse(Files.exists(partial));
    }

    @Test
    void aDamagedRecordIsInternal() throws Exception {
        Volume volume = controller.createVolume(volume("pvc-1", GIB));
        Files.writeString(root.resolve("volumes").resolve(volume.id() + ".properties"), "name=pvc-1\n");

        assertCode(Code.INTERNAL, () -> controller.findVolume(new GetVolumeRequest(volume.id(), Deadline.NONE)));
    }
}
