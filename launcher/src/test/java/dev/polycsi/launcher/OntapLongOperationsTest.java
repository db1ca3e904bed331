package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import software.amazon.awssdk.services.fsx.model.Backup;
import software.amazon.awssdk.services.fsx.model.Volume;

/**
 * FSx for ONTAP operations that outlive one CSI call, end to end: {@code polycsi all} against a
 * separate {@code polycsi simulator} process (FSx keeps going while the controller restarts),
 * called over gRPC with deadlines shorter than the work, as csi-provisioner, csi-snapshotter and
 * csi-resizer call. What is asserted is what FSx holds afterwards, read with the SDK's own
 * FSxClient, and the simulator's call counters, never durations.
 */
class OntapLongOperationsTest extends FsxLongOperations {

    static final String FILE_SYSTEM = "fs-0fedcba9876543210";
    static final String SVM = "svm-0123456789abcdef0";

    @Override
    Map<String, String> parameters() {
        return Map.of("backend", "fsx-ontap",
                "fileSystemId", FILE_SYSTEM,
                "storageVirtualMachineId", SVM);
    }

    @Test
    void aCreationLongerThanTheDeadlineSurvivesARestartAndAForgottenTokenAndMakesOneVolume() throws Exception {
        simulator.knobs("delay.fsx.volume.created=12s", "tokens.fsx.ttl=1s");
        try (SubprocessDriver first = driver("first"); CsiClient client = new CsiClient(first.socket(), CALL_DEADLINE)) {
            StatusRuntimeException failure = expectFailure(() -> client.controller().createVolume(request("pvc-restart")));
            assertEquals(io.grpc.Status.Code.ABORTED, failure.getStatus().getCode(), failure.getStatus().toString());
            assertTrue(failure.getStatus().getDescription().contains("CREATING"), failure.getStatus().getDescription());
        }
        assertEquals(1, volumes().size(), "the first driver started one creation");

        try (SubprocessDriver second = driver("second"); CsiClient client = new CsiClient(second.socket(), CALL_DEADLINE)) {
            Csi.Volume volume = untilOk(() -> client.controller().createVolume(request("pvc-restart")).getVolume());
            List<Volume> volumes = volumes();
            assertEquals(1, volumes.size(), volumes::toString);
            assertEquals("fsx-ontap:" + volumes.getFirst().volumeId(), volume.getVolumeId());
            assertEquals("pvc_restart", volumes.getFirst().name(), "the PV name mapped to a legal ONTAP name");
            assertEquals("/pvc_restart", volume.getVolumeContextOrThrow("junctionPath"));
            assertEquals(1, simulator.counter("fsx", "CreateVolume")[0], "the second driver found the first's volume by its name");
        }
    }

    @Test
    void aFailedCreationIsReportedWithFsxsMessageLeavesNothingAndTheNextCallStartsAfresh() throws Exception {
        String message = "The aggregate does not have enough space.";
        simulator.knobs("delay.fsx.volume.created=2s", "fail.fsx.volume.create=" + message);
        try (SubprocessDriver driver = driver("driver"); CsiClient client = new CsiClient(driver.socket(), CALL_DEADLINE)) {
            StatusRuntimeException failure = expectFailure(() -> client.controller().createVolume(request("pvc-fails")));
            for (int call = 0; failure.getStatus().getCode() == io.grpc.Status.Code.ABORTED && call < MAX_CALLS; call++) {
                failure = expectFailure(() -> client.controller().createVolume(request("pvc-fails")));
            }
            assertEquals(io.grpc.Status.Code.INTERNAL, failure.getStatus().getCode(), failure.getStatus().toString());
            assertTrue(failure.getStatus().getDescription().contains(message), failure.getStatus().getDescription());
            assertTrue(untilGone(), "the FAILED volume is deleted");

            simulator.resetKnobs();
            Csi.Volume volume = untilOk(() -> client.controller().createVolume(request("pvc-fails")).getVolume());
            assertEquals(List.of(volume.getVolumeId()), volumes().stream().map(v -> "fsx-ontap:" + v.volumeId()).toList());
        }
    }

