package dev.polycsi.core.csi;

import static dev.polycsi.core.csi.InProcessDriver.description;
import static dev.polycsi.core.csi.InProcessDriver.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import csi.v1.Csi;
import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.BackendCapabilities.ControllerFeature;
import dev.polycsi.spi.BackendCapabilities.NodeFeature;
import dev.polycsi.spi.node.NodeDetails;
import dev.polycsi.spi.node.NodePublishRequest;
import dev.polycsi.spi.node.VolumeStats;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Node service over gRPC with two test backends: one that stages, one that does not. */
class NodeServiceTest {

    @TempDir
    Path dir;

    /** Stages, serves raw block volumes, has stats, expansion and a volume condition. */
    FakeBackend block;
    /** Publishes directly; no stats. */
    FakeBackend files;
    InProcessDriver driver;

    @BeforeEach
    void start() throws Exception {
        block = new FakeBackend("block", FakeBackend.capabilities(
                EnumSet.of(ControllerFeature.CREATE_DELETE_VOLUME),
                EnumSet.of(NodeFeature.STAGE_UNSTAGE_VOLUME, NodeFeature.GET_VOLUME_STATS, NodeFeature.EXPAND_VOLUME,
                        NodeFeature.VOLUME_CONDITION),
                EnumSet.of(AccessMode.SINGLE_NODE_WRITER)));
        files = new FakeBackend("files", FakeBackend.MINIMAL);
        driver = InProcessDriver.start(dir, block, files);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    static final Csi.VolumeCapability RWO = ControllerServiceTest.RWO;

    Csi.NodePublishVolumeRequest.Builder publish(String volumeId, String target) {
        return Csi.NodePublishVolumeRequest.newBuilder()
                .setVolumeId(volumeId)
                .setTargetPath(target)
                .setStagingTargetPath(dir.resolve("staging").toString())
                .setVolumeCapability(RWO);
    }

    @Test
    void nodePublishGoesToTheBackendWithItsOwnIdAndANormalisedPath() {
        driver.client.node().nodePublishVolume(publish("files:vol-1", dir + "/pods/../pods/p1/mount")
                .putPublishContext("device", "/dev/x").putVolumeContext("k", "v").setReadonly(true).build());
        NodePublishRequest request = files.publishRequests.getFirst();
        assertEquals("vol-1", request.volumeId());
        assertEquals(dir.resolve("pods/p1/mount"), request.targetPath());
        assertEquals(Optional.empty(), request.stagingPath(), "a backend that does not stage gets no staging path");
        assertTrue(request.readonly());
        assertEquals(Map.of("device", "/dev/x"), request.publishContext());
        assertEquals(Map.of("k", "v"), request.volumeContext());
        assertTrue(block.callsStartingWith("nodePublish").isEmpty());
    }

    @Test
    void nodePublishHandsTheStagingPathToABackendThatStages() {
        driver.client.node().nodePublishVolume(publish("block:vol-1", dir.resolve("target").toString()).build());
        assertEquals(Optional.of(dir.resolve("staging")), block.publishRequests.getFirst().stagingPath());
        StatusRuntimeException e = expect(Status.Code.INVALID_ARGUMENT, () -> driver.client.node().nodePublishVolume(
                publish("block:vol-1", dir.resolve("target").toString()).clearStagingTargetPath().build()));
        assertTrue(description(e).contains("staging_target_path"), description(e));
    }

    /** Found by the hostile-input campaign: a path Linux cannot have reached the file system and came back INTERNAL. */
    @Test
    void aPathLongerThanLinuxAllowsIsInvalidArgument() {
        String longName = dir.resolve("x".repeat(256)).toString();
        StatusRuntimeException name = expect(Status.Code.INVALID_ARGUMENT,
                () -> driver.client.node().nodePublishVolume(publish("files:vol-1", longName).build()));
        assertTrue(description(name).contains("target_path") && description(name).contains("255 bytes"), description(name));
        String longPath = dir + "/a".repeat(2100);
        StatusRuntimeException path = expect(Status.Code.INVALID_ARGUMENT,
                () -> driver.client.node().nodeUnpublishVolume(Csi.NodeUnpublishVolumeRequest.newBuilder()
                        .setVolumeId("files:vol-1").setTargetPath(longPath).build()));
        assertTrue(description(path).contains("4095 bytes"), description(path));
        expect(Status.Code.INVALID_ARGUMENT, () -> driver.client.node().nodeStageVolume(Csi.NodeStageVolumeRequest.newBuilder()
                .setVolumeId("block:vol-1").setStagingTargetPath(dir + "/" + "é".repeat(128)).setVolumeCapability(RWO).build()));
        assertTrue(files.publishRequests.isEmpty() && block.calls.stream().noneMatch(call -> call.startsWith("stage")), block.calls::toString);
        // 255 bytes are fine
        driver.client.node().nodePublishVolume(publish("files:vol-1", dir.resolve("x".repeat(255)).toString()).build());
    }

    @Test
    void nodePublishValidatesItsArguments() {
        StatusRuntimeException relative = expect(Status.Code.INVALID_ARGUMENT,
                () -> driver.client.node().nodePublishVolume(publish("files:vol-1", "relative/target").build()));
        assertTrue(description(relative).contains("target_path"), description(relative));
        expect(Status.Code.INVALID_ARGUMENT, () -> driver.client.node().nodePublishVolume(publish("files:vol-1", "").build()));
        StatusRuntimeException id = expect(Status.Code.INVALID_ARGUMENT,
                () -> driver.client.node().nodePublishVolume(publish("", dir.resolve("t").toString()).build()));
        assertTrue(description(id).contains("volume_id"), description(id));
        StatusRuntimeException capability = expect(Status.Code.INVALID_ARGUMENT, () -> driver.client.node().nodePublishVolume(
                publish("files:vol-1", dir.resolve("t").toString()).clearVolumeCapability().build()));
        assertTrue(description(capability).contains("volume_capability"), description(capability));
        StatusRuntimeException mode = expect(Status.Code.INVALID_ARGUMENT, () -> driver.client.node().nodePublishVolume(
                publish("files:vol-1", dir.resolve("t").toString())
                        .setVolumeCapability(RWO.toBuilder().setBlock(Csi.VolumeCapability.BlockVolume.getDefaultInstance())).build()));
        assertTrue(description(mode).contains("files"), description(mode));
        expect(Status.Code.NOT_FOUND, () -> driver.client.node().nodePublishVolume(publish("gamma:vol-1", dir.resolve("t").toString()).build()));
        assertTrue(files.publishRequests.isEmpty());
    }

    @Test
    void nodeStageIsANoOpForABackendThatDoesNotStage() {
        driver.client.node().nodeStageVolume(Csi.NodeStageVolumeRequest.newBuilder()
                .setVolumeId("files:vol-1").setStagingTargetPath(dir.resolve("staging").toString()).setVolumeCapability(RWO).build());
        driver.client.node().nodeUnstageVolume(Csi.NodeUnstageVolumeRequest.newBuilder()
                .setVolumeId("files:vol-1").setStagingTargetPath(dir.resolve("staging").toString()).build());
        assertTrue(files.callsStartingWith("stage").isEmpty() && files.callsStartingWith("unstage").isEmpty(), files.calls::toString);

        driver.client.node().nodeStageVolume(Csi.NodeStageVolumeRequest.newBuilder()
                .setVolumeId("block:vol-1").setStagingTargetPath(dir.resolve("staging").toString()).setVolumeCapability(RWO).build());
        driver.client.node().nodeUnstageVolume(Csi.NodeUnstageVolumeRequest.newBuilder()
                .setVolumeId("block:vol-1").setStagingTargetPath(dir.resolve("staging").toString()).build());
        assertEquals(List.of("stage vol-1 " + dir.resolve("staging")), block.callsStartingWith("stage"));
        assertEquals(List.of("unstage vol-1 " + dir.resolve("staging")), block.callsStartingWith("unstage"));
    }

    @Test
    void nodeUnpublishOfAnUnknownBackendUnmountsAndRemovesThePath() throws Exception {
        Path target = Files.createDirectories(dir.resolve("pods/p1/mount"));
        driver.client.node().nodeUnpublishVolume(Csi.NodeUnpublishVolumeRequest.newBuilder()
                .setVolumeId("gamma:vol-1").setTargetPath(target.toString()).build());
        assertEquals(List.of("unmount " + target), driver.mounter.calls);
        assertFalse(Files.exists(target));
        // Again, now that the path is gone: still OK.
        driver.client.node().nodeUnpublishVolume(Csi.NodeUnpublishVolumeRequest.newBuilder()
                .setVolumeId("gamma:vol-1").setTargetPath(target.toString()).build());
        driver.client.node().nodeUnstageVolume(Csi.NodeUnstageVolumeRequest.newBuilder()
                .setVolumeId("no-prefix-at-all").setStagingTargetPath(dir.resolve("nothing-here").toString()).build());
        Path staging = Files.createDirectories(dir.resolve("staging-of-unknown"));
        driver.client.node().nodeUnstageVolume(Csi.NodeUnstageVolumeRequest.newBuilder()
                .setVolumeId("gamma:vol-1").setStagingTargetPath(staging.toString()).build());
        assertTrue(Files.isDirectory(staging), "the staging path is the CO's: unmounted, not removed");
        assertTrue(block.callsStartingWith("nodeUnpublish").isEmpty() && files.callsStartingWith("nodeUnpublish").isEmpty());
    }

    @Test
    void nodeUnpublishGoesToTheBackend() {
        driver.client.node().nodeUnpublishVolume(Csi.NodeUnpublishVolumeRequest.newBuilder()
                .setVolumeId("files:vol-1").setTargetPath(dir.resolve("t").toString()).build());
        assertEquals(List.of("nodeUnpublish vol-1 " + dir.resolve("t")), files.callsStartingWith("nodeUnpublish"));
        assertTrue(driver.mounter.calls.isEmpty());
    }

    @Test
    void nodeGetVolumeStats() {
        driver.mounter.mounted.add(dir.resolve("t"));
        Csi.NodeGetVolumeStatsResponse stats = driver.client.node().nodeGetVolumeStats(Csi.NodeGetVolumeStatsRequest.newBuilder()
                .setVolumeId("block:vol-1").setVolumePath(dir.resolve("t").toString()).build());
        assertEquals(List.of(
                Csi.VolumeUsage.newBuilder().setUnit(Csi.VolumeUsage.Unit.BYTES).setTotal(100).setAvailable(60).setUsed(40).build(),
                Csi.VolumeUsage.newBuilder().setUnit(Csi.VolumeUsage.Unit.INODES).setTotal(1000).setAvailable(900).setUsed(100).build()),
                stats.getUsageList());
        assertTrue(stats.hasVolumeCondition() && !stats.getVolumeCondition().getAbnormal());

        block.stats = VolumeStats.block(4096);
        Csi.NodeGetVolumeStatsResponse raw = driver.client.node().nodeGetVolumeStats(Csi.NodeGetVolumeStatsRequest.newBuilder()
                .setVolumeId("block:vol-1").setVolumePath(dir.resolve("t").toString()).build());
        assertEquals(List.of(Csi.VolumeUsage.newBuilder().setUnit(Csi.VolumeUsage.Unit.BYTES).setTotal(4096).build()), raw.getUsageList());
    }

    @Test
    void nodeGetVolumeStatsErrors() {
        expect(Status.Code.NOT_FOUND, () -> driver.client.node().nodeGetVolumeStats(Csi.NodeGetVolumeStatsRequest.newBuilder()
                .setVolumeId("gamma:vol-1").setVolumePath(dir.toString()).build()));
        StatusRuntimeException unsupported = expect(Status.Code.UNIMPLEMENTED, () -> driver.client.node().nodeGetVolumeStats(
                Csi.NodeGetVolumeStatsRequest.newBuilder().setVolumeId("files:vol-1").setVolumePath(dir.toString()).build()));
        assertTrue(description(unsupported).contains("files"), description(unsupported));
        // CSI: NOT_FOUND where nothing is published at volume_path, which a relative path never names.
        expect(Status.Code.NOT_FOUND, () -> driver.client.node().nodeGetVolumeStats(Csi.NodeGetVolumeStatsRequest.newBuilder()
                .setVolumeId("block:vol-1").setVolumePath("relative").build()));
        expect(Status.Code.NOT_FOUND, () -> driver.client.node().nodeGetVolumeStats(Csi.NodeGetVolumeStatsRequest.newBuilder()
                .setVolumeId("block:vol-1").setVolumePath(dir.resolve("never-published").toString()).build()));
        block.hook = call -> {
            throw new IllegalStateException("statvfs exploded");
        };
        driver.mounter.mounted.add(dir);
        expect(Status.Code.INTERNAL, () -> driver.client.node().nodeGetVolumeStats(Csi.NodeGetVolumeStatsRequest.newBuilder()
                .setVolumeId("block:vol-1").setVolumePath(dir.toString()).build()));
    }

    @Test
    void nodeExpandVolumeWhereNothingIsMountedIsNotFound() throws Exception {
        Path unmounted = Files.createDirectories(dir.resolve("pods/p1/mount"));
        for (String path : List.of("relative/mount", "pods/p1/mount", dir.resolve("never-published").toString(), unmounted.toString())) {
            StatusRuntimeException e = expect(Status.Code.NOT_FOUND, () -> driver.client.node().nodeExpandVolume(expand(path).build()));
            assertTrue(description(e).contains(path), description(e));
        }
        expect(Status.Code.INVALID_ARGUMENT, () -> driver.client.node().nodeExpandVolume(expand("").build()));
        assertTrue(block.callsStartingWith("nodeExpand").isEmpty(), block.calls::toString);

        driver.mounter.mounted.add(unmounted);
        assertEquals(1 << 30, driver.client.node().nodeExpandVolume(expand(unmounted + "/").build()).getCapacityBytes());
        assertEquals(List.of("nodeExpand vol-1 " + unmounted), block.callsStartingWith("nodeExpand"));
    }

    private static Csi.NodeExpandVolumeRequest.Builder expand(String volumePath) {
        return Csi.NodeExpandVolumeRequest.newBuilder().setVolumeId("block:vol-1").setVolumePath(volumePath)
                .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(1 << 30));
    }

