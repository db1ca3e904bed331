package dev.polycsi.fsx.lustre.cloud;

import static dev.polycsi.fsx.lustre.cloud.SimulatedFsx.SUBNET;
import static dev.polycsi.fsx.lustre.cloud.SimulatedFsx.request;
import static dev.polycsi.fsx.lustre.cloud.SimulatedFsx.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.fsx.lustre.params.LustreChange;
import dev.polycsi.fsx.lustre.params.LustreSettings;
import dev.polycsi.fsx.lustre.params.MetadataConfiguration;
import dev.polycsi.fsx.lustre.params.MetadataMode;
import dev.polycsi.fsx.support.FsxCloudException;
import dev.polycsi.fsx.support.FsxErrors;
import dev.polycsi.spi.CsiException.Code;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SdkLustreCloud} against the simulated FSx, through the real SDK client: what it sends, reads back and fails with. */
class SdkLustreCloudTest {

    static final LustreSettings PERSISTENT_2 = settings("deploymentType", "PERSISTENT_2", "perUnitStorageThroughput", "125");

    @TempDir
    Path dir;
    SimulatedFsx fsx;
    SdkLustreCloud cloud;

    @BeforeEach
    void start() {
        fsx = new SimulatedFsx(dir);
        cloud = fsx.cloud();
    }

    @AfterEach
    void stop() {
        fsx.close();
    }

    private static FsxCloudException failure(Code code, Runnable call) {
        FsxCloudException e = assertThrows(FsxCloudException.class, call::run);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    @Test
    void createsTheFileSystemTheSettingsDescribeAndReadsItBack() {
        fsx.knobs().set("delay.fsx.filesystem.available", "10m");
        LustreSettings settings = settings("securityGroupIds", SimulatedFsx.SECURITY_GROUP, "deploymentType", "PERSISTENT_2",
                "perUnitStorageThroughput", "250", "fileSystemTypeVersion", "2.15", "metadataConfigurationMode", "USER_PROVISIONED",
                "metadataIops", "3000", "dataCompressionType", "LZ4", "automaticBackupRetentionDays", "7",
                "dailyAutomaticBackupStartTime", "02:00", "weeklyMaintenanceStartTime", "1:03:00", "extraTags", "team=ml");

        LustreFileSystem created = cloud.create(request("pvc-1", "token-1", 2400, settings));

        assertTrue(created.id().matches("fs-[0-9a-f]{17}"), created.id());
        assertEquals(Lifecycle.CREATING, created.lifecycle());
        assertEquals(2400, created.storageCapacityGiB());
        assertEquals("PERSISTENT_2", created.deploymentType());
        assertEquals("SSD", created.storageType());
        assertEquals(Optional.of(250), created.perUnitStorageThroughput());
        assertEquals(Optional.of(MetadataMode.USER_PROVISIONED), created.metadataMode());
        assertEquals(Optional.of(3000), created.metadataIops());
        assertEquals(List.of(SUBNET), created.subnetIds());
        assertEquals(created.id() + ".fsx.us-east-1.amazonaws.com", created.dnsName());
        assertTrue(created.mountName().matches("[a-z0-9]{8}"), created.mountName());
        assertEquals(Optional.of("2.15"), created.fileSystemTypeVersion());
        assertEquals(Map.of("team", "ml", "CSIVolumeName", "pvc-1"), created.tags());
        assertEquals(Optional.of("pvc-1"), created.volumeName());
        assertEquals(fsx.clock.instant(), created.creationTime());

        fsx.clock.advance(Duration.ofMinutes(10));
        LustreFileSystem described = cloud.describe(created.id()).orElseThrow();
        assertEquals(Lifecycle.AVAILABLE, described.lifecycle());
        assertEquals(created.dnsName(), described.dnsName());
        assertEquals(created.mountName(), described.mountName());
        assertEquals(Optional.of(3000), described.metadataIops());
    }

    @Test
    void fsxDefaultsAreLeftToFsx() {
        LustreFileSystem created = cloud.create(request("pvc-1", "token-1", 1200, settings()));

        assertEquals("SCRATCH_1", created.deploymentType(), "no deploymentType sent: FSx's default");
        assertEquals("fsx", created.mountName(), "as every SCRATCH_1 file system");
        assertEquals(Optional.empty(), created.perUnitStorageThroughput());
    }

    @Test
    void theSameTokenAndRequestIsTheSameFileSystemAndOtherParametersAreATokenConflict() {
        String id = cloud.create(request("pvc-1", "token-1", 1200, PERSISTENT_2)).id();

        assertEquals(id, cloud.create(request("pvc-1", "token-1", 1200, PERSISTENT_2)).id());
        FsxCloudException conflict = failure(Code.ALREADY_EXISTS, () -> cloud.create(request("pvc-1", "token-1", 2400, PERSISTENT_2)));
        assertTrue(conflict.isTokenConflict());
        assertEquals(FsxErrors.INCOMPATIBLE_PARAMETER, conflict.awsErrorCode());
        assertEquals(1, cloud.findByVolumeName("pvc-1").size());
    }

    @Test
    void findsTheFileSystemsOfAVolumeNameOnEveryPage() {
        SdkLustreCloud paging = fsx.cloud(Duration.ZERO, 2);
        String first = paging.create(request("pvc-a", "a", 1200, PERSISTENT_2)).id();
        paging.create(request("pvc-b", "b", 1200, PERSISTENT_2));
        paging.create(request("pvc-c", "c", 1200, PERSISTENT_2));
        paging.create(request("pvc-d", "d", 1200, PERSISTENT_2));
        String last = paging.create(request("pvc-a", "a-again", 1200, PERSISTENT_2)).id();
        long before = fsx.calls("DescribeFileSystems");

        assertEquals(Set.of(first, last), paging.findByVolumeName("pvc-a").stream().map(LustreFileSystem::id).collect(Collectors.toSet()));
        assertEquals(3, fsx.calls("DescribeFileSystems") - before, "five file systems, two to a page");
        assertEquals(List.of(), paging.findByVolumeName("pvc-z"));
    }

    @Test
    void aListingFsxFailsIsAFailureNotAnEmptyAnswer() {
        cloud.create(request("pvc-1", "token-1", 1200, PERSISTENT_2));
        fsx.knobs().set("errors.DescribeFileSystems", "1");

        failure(Code.UNAVAILABLE, () -> cloud.findByVolumeName("pvc-1"));
        assertEquals(2, fsx.simulator.counters().errors("fsx", "DescribeFileSystems"), "the SDK retried once");
    }

    @Test
    void anUnknownIdIsEmptyWhileTheKnownOnesLookedUpWithItAreFound() throws Exception {
        SdkLustreCloud merging = fsx.cloud(Duration.ofMillis(200), SdkLustreCloud.PAGE_SIZE);
        String id = merging.create(request("pvc-1", "token-1", 1200, PERSISTENT_2)).id();

        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Callable<Optional<LustreFileSystem>>> lookUps = List.of(() -> merging.describe(id),
                    () -> merging.describe("fs-00000000000000000"), () -> merging.describe(id));
            List<Future<Optional<LustreFileSystem>>> answers = threads.invokeAll(lookUps);
            assertEquals(id, answers.get(0).get().orElseThrow().id());
            assertEquals(Optional.empty(), answers.get(1).get(), "FSx's FileSystemNotFound for one id fails no other");
            assertEquals(id, answers.get(2).get().orElseThrow().id());
        }
        assertEquals(Optional.empty(), cloud.describe("fs-0123456789abcdef0"));
    }

