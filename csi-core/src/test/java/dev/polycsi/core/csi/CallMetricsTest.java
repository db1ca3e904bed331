package dev.polycsi.core.csi;

import static dev.polycsi.core.csi.DirectServices.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import csi.v1.Csi;
import dev.polycsi.core.telemetry.LogEvents;
import dev.polycsi.core.telemetry.RecordingMetrics;
import dev.polycsi.core.telemetry.RecordingMetrics.Rpc;
import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.BackendCapabilities.ControllerFeature;
import dev.polycsi.spi.BackendCapabilities.NodeFeature;
import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.CsiException;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the services report to the metrics: each call once, under the backend it went to and its
 * gRPC code; the volumes published on the node, by backend; and each backend's own mounter and
 * gauges under its name.
 */
class CallMetricsTest {

    @TempDir
    Path dir;

    /** Stages, has stats: a block backend. */
    FakeBackend block;
    /** Publishes directly; no stats. */
    FakeBackend files;
    volatile BackendContext filesContext;
    RecordingMetrics metrics = new RecordingMetrics();
    DirectServices services;

    @BeforeEach
    void start() throws Exception {
        block = new FakeBackend("block", FakeBackend.capabilities(
                EnumSet.of(ControllerFeature.CREATE_DELETE_VOLUME),
                EnumSet.of(NodeFeature.STAGE_UNSTAGE_VOLUME, NodeFeature.GET_VOLUME_STATS),
                EnumSet.of(AccessMode.SINGLE_NODE_WRITER)));
        files = new FakeBackend("files", FakeBackend.MINIMAL);
        services = startServices();
    }

    private DirectServices startServices() throws Exception {
        return new DirectServices(dir, metrics, List.of(block.factory(),
                DirectServices.keepingContext(files.factory(), context -> filesContext = context)));
    }

    @AfterEach
    void stop() {
        services.close();
    }

    // ---- calls

    @Test
    void eachCallIsMeasuredOnceUnderTheBackendItWentToWithItsCode() {
        call(services.controller::createVolume, ControllerServiceTest.create("pvc-1", "files").build()).ok();
        call(services.controller::deleteVolume, deletion("block:vol-9")).ok();
        call(services.controller::validateVolumeCapabilities, Csi.ValidateVolumeCapabilitiesRequest.newBuilder()
                .setVolumeId("files:vol-missing").addVolumeCapabilities(ControllerServiceTest.RWO).build());
        call(services.node::nodePublishVolume, publish("files:vol-1", dir.resolve("t1"))
                .setVolumeCapability(ControllerServiceTest.RWO.toBuilder().setBlock(Csi.VolumeCapability.BlockVolume.getDefaultInstance()))
                .build());

        assertEquals(List.of(
                new Rpc("CreateVolume", "files", "OK"),
                new Rpc("DeleteVolume", "block", "OK"),
                new Rpc("ValidateVolumeCapabilities", "files", "NOT_FOUND"),
                new Rpc("NodePublishVolume", "files", "INVALID_ARGUMENT")), metrics.rpcs);
        assertEquals(List.of("CreateVolume", "DeleteVolume", "ValidateVolumeCapabilities", "NodePublishVolume"), metrics.started);
    }

    @Test
    void aBackendsFailureIsMeasuredWithItsCodeAndABugAsInternal() {
        files.hook = call -> {
            throw CsiException.unavailable("throttled");
        };
        call(services.controller::deleteVolume, deletion("files:vol-1"));
        files.hook = call -> {
            throw new IllegalStateException("bug in the backend");
        };
        try (LogEvents quiet = new LogEvents("dev.polycsi.rpc")) { // its ERROR line and trace stay out of the build's output
            call(services.controller::deleteVolume, deletion("files:vol-1"));
        }

        assertEquals(List.of(new Rpc("DeleteVolume", "files", "UNAVAILABLE"), new Rpc("DeleteVolume", "files", "INTERNAL")),
                metrics.rpcs);
    }

    @Test
    void probeAndCallsRefusedBeforeRoutingAreMeasuredWithoutABackend() {
        call(services.controller::deleteVolume, deletion("block:vol-9")).ok();
        call(services.identity::probe, Csi.ProbeRequest.getDefaultInstance()).ok();
        call(services.controller::deleteVolume, deletion(""));
        call(services.controller::createVolume, ControllerServiceTest.create("pvc-1", "nosuch").build());
        call(services.node::nodePublishVolume, publish("gamma:vol-1", dir.resolve("t1")).build());

        assertEquals(List.of(
                new Rpc("DeleteVolume", "block", "OK"),
                // On the thread that served the call to block, and not counted as block's.
                new Rpc("Probe", "none", "OK"),
                new Rpc("DeleteVolume", "none", "INVALID_ARGUMENT"),
                new Rpc("CreateVolume", "none", "INVALID_ARGUMENT"),
                new Rpc("NodePublishVolume", "none", "NOT_FOUND")), metrics.rpcs);
    }

