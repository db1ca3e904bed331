package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import csi.v1.Csi;
import dev.polycsi.core.conformance.CsiClient;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.fsx.model.AdministrativeActionType;
import software.amazon.awssdk.services.fsx.model.FileSystem;
import software.amazon.awssdk.services.fsx.model.FileSystemType;
import software.amazon.awssdk.services.fsx.model.Status;

/**
 * FSx for Lustre operations that outlive one CSI call, end to end: {@code polycsi all} against
 * a separate {@code polycsi simulator} process (FSx keeps going while the controller restarts),
 * called over gRPC with deadlines shorter than the work, as csi-provisioner and csi-resizer call.
 * What is asserted is what FSx holds afterwards, read with the SDK's own FSxClient, and the
 * simulator's call counters, never durations.
 */
class LustreLongOperationsTest extends FsxLongOperations {

    private static final String SUBNET = "subnet-0123456789abcdef0";

    @Override
    Map<String, String> parameters() {
        return Map.of("backend", "fsx-lustre",
                "subnetId", SUBNET,
                "deploymentType", "PERSISTENT_2",
                "perUnitStorageThroughput", "125");
    }

    @Test
    void aCreationLongerThanTheDeadlineSurvivesARestartAndAForgottenTokenAndMakesOneFileSystem() throws Exception {
        simulator.knobs("delay.fsx.filesystem.available=12s", "tokens.fsx.ttl=1s");
        try (SubprocessDriver first = driver("first"); CsiClient client = new CsiClient(first.socket(), CALL_DEADLINE)) {
            assertCreating(expectFailure(client, "pvc-restart"), "pvc-restart");
        }
        assertEquals(1, fileSystems().size(), "the first driver started one creation");

        try (SubprocessDriver second = driver("second"); CsiClient client = new CsiClient(second.socket(), CALL_DEADLINE)) {
            Csi.Volume volume = createUntilOk(client, "pvc-restart", new ArrayList<>());

            List<FileSystem> fileSystems = fileSystems();
            assertEquals(1, fileSystems.size(), fileSystems::toString);
            assertEquals("fsx-lustre:" + fileSystems.getFirst().fileSystemId(), volume.getVolumeId());
            assertEquals("pvc-restart", tag(fileSystems.getFirst(), "CSIVolumeName"));
            assertEquals(1, simulator.counter("fsx", "CreateFileSystem")[0], "the second driver found the first's file system by its tag");
        }
    }

    @Test
    void aFailedCreationIsReportedWithFsxsMessageLeavesNothingAndTheNextCallStartsAfresh() throws Exception {
        String message = "There is not enough capacity in the subnet's Availability Zone.";
        simulator.knobs("delay.fsx.filesystem.available=2s", "fail.fsx.filesystem.create=" + message);
        try (SubprocessDriver driver = driver("driver"); CsiClient client = new CsiClient(driver.socket(), CALL_DEADLINE)) {
            StatusRuntimeException failure = expectFailure(client, "pvc-fails");
            for (int call = 0; failure.getStatus().getCode() == io.grpc.Status.Code.ABORTED && call < MAX_CALLS; call++) {
                failure = expectFailure(client, "pvc-fails");
            }
            assertEquals(io.grpc.Status.Code.INTERNAL, failure.getStatus().getCode(), failure.getStatus().toString());
            assertTrue(failure.getStatus().getDescription().contains(message), failure.getStatus().getDescription());
            assertEquals(List.of(), fileSystems(), "the FAILED file system is deleted");

            simulator.resetKnobs();
            Csi.Volume volume = createUntilOk(client, "pvc-fails", new ArrayList<>());
            assertEquals(List.of(volume.getVolumeId()), fileSystems().stream().map(fs -> "fsx-lustre:" + fs.fileSystemId()).toList());
        }
    }