    // ---- the paths the core owns

    static final Csi.VolumeCapability RAW = Csi.VolumeCapability.newBuilder()
            .setBlock(Csi.VolumeCapability.BlockVolume.getDefaultInstance())
            .setAccessMode(RWO.getAccessMode())
            .build();

    private void unpublish(String volumeId, Path target) {
        driver.client.node().nodeUnpublishVolume(Csi.NodeUnpublishVolumeRequest.newBuilder()
                .setVolumeId(volumeId).setTargetPath(target.toString()).build());
    }

    @Test
    void nodePublishCreatesTheTargetDirectoryAndUnpublishRemovesItButNotItsParent() {
        Path target = dir.resolve("pods/p1/mount");
        driver.client.node().nodePublishVolume(publish("files:vol-1", target.toString()).build());
        assertTrue(Files.isDirectory(target), "the target is created as a directory before the backend mounts onto it");
        assertEquals(List.of("nodePublish vol-1 " + target), files.callsStartingWith("nodePublish"));

        unpublish("files:vol-1", target);
        assertEquals(List.of("nodeUnpublish vol-1 " + target), files.callsStartingWith("nodeUnpublish"));
        assertFalse(Files.exists(target), "the target is removed after the backend has unmounted it");
        assertTrue(Files.isDirectory(target.getParent()), "the target's parent is the CO's");
        unpublish("files:vol-1", target);
    }

