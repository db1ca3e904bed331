package dev.polycsi.core.csi;

import static dev.polycsi.core.csi.DirectServices.call;
import static dev.polycsi.core.telemetry.CallContext.REQUEST_ID;
import static dev.polycsi.core.telemetry.CallContext.SNAPSHOT_ID;
import static dev.polycsi.core.telemetry.CallContext.SNAPSHOT_NAME;
import static dev.polycsi.core.telemetry.CallContext.VOLUME_ID;
import static dev.polycsi.core.telemetry.CallContext.VOLUME_NAME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import csi.v1.Csi;
import dev.polycsi.core.telemetry.CallContext;
import dev.polycsi.core.telemetry.DriverMetrics;
import dev.polycsi.core.telemetry.LogEvents;
import dev.polycsi.core.telemetry.LogEvents.Event;
import dev.polycsi.spi.BackendCapabilities.ControllerFeature;
import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.operation.LongOperation;
import dev.polycsi.spi.operation.Progress;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log fields of a CSI call: every line logged while serving it, by the core or a backend,
 * and by a long operation's waiter it started, carries its request id and the volume it is about,
 * so that one volume's story can be read from the logs. Nothing stays on the thread after it.
 */
class CallLogFieldsTest {

    private static final String RPC = "dev.polycsi.rpc";
    private static final String BACKEND = "dev.polycsi.test.backend";
    private static final String WAITER = "dev.polycsi.core.operation.Waiter";
    private static final Logger BACKEND_LOG = LogManager.getLogger(BACKEND);

    @TempDir
    Path dir;

    FakeBackend alpha;
    volatile BackendContext alphaContext;
    DirectServices services;
    LogEvents logs;

    @BeforeEach
    void start() throws Exception {
        ThreadContext.clearAll();
        alpha = new FakeBackend("alpha", FakeBackend.block(EnumSet.allOf(ControllerFeature.class)));
        alpha.addVolume("vol-1");
        // A backend that logs what it serves, as the real ones do.
        alpha.hook = call -> BACKEND_LOG.info("serving {}", call);
        services = new DirectServices(dir, DriverMetrics.NONE,
                List.of(DirectServices.keepingContext(alpha.factory(), context -> alphaContext = context)));
        logs = new LogEvents(RPC, BACKEND, WAITER);
    }

    @AfterEach
    void stop() {
        logs.close();
        services.close();
        ThreadContext.clearAll();
    }

    @Test
    void aBackendsLinesCarryTheRequestsVolumeIdAndTheCallsRequestId() {
        call(services.controller::controllerPublishVolume, Csi.ControllerPublishVolumeRequest.newBuilder()
                .setVolumeId("alpha:vol-1").setNodeId("node-1").setVolumeCapability(ControllerServiceTest.RWO).build()).ok();
        call(services.node::nodeStageVolume, Csi.NodeStageVolumeRequest.newBuilder()
                .setVolumeId("alpha:vol-1").setStagingTargetPath(dir.resolve("staging").toString())
                .setVolumeCapability(ControllerServiceTest.RWO).build()).ok();
        call(services.controller::deleteVolume, deletion("alpha:vol-1")).ok();

        assertServedWithFields("publish vol-1 node-1", "ControllerPublishVolume");
        assertServedWithFields("stage vol-1 " + dir.resolve("staging"), "NodeStageVolume");
        assertServedWithFields("deleteVolume vol-1", "DeleteVolume");
    }

    private void assertServedWithFields(String served, String method) {
        Event line = backendLine(served);
        assertEquals("alpha:vol-1", line.field(VOLUME_ID), line::toString);
        assertTrue(String.valueOf(line.field(REQUEST_ID)).matches("[0-9a-f]{16}"), line::toString);
        // The request id ties the backend's line to the call's own.
        assertEquals(line.field(REQUEST_ID), rpcLine(method).field(REQUEST_ID));
    }