    /** csi-resizer's calls: ABORTED while FSx adds servers, then the rounded size once it rebalances (UPDATED_OPTIMIZING). */
    @Test
    void anExpansionLongerThanTheDeadlineEndsAtTheRoundedSizeWithOneUpdate() throws Exception {
        try (SubprocessDriver driver = driver("driver"); CsiClient client = new CsiClient(driver.socket(), CALL_DEADLINE)) {
            Csi.Volume volume = createUntilOk(client, "pvc-grow", new ArrayList<>());
            assertEquals(1200L << 30, volume.getCapacityBytes());
            simulator.knobs("delay.fsx.filesystem.pending=2s", "delay.fsx.filesystem.updating=6s", "delay.fsx.filesystem.optimizing=1h");

            Csi.ControllerExpandVolumeRequest expand = Csi.ControllerExpandVolumeRequest.newBuilder()
                    .setVolumeId(volume.getVolumeId())
                    .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(1300L << 30))
                    .build();
            int aborted = 0;
            Csi.ControllerExpandVolumeResponse expanded = null;
            for (int call = 0; expanded == null && call < MAX_CALLS; call++) {
                try {
                    expanded = client.controller().controllerExpandVolume(expand);
                } catch (StatusRuntimeException e) {
                    assertEquals(io.grpc.Status.Code.ABORTED, e.getStatus().getCode(), e.getStatus().toString());
                    aborted++;
                }
            }
            assertTrue(expanded != null, "ControllerExpandVolume did not succeed in " + MAX_CALLS + " calls");
            assertEquals(2400L << 30, expanded.getCapacityBytes(), "PERSISTENT_2 grows in steps of 2400 GiB");
            assertTrue(aborted >= 1, "8 s of update were over after one call of 4 s");
            FileSystem fileSystem = fileSystems().getFirst();
            assertEquals(2400, fileSystem.storageCapacity());
            assertTrue(fileSystem.administrativeActions().stream().anyMatch(action ->
                    action.administrativeActionType() == AdministrativeActionType.STORAGE_OPTIMIZATION
                            && action.status() == Status.IN_PROGRESS), fileSystem.administrativeActions()::toString);
            assertEquals(1, simulator.counter("fsx", "UpdateFileSystem")[0], "one UpdateFileSystem, however many calls");
        }
    }

    /** FSx answers ThrottlingException under load; the SDK's retries and the driver's waits get every volume made, once. */
    @Test
    void throttlingIsSurvivedWithOneFileSystemPerVolume() throws Exception {
        simulator.knobs("throttle.fsx.*=2/2", "delay.fsx.filesystem.available=3s");
        try (SubprocessDriver driver = driver("driver"); CsiClient client = new CsiClient(driver.socket(), Duration.ofSeconds(20));
                ExecutorService provisioner = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Csi.Volume>> creations = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String name = "pvc-busy-" + i;
                creations.add(CompletableFuture.supplyAsync(() -> createUntilOk(client, name, new ArrayList<>()), provisioner));
            }
            List<String> ids = creations.stream().map(CompletableFuture::join).map(Csi.Volume::getVolumeId).sorted().toList();

            simulator.resetKnobs();
            assertEquals(ids, fileSystems().stream().map(fs -> "fsx-lustre:" + fs.fileSystemId()).sorted().toList());
            long throttled = simulator.counter("fsx", "CreateFileSystem")[2] + simulator.counter("fsx", "DescribeFileSystems")[2];
            assertTrue(throttled > 0, "FSx throttled nothing; the test did not test throttling");
        }
    }

    // ---- helpers

    private List<FileSystem> fileSystems() {
        // the simulator's seeded FSx for ONTAP file system is no volume's
        return simulator.fsx().describeFileSystemsPaginator(b -> {}).stream().flatMap(page -> page.fileSystems().stream())
                .filter(fs -> fs.fileSystemType() == FileSystemType.LUSTRE).toList();
    }

    private static String tag(FileSystem fileSystem, String key) {
        return fileSystem.tags().stream().filter(tag -> tag.key().equals(key)).map(tag -> tag.value()).findFirst().orElse(null);
    }
}