    @Test
    void aRawBlockTargetIsAnEmptyFileRemovedAfterUnpublish() throws Exception {
        Path target = dir.resolve("volumeDevices/publish/pv-1/pod-1");
        driver.client.node().nodePublishVolume(publish("block:vol-1", target.toString()).setVolumeCapability(RAW).build());
        assertTrue(Files.isRegularFile(target), "a raw block volume is bound onto a file");
        assertEquals(0, Files.size(target));
        unpublish("block:vol-1", target);
        assertFalse(Files.exists(target));
    }

    @Test
    void aTargetOfTheWrongKindIsFailedPreconditionAndUntouched() throws Exception {
        Path file = Files.writeString(Files.createDirectories(dir.resolve("pods/p1")).resolve("mount"), "a file");
        StatusRuntimeException mount = expect(Status.Code.FAILED_PRECONDITION,
                () -> driver.client.node().nodePublishVolume(publish("files:vol-1", file.toString()).build()));
        assertTrue(description(mount).contains(file.toString()), description(mount));
        assertEquals("a file", Files.readString(file));

        Path directory = Files.createDirectories(dir.resolve("volumeDevices/publish/pv-1/pod-1"));
        StatusRuntimeException raw = expect(Status.Code.FAILED_PRECONDITION, () -> driver.client.node().nodePublishVolume(
                publish("block:vol-1", directory.toString()).setVolumeCapability(RAW).build()));
        assertTrue(description(raw).contains(directory.toString()), description(raw));
        assertTrue(Files.isDirectory(directory));
        assertTrue(files.publishRequests.isEmpty() && block.publishRequests.isEmpty(), "the backends were called");
    }