    @Test
    void everyCallGetsARequestIdOfItsOwn() {
        Csi.NodeStageVolumeRequest stage = Csi.NodeStageVolumeRequest.newBuilder()
                .setVolumeId("alpha:vol-1").setStagingTargetPath(dir.resolve("staging").toString())
                .setVolumeCapability(ControllerServiceTest.RWO).build();
        call(services.node::nodeStageVolume, stage).ok();
        call(services.node::nodeStageVolume, stage).ok();

        List<Event> served = logs.from(BACKEND);
        assertEquals(2, served.size(), served::toString);
        assertNotEquals(served.get(0).field(REQUEST_ID), served.get(1).field(REQUEST_ID));
        List<Event> answered = logs.from(RPC);
        assertEquals(served.get(0).field(REQUEST_ID), answered.get(0).field(REQUEST_ID));
        assertEquals(served.get(1).field(REQUEST_ID), answered.get(1).field(REQUEST_ID));
    }

    @Test
    void createVolumeLinesCarryTheNameAndItsAnswerLineTheNewVolumeId() {
        Csi.Volume volume = call(services.controller::createVolume, ControllerServiceTest.create("pvc-1", "alpha").build())
                .ok().getVolume();

        Event served = backendLine("createVolume pvc-1");
        assertEquals("pvc-1", served.field(VOLUME_NAME));
        assertNull(served.field(VOLUME_ID), "the volume has no id before the backend made it");
        Event answered = rpcLine("CreateVolume");
        assertEquals(Level.DEBUG, answered.level());
        assertEquals("alpha:vol-pvc-1", volume.getVolumeId());
        assertEquals(volume.getVolumeId(), answered.field(VOLUME_ID));
        assertEquals("pvc-1", answered.field(VOLUME_NAME));
        assertEquals(served.field(REQUEST_ID), answered.field(REQUEST_ID));
    }

    @Test
    void createSnapshotLinesCarryTheSourceVolumeAndTheNameAndItsAnswerLineTheNewSnapshotId() {
        Csi.Snapshot snapshot = call(services.controller::createSnapshot, Csi.CreateSnapshotRequest.newBuilder()
                .setSourceVolumeId("alpha:vol-1").setName("snapshot-1").build()).ok().getSnapshot();

        Event served = backendLine("createSnapshot snapshot-1 vol-1");
        assertEquals("alpha:vol-1", served.field(VOLUME_ID));
        assertEquals("snapshot-1", served.field(SNAPSHOT_NAME));
        assertNull(served.field(SNAPSHOT_ID));
        Event answered = rpcLine("CreateSnapshot");
        assertEquals(snapshot.getSnapshotId(), answered.field(SNAPSHOT_ID));
        assertEquals("alpha:vol-1", answered.field(VOLUME_ID));
    }

    /** gRPC serves calls on threads that serve other calls afterwards: one call's fields must not label the next one's lines. */
    @Test
    void aCallLeavesNothingInItsThreadsLogContext() {
        call(services.controller::createVolume, ControllerServiceTest.create("pvc-1", "alpha").build()).ok();
        assertNothingLeftOnTheThread();
        call(services.controller::deleteVolume, deletion("alpha:vol-1")).ok();
        assertNothingLeftOnTheThread();
        alpha.hook = call -> {
            throw CsiException.unavailable("throttled");
        };
        assertEquals(Status.Code.UNAVAILABLE, call(services.controller::deleteVolume, deletion("alpha:vol-2")).code());
        assertNothingLeftOnTheThread();
        alpha.hook = call -> {
            throw new IllegalStateException("bug in the backend");
        };
        assertEquals(Status.Code.INTERNAL, call(services.controller::deleteVolume, deletion("alpha:vol-3")).code());
        assertNothingLeftOnTheThread();

        alpha.hook = call -> BACKEND_LOG.info("serving {}", call);
        call(services.controller::listVolumes, Csi.ListVolumesRequest.getDefaultInstance()).ok();
        Event listed = logs.from(BACKEND).getLast();
        assertTrue(listed.message().startsWith("serving listVolumes"), listed::toString);
        assertEquals(Set.of(REQUEST_ID), listed.fields().keySet(), "a call about no volume has no volume fields");
    }