    @Test
    void aStorageIncreaseShowsAsFsxsAdministrativeActions() {
        fsx.knobs().set("delay.fsx.filesystem.pending", "1m");
        fsx.knobs().set("delay.fsx.filesystem.updating", "10m");
        fsx.knobs().set("delay.fsx.filesystem.optimizing", "2h");
        String id = cloud.create(request("pvc-1", "token-1", 1200, PERSISTENT_2)).id();

        FileSystemAction pending = cloud.updateStorageCapacity(id, "grow-1", 2400).latest(FileSystemAction::isUpdate).orElseThrow();
        assertEquals(FileSystemAction.PENDING, pending.status());
        assertEquals(Optional.of(2400), pending.targetStorageCapacity());
        assertEquals(fsx.clock.instant(), pending.requestTime());

        fsx.clock.advance(Duration.ofMinutes(1));
        LustreFileSystem updating = cloud.describe(id).orElseThrow();
        assertEquals(Lifecycle.UPDATING, updating.lifecycle());
        assertTrue(updating.latest(FileSystemAction::isCapacityUpdate).orElseThrow().isRunning());

        fsx.clock.advance(Duration.ofMinutes(10));
        LustreFileSystem optimizing = cloud.describe(id).orElseThrow();
        assertEquals(2400, optimizing.storageCapacityGiB());
        assertTrue(optimizing.latest(FileSystemAction::isCapacityUpdate).orElseThrow().isApplied());
        FileSystemAction optimization = optimizing.latest(a -> a.type().equals(FileSystemAction.STORAGE_OPTIMIZATION)).orElseThrow();
        assertFalse(optimization.isOver());
        assertEquals(Optional.of(0), optimization.progressPercent());
    }