    @Test
    void nodeUnpublishKeepsATargetThatHoldsFilesAndSaysWhere() throws Exception {
        Path target = dir.resolve("pods/p1/mount");
        driver.client.node().nodePublishVolume(publish("files:vol-1", target.toString()).build());
        // Written while nothing was mounted there: not the volume's, and not ours to delete.
        Path stray = Files.writeString(target.resolve("stray.txt"), "keep me");
        StatusRuntimeException e = expect(Status.Code.FAILED_PRECONDITION, () -> {
            unpublish("files:vol-1", target);
            return null;
        });
        assertTrue(description(e).contains(target.toString()), description(e));
        assertEquals("keep me", Files.readString(stray));
        assertEquals(1, files.callsStartingWith("nodeUnpublish").size(), "the backend unmounted first");

        Files.delete(stray);
        unpublish("files:vol-1", target);
        assertFalse(Files.exists(target));

        Path raw = dir.resolve("volumeDevices/publish/pv-1/pod-1");
        driver.client.node().nodePublishVolume(publish("block:vol-1", raw.toString()).setVolumeCapability(RAW).build());
        Files.writeString(raw, "bytes that are not on the device");
        StatusRuntimeException rawError = expect(Status.Code.FAILED_PRECONDITION, () -> {
            unpublish("block:vol-1", raw);
            return null;
        });
        assertTrue(description(rawError).contains(raw.toString()), description(rawError));
        assertEquals("bytes that are not on the device", Files.readString(raw));
    }