    private static void assertNothingLeftOnTheThread() {
        assertTrue(ThreadContext.isEmpty(), () -> "left in the log context: " + ThreadContext.getImmutableContext());
        assertEquals(Map.of(), CallContext.capture(), "the thread still serves a call");
    }

    @Test
    void aMegabyteVolumeIdIsCutInTheLogFields() {
        String huge = "alpha:" + "v".repeat(1 << 20);

        assertEquals(Status.Code.INVALID_ARGUMENT, call(services.controller::deleteVolume, deletion(huge)).code());

        Event refused = rpcLine("DeleteVolume");
        assertEquals(Level.INFO, refused.level());
        String logged = refused.field(VOLUME_ID);
        // 256 characters of the id and the ellipsis that says it was cut.
        assertTrue(logged.length() <= 257, "a field of " + logged.length() + " characters");
        assertTrue(logged.startsWith("alpha:vvvv") && logged.endsWith("…"), logged);
    }

    @Test
    void aLongOperationsWaiterLogsWithTheFieldsOfTheCallThatStartedIt() {
        AtomicInteger checks = new AtomicInteger();
        LongOperation<String> removal = new LongOperation<>() {
            @Override
            public String description() {
                return "removal of vol-1";
            }

            @Override
            public Progress<String> check() {
                int check = checks.getAndIncrement();
                BACKEND_LOG.info("checking the removal ({})", check);
                return check == 0 ? Progress.absent() : check == 1 ? Progress.pending("deleting") : Progress.done("gone");
            }

            @Override
            public void start() {
                BACKEND_LOG.info("removing");
            }

            @Override
            public Duration firstPollInterval() {
                return Duration.ofMillis(10);
            }

            @Override
            public Duration maxPollInterval() {
                return Duration.ofMillis(20);
            }
        };
        alpha.hook = call -> {
            if (call.startsWith("deleteVolume")) {
                alphaContext.operations().await("delete:vol-1", removal, Deadline.NONE);
            }
        };

        call(services.controller::deleteVolume, deletion("alpha:vol-1")).ok();

        String requestId = rpcLine("DeleteVolume").field(REQUEST_ID);
        List<Event> waiterLines = logs.all().stream().filter(line -> line.thread().startsWith("wait-")).toList();
        assertTrue(waiterLines.stream().anyMatch(line -> line.logger().equals(BACKEND)), waiterLines::toString);
        assertTrue(waiterLines.stream().anyMatch(line -> line.logger().equals(WAITER)), waiterLines::toString);
        for (Event line : waiterLines) {
            assertEquals(requestId, line.field(REQUEST_ID), line::toString);
            assertEquals("alpha:vol-1", line.field(VOLUME_ID), line::toString);
        }
        assertEquals(checks.get(), waiterLines.stream().filter(line -> line.message().startsWith("checking")).count(),
                "every check ran on the waiter's thread");
    }

    private static Csi.DeleteVolumeRequest deletion(String volumeId) {
        return Csi.DeleteVolumeRequest.newBuilder().setVolumeId(volumeId).build();
    }

    /** The backend's line that says it serves {@code call}. */
    private Event backendLine(String call) {
        List<Event> lines = logs.from(BACKEND).stream().filter(line -> line.message().equals("serving " + call)).toList();
        assertEquals(1, lines.size(), () -> "lines for " + call + " in " + logs.all());
        return lines.getFirst();
    }

    /** The core's one line about a call of {@code method}. */
    private Event rpcLine(String method) {
        List<Event> lines = logs.from(RPC).stream().filter(line -> line.message().startsWith(method + " -> ")).toList();
        assertEquals(1, lines.size(), () -> "lines for " + method + " in " + logs.from(RPC));
        return lines.getFirst();
    }
}