    // ---- published volumes

    @Test
    void aPublishedTargetIsCountedOnceUnderItsBackendUntilItIsUnpublished() {
        assertEquals(Map.of(), metrics.publishedVolumes());
        Path first = dir.resolve("pods/p1/mount");
        call(services.node::nodePublishVolume, publish("files:vol-1", first).build()).ok();
        assertEquals(Map.of("files", 1), metrics.publishedVolumes());
        call(services.node::nodePublishVolume, publish("files:vol-1", first).build()).ok();
        assertEquals(Map.of("files", 1), metrics.publishedVolumes(), "a repeated publish is the same volume");
        call(services.node::nodePublishVolume, publish("files:vol-2", dir.resolve("pods/p2/mount")).build()).ok();
        call(services.node::nodePublishVolume, publish("block:vol-3", dir.resolve("pods/p3/mount")).build()).ok();
        assertEquals(Map.of("files", 2, "block", 1), metrics.publishedVolumes());

        // kubelet's path, written another way
        call(services.node::nodeUnpublishVolume, Csi.NodeUnpublishVolumeRequest.newBuilder()
                .setVolumeId("files:vol-1").setTargetPath(dir + "/pods/x/../p1/mount").build()).ok();
        assertEquals(Map.of("files", 1, "block", 1), metrics.publishedVolumes());
    }

    @Test
    void aPublishTheBackendRefusesIsNotCounted() {
        files.hook = call -> {
            throw CsiException.failedPrecondition("the device is not attached");
        };
        call(services.node::nodePublishVolume, publish("files:vol-1", dir.resolve("pods/p1/mount")).build());

        assertEquals(Map.of(), metrics.publishedVolumes());
    }

    @Test
    void afterARestartTheVolumeStatsCallsRelearnThePublishedTargets() throws Exception {
        Path target = dir.resolve("pods/p3/mount");
        call(services.node::nodePublishVolume, publish("block:vol-3", target).build()).ok();
        services.close();
        services = startServices();
        assertEquals(Map.of(), metrics.publishedVolumes(), "a new driver knows no targets yet");

        services.mounter.mounted.add(target);
        call(services.node::nodeGetVolumeStats, Csi.NodeGetVolumeStatsRequest.newBuilder()
                .setVolumeId("block:vol-3").setVolumePath(target.toString()).build()).ok();
        call(services.node::nodeGetVolumeStats, Csi.NodeGetVolumeStatsRequest.newBuilder()
                .setVolumeId("block:vol-4").setVolumePath(dir.resolve("pods/p4/mount").toString()).build());
        assertEquals(Map.of("block", 1), metrics.publishedVolumes(), "only the target that is mounted");

        block.hook = call -> services.mounter.mounted.remove(target); // as the backend's unmount would
        call(services.node::nodeUnpublishVolume, Csi.NodeUnpublishVolumeRequest.newBuilder()
                .setVolumeId("block:vol-3").setTargetPath(target.toString()).build()).ok();
        assertEquals(Map.of(), metrics.publishedVolumes());
    }

    // ---- what a backend gets

    @Test
    void aBackendsMounterAndGaugesAreItsOwnMeasuredUnderItsName() {
        assertSame(metrics.mounters.get("files"), filesContext.mounter());

        filesContext.mounter().mount("fs-1:/", dir.resolve("mnt"), "nfs4", List.of());
        filesContext.metrics().gauge("slots", "test gauge", () -> 7);

        assertEquals(List.of("files mount ok"), metrics.mounts);
        assertEquals(List.of("mount fs-1:/ " + dir.resolve("mnt")), services.mounter.calls, "the node's mounter did it");
        assertEquals(7, metrics.gauges.get("files/slots").getAsDouble());
    }

    private Csi.NodePublishVolumeRequest.Builder publish(String volumeId, Path target) {
        return Csi.NodePublishVolumeRequest.newBuilder()
                .setVolumeId(volumeId)
                .setTargetPath(target.toString())
                .setStagingTargetPath(dir.resolve("staging").toString())
                .setVolumeCapability(ControllerServiceTest.RWO);
    }

    private static Csi.DeleteVolumeRequest deletion(String volumeId) {
        return Csi.DeleteVolumeRequest.newBuilder().setVolumeId(volumeId).build();
    }
}
