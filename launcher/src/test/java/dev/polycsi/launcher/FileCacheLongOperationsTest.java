package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import software.amazon.awssdk.services.fsx.model.FileCache;
import software.amazon.awssdk.services.fsx.model.Tag;

/**
 * Amazon File Cache creations that outlive one CSI call, end to end: {@code polycsi all} against a
 * separate {@code polycsi simulator} process (FSx keeps going while the controller restarts),
 * called over gRPC with deadlines shorter than the work, as csi-provisioner calls. What is
 * asserted is what FSx holds afterwards, read with the SDK's own FSxClient, and the simulator's
 * call counters, never durations. And a driver serving FSx for Lustre beside File Cache, which
 * advertises expansion for the first, refuses it for a cache volume naming why.
 */
class FileCacheLongOperationsTest extends FsxLongOperations {

    private static final String SUBNET = "subnet-0123456789abcdef0";

    @Override
    Map<String, String> parameters() {
        return Map.of("backend", "filecache",
                "subnetId", SUBNET,
                "dataRepositoryAssociations", "FileCachePath=/ns1/,DataRepositoryPath=s3://training-data/set1/");
    }

    @Test
    void aCreationLongerThanTheDeadlineSurvivesARestartAndAForgottenTokenAndMakesOneCache() throws Exception {
        simulator.knobs("delay.fsx.cache.available=12s", "tokens.fsx.ttl=1s");
        try (SubprocessDriver first = driver("first"); CsiClient client = new CsiClient(first.socket(), CALL_DEADLINE)) {
            assertCreating(expectFailure(client, "pvc-restart"), "pvc-restart");
        }
        assertEquals(1, caches().size(), "the first driver started one creation");

        try (SubprocessDriver second = driver("second"); CsiClient client = new CsiClient(second.socket(), CALL_DEADLINE)) {
            List<StatusRuntimeException> failures = new ArrayList<>();
            Csi.Volume volume = createUntilOk(client, "pvc-restart", failures);

            assertEquals(1, simulator.counter("fsx", "CreateFileCache")[0], "the second driver found the first's cache by its tag");
            assertEquals(1, simulator.counter("fsx", "ListTagsForResource")[0],
                    "the second driver read the cache's tags once, however often it polled");
            assertTrue(!failures.isEmpty(), "12 s of creation were over after one call of 4 s");
            List<FileCache> caches = caches();
            assertEquals(1, caches.size(), caches::toString);
            assertEquals("filecache:" + caches.getFirst().fileCacheId(), volume.getVolumeId());
            assertEquals("pvc-restart", tag(caches.getFirst(), "CSIVolumeName"));
        }
    }

    @Test
    void aFailedCreationIsReportedWithFsxsMessageLeavesNothingAndTheNextCallStartsAfresh() throws Exception {
        String message = "FSx cannot reach the S3 bucket training-data in us-east-1.";
        simulator.knobs("delay.fsx.cache.available=2s", "fail.fsx.cache.create=" + message);
        try (SubprocessDriver driver = driver("driver"); CsiClient client = new CsiClient(driver.socket(), CALL_DEADLINE)) {
            StatusRuntimeException failure = expectFailure(client, "pvc-fails");
            for (int call = 0; failure.getStatus().getCode() == io.grpc.Status.Code.ABORTED && call < MAX_CALLS; call++) {
                failure = expectFailure(client, "pvc-fails");
            }
            assertEquals(io.grpc.Status.Code.INTERNAL, failure.getStatus().getCode(), failure.getStatus().toString());
            assertTrue(failure.getStatus().getDescription().contains(message), failure.getStatus().getDescription());
            assertEquals(List.of(), caches(), "the FAILED cache is deleted");
            assertEquals(1, simulator.counter("fsx", "DeleteFileCache")[0]);

            simulator.resetKnobs();
            Csi.Volume volume = createUntilOk(client, "pvc-fails", new ArrayList<>());
            assertEquals(List.of(volume.getVolumeId()), caches().stream().map(cache -> "filecache:" + cache.fileCacheId()).toList());
            assertEquals(2, simulator.counter("fsx", "CreateFileCache")[0], "the failed one and its replacement, with the next token");
        }
    }