    @Test
    void anIncreaseWhileOneRunsIsAbortedAndOneWithinTheCooldownIsResourceExhausted() {
        fsx.knobs().set("delay.fsx.filesystem.pending", "1m");
        fsx.knobs().set("delay.fsx.filesystem.cooldown", "6h");
        String id = cloud.create(request("pvc-1", "token-1", 1200, PERSISTENT_2)).id();
        cloud.updateStorageCapacity(id, "grow-1", 2400);

        FsxCloudException inProgress = failure(Code.ABORTED, () -> cloud.updateStorageCapacity(id, "grow-2", 4800));
        assertTrue(inProgress.getMessage().contains("There is an update already in progress."), inProgress.getMessage());

        fsx.clock.advance(Duration.ofHours(1));
        FsxCloudException cooldown = failure(Code.RESOURCE_EXHAUSTED, () -> cloud.updateStorageCapacity(id, "grow-3", 4800));
        assertEquals(FsxErrors.BAD_REQUEST, cooldown.awsErrorCode());
        assertTrue(cooldown.getMessage().contains("6 hours"), cooldown.getMessage());
    }

    @Test
    void aThroughputAndMetadataChangeShowsAsOneFileSystemUpdateTargetingBoth() {
        fsx.knobs().set("delay.fsx.filesystem.pending", "1m");
        fsx.knobs().set("delay.fsx.filesystem.updating", "10m");
        fsx.knobs().set("delay.fsx.filesystem.throughput-optimizing", "20m");
        String id = cloud.create(request("pvc-1", "token-1", 1200, settings("deploymentType", "PERSISTENT_2", "perUnitStorageThroughput",
                "125", "fileSystemTypeVersion", "2.15", "metadataConfigurationMode", "AUTOMATIC"))).id();

        LustreFileSystem answered = cloud.updateLustre(id, "modify-1",
                new LustreChange(Optional.of(500), Optional.of(MetadataConfiguration.userProvisioned(1500))));
        FileSystemAction pending = answered.latest(FileSystemAction::isUpdate).orElseThrow();
        assertEquals(FileSystemAction.PENDING, pending.status());
        assertTrue(pending.isRunning());
        assertFalse(pending.isCapacityUpdate());
        assertEquals(Optional.empty(), pending.targetStorageCapacity());
        assertEquals(Optional.of(500), pending.targetThroughput());
        assertEquals(Optional.of(MetadataMode.USER_PROVISIONED), pending.targetMetadataMode());
        assertEquals(Optional.of(1500), pending.targetMetadataIops());
        assertEquals(fsx.clock.instant(), pending.requestTime());
        assertEquals(Optional.of(125), answered.perUnitStorageThroughput());
        assertEquals(Optional.of(MetadataMode.AUTOMATIC), answered.metadataMode());
        assertEquals(Optional.of(1500), answered.metadataIops(), "AUTOMATIC at 1200 GiB");

        fsx.clock.advance(Duration.ofMinutes(1));
        LustreFileSystem updating = cloud.describe(id).orElseThrow();
        assertEquals(Lifecycle.UPDATING, updating.lifecycle());
        assertEquals(FileSystemAction.IN_PROGRESS, updating.latest(FileSystemAction::isUpdate).orElseThrow().status());

        fsx.clock.advance(Duration.ofMinutes(10));
        LustreFileSystem optimizing = cloud.describe(id).orElseThrow();
        FileSystemAction applied = optimizing.latest(FileSystemAction::isUpdate).orElseThrow();
        assertEquals(FileSystemAction.UPDATED_OPTIMIZING, applied.status());
        assertTrue(applied.isApplied());
        assertFalse(applied.isOver());
        assertEquals(Optional.of(500), optimizing.perUnitStorageThroughput());
        assertEquals(Optional.of(MetadataMode.USER_PROVISIONED), optimizing.metadataMode());
        assertEquals(Optional.of(1500), optimizing.metadataIops());
        assertEquals(1, optimizing.administrativeActions().size(), "no STORAGE_OPTIMIZATION");

        fsx.clock.advance(Duration.ofMinutes(20));
        assertTrue(cloud.describe(id).orElseThrow().latest(FileSystemAction::isUpdate).orElseThrow().isOver());
        // back to AUTOMATIC: FSx allows it, the IOPS being what AUTOMATIC gives 1200 GiB
        FileSystemAction automatic = cloud.updateLustre(id, "modify-2", new LustreChange(Optional.empty(),
                Optional.of(MetadataConfiguration.automatic()))).latest(FileSystemAction::isUpdate).orElseThrow();
        assertEquals(Optional.of(MetadataMode.AUTOMATIC), automatic.targetMetadataMode());
        assertEquals(Optional.empty(), automatic.targetMetadataIops());
        assertEquals(Optional.empty(), automatic.targetThroughput());
    }