    @Test
    void aTargetStillMountedAfterTheBackendUnpublishedIsInternalAndKept() throws Exception {
        Path target = dir.resolve("pods/p1/mount");
        driver.client.node().nodePublishVolume(publish("files:vol-1", target.toString()).build());
        driver.mounter.mounted.add(target); // the fake backend does not unmount
        StatusRuntimeException e = expect(Status.Code.INTERNAL, () -> {
            unpublish("files:vol-1", target);
            return null;
        });
        assertTrue(description(e).contains(target.toString()), description(e));
        assertTrue(Files.isDirectory(target), "a mounted target must never be removed");
    }

    @Test
    void nodeStageCreatesAMissingStagingDirectoryAndUnstageKeepsIt() {
        Path staging = dir.resolve("plugins/pv/pv-1/globalmount");
        driver.client.node().nodeStageVolume(Csi.NodeStageVolumeRequest.newBuilder()
                .setVolumeId("block:vol-1").setStagingTargetPath(staging.toString()).setVolumeCapability(RWO).build());
        assertTrue(Files.isDirectory(staging));
        assertEquals(List.of("stage vol-1 " + staging), block.callsStartingWith("stage"));
        driver.client.node().nodeUnstageVolume(Csi.NodeUnstageVolumeRequest.newBuilder()
                .setVolumeId("block:vol-1").setStagingTargetPath(staging.toString()).build());
        assertTrue(Files.isDirectory(staging), "the staging path is the CO's: unstage leaves it");
    }

    @Test
    void nodeGetInfoCombinesTheBackends() {
        block.nodeDetails = new NodeDetails(Map.of("topology.kubernetes.io/zone", "zone-a"), 25);
        files.nodeDetails = new NodeDetails(Map.of("topology.files/node", "n1"), 0);
        Csi.NodeGetInfoResponse info = driver.client.node().nodeGetInfo(Csi.NodeGetInfoRequest.getDefaultInstance());
        assertEquals(InProcessDriver.NODE_ID, info.getNodeId());
        assertEquals(25, info.getMaxVolumesPerNode());
        assertEquals(Map.of("topology.kubernetes.io/zone", "zone-a", "topology.files/node", "n1"),
                info.getAccessibleTopology().getSegmentsMap());
    }

    @Test
    void nodeGetCapabilitiesIsTheUnion() {
        Set<Csi.NodeServiceCapability.RPC.Type> types = driver.client.node()
                .nodeGetCapabilities(Csi.NodeGetCapabilitiesRequest.getDefaultInstance())
                .getCapabilitiesList().stream().map(c -> c.getRpc().getType()).collect(Collectors.toSet());
        assertEquals(Set.of(Csi.NodeServiceCapability.RPC.Type.STAGE_UNSTAGE_VOLUME,
                Csi.NodeServiceCapability.RPC.Type.GET_VOLUME_STATS,
                Csi.NodeServiceCapability.RPC.Type.EXPAND_VOLUME,
                Csi.NodeServiceCapability.RPC.Type.VOLUME_CONDITION), types);
    }

    @Test
    void secondPublishToTheSameTargetIsAbortedWhileTheFirstRuns() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        files.blockOn("nodePublish vol-1", entered, release);
        String target = dir.resolve("t").toString();
        CompletableFuture<Csi.NodePublishVolumeResponse> first = CompletableFuture.supplyAsync(
                () -> driver.client.node().nodePublishVolume(publish("files:vol-1", target).build()));
        try {
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            expect(Status.Code.ABORTED, () -> driver.client.node().nodePublishVolume(publish("files:vol-1", target).build()));
            expect(Status.Code.ABORTED, () -> driver.client.node().nodeUnpublishVolume(Csi.NodeUnpublishVolumeRequest.newBuilder()
                    .setVolumeId("files:vol-1").setTargetPath(target).build()));
        } finally {
            release.countDown();
        }
        first.get(10, TimeUnit.SECONDS);
        assertEquals(0, driver.inFlight.size());
    }
}
