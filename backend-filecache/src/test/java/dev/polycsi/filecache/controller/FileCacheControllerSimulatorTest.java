package dev.polycsi.filecache.controller;

import static dev.polycsi.filecache.controller.Requests.GIB;
import static dev.polycsi.filecache.controller.Requests.create;
import static dev.polycsi.filecache.controller.Requests.delete;
import static dev.polycsi.filecache.controller.Requests.fails;
import static dev.polycsi.filecache.controller.Requests.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.polycsi.core.conformance.StepOperations;
import dev.polycsi.filecache.cloud.Cache;
import dev.polycsi.filecache.cloud.CacheLifecycle;
import dev.polycsi.filecache.cloud.FileCacheCloud;
import dev.polycsi.filecache.cloud.SimulatedFileCache;
import dev.polycsi.spi.CsiException.Code;
import dev.polycsi.spi.controller.Volume;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller on the simulated FSx through the real SDK client, with File Cache's minutes,
 * lagging listings, forgotten tokens and failures set by the simulator's knobs and its clock moved
 * on.
 */
class FileCacheControllerSimulatorTest {

    @TempDir
    Path dir;
    SimulatedFileCache fsx;
    FileCacheCloud cloud;

    @BeforeEach
    void start() {
        fsx = new SimulatedFileCache(dir);
        cloud = fsx.cloud();
        fsx.knobs().set("delay.fsx.cache.available", "12m");
        fsx.knobs().set("delay.fsx.cache.deleting", "3m");
    }

    @AfterEach
    void stop() {
        fsx.close();
    }

    /** A controller as after a restart: its own client, nothing in memory. */
    private FileCacheController controller() {
        return new FileCacheController(fsx.cloud(), new StepOperations(), fsx.clock);
    }

    @Test
    void oneCachePerNameThroughLaggingListingsRestartsAndForgottenTokens() {
        fsx.knobs().set("consistency", "30s");
        fsx.knobs().set("tokens.fsx.ttl", "5m");
        var request = create("pvc-1", 1200);

        fails(Code.ABORTED, () -> controller().createVolume(request));
        // restarted at once: FSx does not list the new cache yet, and answers the token with it
        fails(Code.ABORTED, () -> controller().createVolume(request));
        fsx.clock.advance(Duration.ofMinutes(6));
        // restarted after FSx forgot the token: found by its tag
        FileCacheController restarted = controller();
        fails(Code.ABORTED, () -> restarted.createVolume(request), "CREATING");
        fsx.clock.advance(Duration.ofMinutes(6));

        Volume volume = restarted.createVolume(request);

        assertEquals(1, cloud.findByVolumeName("pvc-1").size());
        assertEquals(2, fsx.calls("CreateFileCache"), "the second, after the restart, answered with the first's cache");
        Cache cache = cloud.describe(volume.id()).orElseThrow();
        assertEquals(Map.of("dnsname", cache.dnsName(), "mountname", cache.mountName()), volume.context());
        assertEquals(1200 * GIB, volume.capacityBytes());
    }

    @Test
    void aFailedCreationIsReportedWithFsxsMessageDeletedAndReplaced() {
        fsx.knobs().set("fail.fsx.cache.create", "FSx cannot reach the S3 bucket training-data.");
        FileCacheController controller = controller();
        var request = create("pvc-1", 1200);
        fails(Code.ABORTED, () -> controller.createVolume(request));
        String failed = cloud.findByVolumeName("pvc-1").getFirst().id();
        fsx.clock.advance(Duration.ofMinutes(12));

        fails(Code.INTERNAL, () -> controller.createVolume(request), failed, "FSx cannot reach the S3 bucket training-data.");
        assertEquals(CacheLifecycle.DELETING, cloud.describe(failed).orElseThrow().lifecycle());

        fsx.knobs().reset();
        fsx.knobs().set("delay.fsx.cache.available", "12m");
        fails(Code.ABORTED, () -> controller.createVolume(request), "DELETING");
        fsx.clock.advance(Duration.ofMinutes(3));
        fails(Code.ABORTED, () -> controller.createVolume(request), "CREATING");
        fsx.clock.advance(Duration.ofMinutes(12));

        Volume volume = controller.createVolume(request);
        assertNotEquals(failed, volume.id());
        assertEquals(Optional.empty(), cloud.describe(failed));
        assertEquals(2, fsx.calls("CreateFileCache"));
    }

    @Test
    void theSameNameWithAnotherRepositoryIsAlreadyExistsAsFsxDescribesIt() {
        FileCacheController controller = controller();
        fails(Code.ABORTED, () -> controller.createVolume(create("pvc-1", 1200)));
        fsx.clock.advance(Duration.ofMinutes(12));
        String id = controller.createVolume(create("pvc-1", 1200, "dataRepositoryAssociations",
                "FileCachePath=/ns1,DataRepositoryPath=s3://training-data/set1")).id();

        fails(Code.ALREADY_EXISTS, () -> controller().createVolume(create("pvc-1", 1200, "dataRepositoryAssociations",
                "FileCachePath=/ns1/,DataRepositoryPath=s3://training-data/set2/")), id, "s3://training-data/set1/");
        assertEquals(1, fsx.calls("CreateFileCache"));
    }

    @Test
    void deletesOnceAndThenAnswersDeleted() {
        FileCacheController controller = controller();
        fails(Code.ABORTED, () -> controller.createVolume(create("pvc-1", 1200)));
        fsx.clock.advance(Duration.ofMinutes(12));
        String id = controller.createVolume(create("pvc-1", 1200)).id();

        controller.deleteVolume(delete(id));
        controller.deleteVolume(delete(id));
        fsx.clock.advance(Duration.ofMinutes(3));
        controller.deleteVolume(delete(id));

        assertEquals(1, fsx.calls("DeleteFileCache"));
        assertEquals(Optional.empty(), controller.findVolume(get(id)));
    }
}