    /**
     * csi-snapshotter's calls: CreateSnapshot answers at once, not ready, and again with the same
     * snapshot, across a restart, until FSx has the backup AVAILABLE; one backup is taken.
     */
    @Test
    void aBackupLongerThanTheDeadlineIsOneSnapshotAcrossCallsAndARestart() throws Exception {
        String volumeId;
        Csi.Snapshot first;
        try (SubprocessDriver driver = driver("first"); CsiClient client = new CsiClient(driver.socket(), CALL_DEADLINE)) {
            volumeId = untilOk(() -> client.controller().createVolume(request("pvc-snap")).getVolume()).getVolumeId();
            simulator.knobs("delay.fsx.backup.available=10s");
            first = client.controller().createSnapshot(snapshot("snapshot-1", volumeId)).getSnapshot();
            assertFalse(first.getReadyToUse(), "FSx is still taking the backup");
            assertTrue(first.getSnapshotId().startsWith("fsx-ontap:backup-"), first.getSnapshotId());
        }
        try (SubprocessDriver driver = driver("second"); CsiClient client = new CsiClient(driver.socket(), CALL_DEADLINE)) {
            Csi.Snapshot ready = null;
            for (int call = 0; call < MAX_CALLS && ready == null; call++) {
                Csi.Snapshot again = client.controller().createSnapshot(snapshot("snapshot-1", volumeId)).getSnapshot();
                assertEquals(first.getSnapshotId(), again.getSnapshotId(), "the snapshotter's calls return the same backup");
                if (again.getReadyToUse()) {
                    ready = again;
                } else {
                    Thread.sleep(1000);
                }
            }
            assertTrue(ready != null, "the backup never became ready");
            assertEquals(volumeId, ready.getSourceVolumeId());
            assertEquals(1, simulator.counter("fsx", "CreateBackup")[0], "one backup, however many calls");
            List<Backup> backups = simulator.fsx().describeBackupsPaginator(b -> {}).stream().flatMap(p -> p.backups().stream()).toList();
            assertEquals(1, backups.size(), backups::toString);
            assertEquals("snapshot-1", backups.getFirst().tags().stream().filter(tag -> tag.key().equals("CSIVolumeSnapshotName"))
                    .map(tag -> tag.value()).findFirst().orElse(null));

            simulator.knobs("delay.fsx.volume.created=6s");
            Csi.Volume restored = untilOk(() -> client.controller().createVolume(request("pvc-restored").toBuilder()
                    .setVolumeContentSource(Csi.VolumeContentSource.newBuilder().setSnapshot(
                            Csi.VolumeContentSource.SnapshotSource.newBuilder().setSnapshotId(first.getSnapshotId())))
                    .build()).getVolume());
            assertEquals(first.getSnapshotId(), restored.getContentSource().getSnapshot().getSnapshotId());
            assertEquals(1, simulator.counter("fsx", "CreateVolumeFromBackup")[0], "one restore, however many calls");
        }
    }

    /** csi-resizer's calls: ABORTED while FSx resizes, then the new size, with one UpdateVolume. */
    @Test
    void anExpansionLongerThanTheDeadlineEndsAtTheSizeWithOneUpdate() throws Exception {
        try (SubprocessDriver driver = driver("driver"); CsiClient client = new CsiClient(driver.socket(), CALL_DEADLINE)) {
            Csi.Volume volume = untilOk(() -> client.controller().createVolume(request("pvc-grow")).getVolume());
            assertEquals(1L << 30, volume.getCapacityBytes());
            simulator.knobs("delay.fsx.volume.updating=8s");
            Csi.ControllerExpandVolumeRequest expand = Csi.ControllerExpandVolumeRequest.newBuilder()
                    .setVolumeId(volume.getVolumeId())
                    .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(5L << 30))
                    .build();
            Csi.ControllerExpandVolumeResponse expanded = untilOk(() -> client.controller().controllerExpandVolume(expand));
            assertEquals(5L << 30, expanded.getCapacityBytes());
            assertFalse(expanded.getNodeExpansionRequired(), "NFS clients see the new size by themselves");
            assertEquals(5L << 30, volumes().getFirst().ontapConfiguration().sizeInBytes());
            assertEquals(1, simulator.counter("fsx", "UpdateVolume")[0], "one UpdateVolume, however many calls");
        }
    }

    /** FSx answers ThrottlingException under load; the SDK's retries and the driver's waits get every volume made, once. */
    @Test
    void throttlingIsSurvivedWithOneVolumePerPv() throws Exception {
        simulator.knobs("throttle.fsx.*=2/2", "delay.fsx.volume.created=3s");
        try (SubprocessDriver driver = driver("driver"); CsiClient client = new CsiClient(driver.socket(), Duration.ofSeconds(20));
                ExecutorService provisioner = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Csi.Volume>> creations = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String name = "pvc-busy-" + i;
                creations.add(CompletableFuture.supplyAsync(() -> untilOk(() -> client.controller().createVolume(request(name)).getVolume()),
                        provisioner));
            }
            List<String> ids = creations.stream().map(CompletableFuture::join).map(Csi.Volume::getVolumeId).sorted().toList();

            simulator.resetKnobs();
            assertEquals(ids, volumes().stream().map(v -> "fsx-ontap:" + v.volumeId()).sorted().toList());
            long throttled = simulator.counter("fsx", "CreateVolume")[2] + simulator.counter("fsx", "DescribeVolumes")[2];
            assertTrue(throttled > 0, "FSx throttled nothing; the test did not test throttling");
        }
    }

    // ---- helpers

    private static Csi.CreateSnapshotRequest snapshot(String name, String volumeId) {
        return Csi.CreateSnapshotRequest.newBuilder().setName(name).setSourceVolumeId(volumeId).build();
    }

    /** The SVM's volumes, as FSx lists them. */
    private List<Volume> volumes() {
        return simulator.fsx().describeVolumesPaginator(b -> b.filters(f -> f.name("storage-virtual-machine-id").values(SVM))).stream()
                .flatMap(page -> page.volumes().stream())
                .filter(volume -> !Boolean.TRUE.equals(volume.ontapConfiguration().storageVirtualMachineRoot()))
                .toList();
    }

    /** Whether the SVM's volumes are all gone within a few seconds (FSx deletes in the background). */
    private boolean untilGone() throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            if (volumes().isEmpty()) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }
}