    /** FSx answers ThrottlingException under load; the SDK's retries and the driver's waits get every volume made, once. */
    @Test
    void throttlingIsSurvivedWithOneCachePerVolume() throws Exception {
        simulator.knobs("throttle.fsx.*=2/2", "delay.fsx.cache.available=3s");
        try (SubprocessDriver driver = driver("driver"); CsiClient client = new CsiClient(driver.socket(), Duration.ofSeconds(20));
                ExecutorService provisioner = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Csi.Volume>> creations = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String name = "pvc-busy-" + i;
                creations.add(CompletableFuture.supplyAsync(() -> createUntilOk(client, name, new ArrayList<>()), provisioner));
            }
            List<String> ids = creations.stream().map(CompletableFuture::join).map(Csi.Volume::getVolumeId).sorted().toList();

            simulator.resetKnobs();
            assertEquals(ids, caches().stream().map(cache -> "filecache:" + cache.fileCacheId()).sorted().toList());
            long throttled = simulator.counter("fsx", "CreateFileCache")[2] + simulator.counter("fsx", "DescribeFileCaches")[2]
                    + simulator.counter("fsx", "ListTagsForResource")[2];
            assertTrue(throttled > 0, "FSx throttled nothing; the test did not test throttling");
        }
    }

    /**
     * With FSx for Lustre beside it the driver advertises EXPAND_VOLUME, so csi-resizer calls
     * ControllerExpandVolume for a cache volume too: it is refused as UNIMPLEMENTED (final for
     * csi-resizer, which marks the resize infeasible rather than retrying) naming the volume, the
     * backend and that a cache cannot grow, and FSx is not asked.
     */
    @Test
    void expandingACacheVolumeBesideFsxForLustreIsRefusedSayingACacheCannotGrow() throws Exception {
        try (SubprocessDriver driver = simulator.driver("driver", "fsx-lustre,filecache");
                CsiClient client = new CsiClient(driver.socket(), CALL_DEADLINE)) {
            assertTrue(client.controller().controllerGetCapabilities(Csi.ControllerGetCapabilitiesRequest.getDefaultInstance())
                    .getCapabilitiesList().stream()
                    .anyMatch(c -> c.getRpc().getType() == Csi.ControllerServiceCapability.RPC.Type.EXPAND_VOLUME),
                    "FSx for Lustre's volumes grow");
            Csi.Volume volume = createUntilOk(client, "pvc-cache", new ArrayList<>());

            StatusRuntimeException refused = null;
            try {
                client.controller().controllerExpandVolume(Csi.ControllerExpandVolumeRequest.newBuilder()
                        .setVolumeId(volume.getVolumeId())
                        .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(2400L << 30))
                        .build());
                fail("ControllerExpandVolume of a cache volume succeeded");
            } catch (StatusRuntimeException e) {
                refused = e;
            }
            assertEquals(io.grpc.Status.Code.UNIMPLEMENTED, refused.getStatus().getCode(), refused.getStatus().toString());
            String description = refused.getStatus().getDescription();
            assertTrue(description.contains(volume.getVolumeId()) && description.contains("'filecache'") && description.contains("EXPAND_VOLUME")
                    && description.contains("a cache cannot grow"), description);
            assertEquals(1200, caches().getFirst().storageCapacity());
            assertFalse(simulator.counter("fsx", "UpdateFileCache")[0] > 0, "FSx was asked to change the cache");
        }
    }

    // ---- helpers

    private List<FileCache> caches() {
        return simulator.fsx().describeFileCachesPaginator(b -> {}).stream().flatMap(page -> page.fileCaches().stream()).toList();
    }

    /** DescribeFileCaches shows no tags: ListTagsForResource does. */
    private String tag(FileCache cache, String key) {
        return simulator.fsx().listTagsForResource(r -> r.resourceARN(cache.resourceARN())).tags().stream()
                .filter(tag -> tag.key().equals(key)).map(Tag::value).findFirst().orElse(null);
    }
}