    @Test
    void changesFsxRefusesMapToTheirCsiCodes() {
        fsx.knobs().set("delay.fsx.filesystem.pending", "1m");
        fsx.knobs().set("delay.fsx.filesystem.cooldown", "6h");
        String id = cloud.create(request("pvc-1", "token-1", 1200, PERSISTENT_2)).id();
        String scratch = cloud.create(request("pvc-2", "token-2", 1200, settings("deploymentType", "SCRATCH_2"))).id();

        FsxCloudException tier = failure(Code.INVALID_ARGUMENT, () -> cloud.updateLustre(id, "t-1", new LustreChange(Optional.of(200),
                Optional.empty())));
        assertEquals("InvalidPerUnitStorageThroughput", tier.awsErrorCode());
        FsxCloudException unsupported = failure(Code.INVALID_ARGUMENT, () -> cloud.updateLustre(scratch, "t-2",
                new LustreChange(Optional.of(125), Optional.empty())));
        assertEquals("UnsupportedOperation", unsupported.awsErrorCode());
        FsxCloudException noMetadata = failure(Code.INVALID_ARGUMENT, () -> cloud.updateLustre(id, "t-3",
                new LustreChange(Optional.empty(), Optional.of(MetadataConfiguration.userProvisioned(3000)))));
        assertEquals("UnsupportedOperation", noMetadata.awsErrorCode());

        cloud.updateLustre(id, "t-4", new LustreChange(Optional.of(250), Optional.empty()));
        FsxCloudException inProgress = failure(Code.ABORTED, () -> cloud.updateStorageCapacity(id, "t-5", 2400));
        assertTrue(inProgress.getMessage().contains("There is an update already in progress."), inProgress.getMessage());
        fsx.clock.advance(Duration.ofMinutes(1));
        FsxCloudException cooldown = failure(Code.RESOURCE_EXHAUSTED, () -> cloud.updateLustre(id, "t-6",
                new LustreChange(Optional.of(500), Optional.empty())));
        assertEquals(FsxErrors.BAD_REQUEST, cooldown.awsErrorCode());
        assertTrue(cooldown.getMessage().contains("6 hours"), cooldown.getMessage());
    }

    @Test
    void deletesWithoutAFinalBackupAndAnUnknownFileSystemIsFalse() {
        fsx.knobs().set("delay.fsx.filesystem.deleting", "5m");
        String id = cloud.create(request("pvc-1", "token-1", 1200, PERSISTENT_2)).id();

        // the simulator takes no backups and refuses a delete that asks for one
        assertTrue(cloud.delete(id));
        assertEquals(Lifecycle.DELETING, cloud.describe(id).orElseThrow().lifecycle());
        assertTrue(cloud.delete(id), "deleting already");

        fsx.clock.advance(Duration.ofMinutes(5));
        assertFalse(cloud.delete(id));
        assertEquals(Optional.empty(), cloud.describe(id));
    }

    @Test
    void deletingAFileSystemStillCreatingIsAbortedForNow() {
        fsx.knobs().set("delay.fsx.filesystem.available", "10m");
        String id = cloud.create(request("pvc-1", "token-1", 1200, PERSISTENT_2)).id();

        failure(Code.ABORTED, () -> cloud.delete(id));
    }

    @Test
    void fsxsRefusalsMapToTheirCsiCodes(@TempDir Path other) {
        FsxCloudException network = failure(Code.INVALID_ARGUMENT,
                () -> cloud.create(request("pvc-1", "t-1", 1200, settings("subnetId", "subnet-0123456789abcdef9"))));
        assertEquals("InvalidNetworkSettings", network.awsErrorCode());

        FsxCloudException badRequest = failure(Code.INVALID_ARGUMENT, () -> cloud.create(request("pvc-1", "t-2", 1000, PERSISTENT_2)));
        assertEquals(FsxErrors.BAD_REQUEST, badRequest.awsErrorCode());

        try (SimulatedFsx full = new SimulatedFsx(other, 1)) {
            SdkLustreCloud small = full.cloud();
            small.create(request("pvc-1", "t-1", 1200, PERSISTENT_2));
            FsxCloudException quota = failure(Code.RESOURCE_EXHAUSTED, () -> small.create(request("pvc-2", "t-2", 1200, PERSISTENT_2)));
            assertEquals("ServiceLimitExceeded", quota.awsErrorCode());
        }
    }

    /** Throttling takes the same way (FsxErrorsTest); here without the SDK's slow adaptive back-off. */
    @Test
    void serverErrorsThatOutlastTheRetriesAreUnavailable() {
        String id = cloud.create(request("pvc-1", "t-1", 1200, PERSISTENT_2)).id();
        fsx.knobs().set("errors.UpdateFileSystem", "1");

        failure(Code.UNAVAILABLE, () -> cloud.updateStorageCapacity(id, "t", 2400));
        assertEquals(2, fsx.simulator.counters().errors("fsx", "UpdateFileSystem"), "the SDK retried once");
    }
}
