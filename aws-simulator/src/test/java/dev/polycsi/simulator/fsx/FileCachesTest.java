package dev.polycsi.simulator.fsx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.simulator.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.fsx.model.BadRequestException;
import software.amazon.awssdk.services.fsx.model.DescribeFileCachesResponse;
import software.amazon.awssdk.services.fsx.model.FileCache;
import software.amazon.awssdk.services.fsx.model.FileCacheCreating;
import software.amazon.awssdk.services.fsx.model.FileCacheLifecycle;
import software.amazon.awssdk.services.fsx.model.FileCacheLustreDeploymentType;
import software.amazon.awssdk.services.fsx.model.FileCacheNotFoundException;
import software.amazon.awssdk.services.fsx.model.FileCacheType;
import software.amazon.awssdk.services.fsx.model.ServiceLimit;
import software.amazon.awssdk.services.fsx.model.ServiceLimitExceededException;
import software.amazon.awssdk.services.fsx.model.Tag;

/** CreateFileCache, DescribeFileCaches and DeleteFileCache as the real FSxClient sees them. */
class FileCachesTest extends AbstractFsxTest {

    @Test
    void aNewCacheIsAnsweredCreatingAsFsxFormsItsNamesAndDefaults() {
        FileCacheCreating cache = fixture.createCache("described", r -> r.securityGroupIds(FsxFixture.SECURITY_GROUP)
                .tags(Tag.builder().key("CSIVolumeName").value("pvc-1").build()).copyTagsToDataRepositoryAssociations(true));

        assertTrue(cache.fileCacheId().matches("fc-[0-9a-f]{17}"), cache.fileCacheId());
        assertEquals(FileCacheLifecycle.CREATING, cache.lifecycle());
        assertEquals(cache.fileCacheId() + ".fsx.us-east-1.amazonaws.com", cache.dnsName());
        assertEquals("arn:aws:fsx:us-east-1:" + SimulatorConfig.ACCOUNT_ID + ":file-cache/" + cache.fileCacheId(), cache.resourceARN());
        assertTrue(cache.lustreConfiguration().mountName().matches("[a-z0-9]{8}"), cache.lustreConfiguration().mountName());
        assertEquals(FileCacheLustreDeploymentType.CACHE_1, cache.lustreConfiguration().deploymentType());
        assertEquals(1000, cache.lustreConfiguration().perUnitStorageThroughput());
        assertEquals(2400, cache.lustreConfiguration().metadataConfiguration().storageCapacity());
        assertTrue(cache.lustreConfiguration().weeklyMaintenanceStartTime().matches("[1-7]:\\d\\d:\\d\\d"));
        assertEquals("WARN_ERROR", cache.lustreConfiguration().logConfiguration().levelAsString());
        assertTrue(cache.lustreConfiguration().logConfiguration().destination().contains(":log-group:/aws/fsx/filecache/lustre"));
        assertEquals(FileCacheType.LUSTRE, cache.fileCacheType());
        assertEquals("2.12", cache.fileCacheTypeVersion());
        assertEquals(1200, cache.storageCapacity());
        assertEquals(SimulatorConfig.ACCOUNT_ID, cache.ownerId());
        assertEquals(List.of(FsxFixture.SUBNET_A), cache.subnetIds());
        assertEquals("vpc-0123456789abcdef0", cache.vpcId());
        assertEquals(2, cache.networkInterfaceIds().size());
        assertTrue(cache.kmsKeyId().startsWith("arn:aws:kms:us-east-1:" + SimulatorConfig.ACCOUNT_ID + ":key/"), cache.kmsKeyId());
        assertEquals(List.of(Tag.builder().key("CSIVolumeName").value("pvc-1").build()), cache.tags());
        assertTrue(cache.copyTagsToDataRepositoryAssociations());
        assertEquals(1, cache.dataRepositoryAssociationIds().size());
        assertTrue(cache.dataRepositoryAssociationIds().getFirst().matches("dra-[0-9a-f]{17}"));
        assertEquals(fixture.clock.instant(), cache.creationTime());
        assertTrue(Files.isDirectory(fixture.fileSystemDirectory(cache.fileCacheId())));
    }

    @Test
    void describeAnswersTheFileCacheShapeWhichHasNoTags() {
        FileCacheCreating created = fixture.createCache("tagged", r -> r.kmsKeyId("arn:aws:kms:us-east-1:123456789012:key/mine")
                .tags(Tag.builder().key("team").value("ml").build()));

        FileCache described = fixture.describeCache(created.fileCacheId());

        assertEquals(FileCacheLifecycle.AVAILABLE, described.lifecycle(), "no delay knob: available at once");
        assertEquals(created.dnsName(), described.dnsName());
        assertEquals(created.lustreConfiguration(), described.lustreConfiguration());
        assertEquals(created.dataRepositoryAssociationIds(), described.dataRepositoryAssociationIds());
        assertEquals("arn:aws:kms:us-east-1:123456789012:key/mine", described.kmsKeyId());
        String describe = fixture.rawCall("DescribeFileCaches", "{\"FileCacheIds\":[\"" + created.fileCacheId() + "\"]}");
        assertFalse(describe.contains("\"Tags\""), describe);
        assertFalse(describe.contains("CopyTagsToDataRepositoryAssociations"), describe);
        assertTrue(describe.contains("\"FileCacheId\":\"" + created.fileCacheId() + "\""), describe);
    }

    @Test
    void aNewCacheIsCreatingUntilItsDelayHasPassedThenAvailable() {
        fixture.knobs().set("delay.fsx.cache.available", "10m");

        String id = fixture.createCache("slow").fileCacheId();

        assertEquals(FileCacheLifecycle.CREATING, fixture.describeCache(id).lifecycle());
        fixture.clock.advance(Duration.ofMinutes(9));
        assertEquals(FileCacheLifecycle.CREATING, fixture.describeCache(id).lifecycle());
        fixture.clock.advance(Duration.ofMinutes(1));
        assertEquals(FileCacheLifecycle.AVAILABLE, fixture.describeCache(id).lifecycle());
    }

    @Test
    void aCreationFailureKnobEndsCreationFailedWithItsMessageAndTheFailedCacheCanBeDeleted() {
        fixture.knobs().set("delay.fsx.cache.available", "5m");
        fixture.knobs().set("fail.fsx.cache.create", "The NFS data repository is not reachable");
        String id = fixture.createCache("unlucky").fileCacheId();
        fixture.knobs().reset();
        assertEquals(FileCacheLifecycle.CREATING, fixture.describeCache(id).lifecycle());
        assertNull(fixture.describeCache(id).failureDetails());

        fixture.clock.advance(Duration.ofMinutes(5));

        FileCache failed = fixture.describeCache(id);
        assertEquals(FileCacheLifecycle.FAILED, failed.lifecycle());
        assertEquals("The NFS data repository is not reachable", failed.failureDetails().message());
        assertEquals(FileCacheLifecycle.DELETING, fixture.fsx.deleteFileCache(r -> r.fileCacheId(id)).lifecycle());
        assertEquals(FileCacheLifecycle.AVAILABLE, fixture.describeCache(fixture.createCache("later").fileCacheId()).lifecycle(),
                "the knob is read at creation");
    }

    @Test
    void describeNamesCachesByIdAndAnUnknownOneIsFileCacheNotFound() {
        String first = fixture.createCache("a").fileCacheId();
        String second = fixture.createCache("b").fileCacheId();
        fixture.createCache("c");

        List<String> named = fixture.fsx.describeFileCaches(r -> r.fileCacheIds(second, first)).fileCaches().stream()
                .map(FileCache::fileCacheId).toList();

        assertEquals(List.of(first, second), named);
        FileCacheNotFoundException missing = assertThrows(FileCacheNotFoundException.class,
                () -> fixture.fsx.describeFileCaches(r -> r.fileCacheIds(first, "fc-00000000000000000")));
        assertEquals("FileCacheNotFound", missing.awsErrorDetails().errorCode());
        assertEquals(400, missing.statusCode());
        assertTrue(missing.getMessage().contains("fc-00000000000000000"), missing.getMessage());
        assertThrows(BadRequestException.class, () -> fixture.fsx.describeFileCaches(r -> r.fileCacheIds("fs-0123456789abcdef0")));
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            tooMany.add("fc-%017x".formatted(i));
        }
        assertThrows(BadRequestException.class, () -> fixture.fsx.describeFileCaches(r -> r.fileCacheIds(tooMany)));
    }

    @Test
    void pagesFollowCreationOrderAndThePaginatorCollectsThemAll() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(fixture.createCache("page-" + i).fileCacheId());
        }
        fixture.create("a-file-system");

        DescribeFileCachesResponse first = fixture.fsx.describeFileCaches(r -> r.maxResults(2));
        assertEquals(created.subList(0, 2), first.fileCaches().stream().map(FileCache::fileCacheId).toList());
        assertTrue(first.nextToken().matches("(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?"), first.nextToken());
        List<String> paged = fixture.fsx.describeFileCachesPaginator(r -> r.maxResults(2)).stream()
                .flatMap(page -> page.fileCaches().stream()).map(FileCache::fileCacheId).toList();
        assertEquals(created, paged);
        assertEquals(created, fixture.fsx.describeFileCaches(r -> { }).fileCaches().stream().map(FileCache::fileCacheId).toList());
        assertEquals(2, fixture.fsx.describeFileSystems().fileSystems().size(), "caches are no file systems (the other is the ONTAP seed)");
    }

    @Test
    void aDeletedCacheIsDeletingThenGoneWithItsData() {
        fixture.knobs().set("delay.fsx.cache.deleting", "5m");
        String id = fixture.createCache("doomed").fileCacheId();

        var deleting = fixture.fsx.deleteFileCache(r -> r.fileCacheId(id));

        assertEquals(id, deleting.fileCacheId());
        assertEquals(FileCacheLifecycle.DELETING, deleting.lifecycle());
        assertEquals(FileCacheLifecycle.DELETING, fixture.describeCache(id).lifecycle());
        assertEquals(FileCacheLifecycle.DELETING, fixture.fsx.deleteFileCache(r -> r.fileCacheId(id)).lifecycle());
        fixture.clock.advance(Duration.ofMinutes(5));
        assertThrows(FileCacheNotFoundException.class, () -> fixture.describeCache(id));
        assertFalse(Files.exists(fixture.fileSystemDirectory(id)));
        assertThrows(FileCacheNotFoundException.class, () -> fixture.fsx.deleteFileCache(r -> r.fileCacheId(id)));
        assertEquals(List.of(), fixture.fsx.describeFileCaches(r -> { }).fileCaches());
        assertThrows(FileCacheNotFoundException.class, () -> fixture.fsx.deleteFileCache(r -> r.fileCacheId("fc-00000000000000000")));
        assertThrows(BadRequestException.class, () -> fixture.fsx.deleteFileCache(r -> r.fileCacheId("fs-00000000000000000")));
    }

    @Test
    void aCacheStillCreatingCannotBeDeleted() {
        fixture.knobs().set("delay.fsx.cache.available", "5m");
        String id = fixture.createCache("young").fileCacheId();

        BadRequestException refused = assertThrows(BadRequestException.class, () -> fixture.fsx.deleteFileCache(r -> r.fileCacheId(id)));

        assertTrue(refused.getMessage().contains("CREATING"), refused.getMessage());
        fixture.clock.advance(Duration.ofMinutes(5));
        fixture.fsx.deleteFileCache(r -> r.fileCacheId(id));
    }

    @Test
    void aNewCacheIsNotListedWithinTheConsistencyWindow() {
        fixture.knobs().set("consistency", "2s");
        String id = fixture.createCache("fresh").fileCacheId();

        assertEquals(List.of(), fixture.fsx.describeFileCaches(r -> { }).fileCaches());
        assertThrows(FileCacheNotFoundException.class, () -> fixture.describeCache(id));
        fixture.clock.advance(Duration.ofSeconds(2));
        assertEquals(id, fixture.describeCache(id).fileCacheId());
    }

    @Test
    void theAccountsCacheQuotaIsServiceLimitExceeded(@TempDir Path otherData) {
        try (FsxFixture small = FsxFixture.start(SimulatorConfig.defaults(otherData), FsxState.FILE_SYSTEMS_PER_ACCOUNT, 1, new ManualClock())) {
            small.createCache("only");

            ServiceLimitExceededException e = assertThrows(ServiceLimitExceededException.class, () -> small.createCache("one-more"));

            assertEquals(ServiceLimit.FILE_CACHE_COUNT, e.limit());
            small.create("a-file-system-still");
        }
    }

    @Test
    void theAccountsCacheStorageQuotaIsServiceLimitExceeded() {
        fixture.createCache("huge", r -> r.storageCapacity(100_800));

        ServiceLimitExceededException e = assertThrows(ServiceLimitExceededException.class, () -> fixture.createCache("one-more"));

        assertEquals(ServiceLimit.TOTAL_STORAGE, e.limit());
        assertTrue(e.awsErrorDetails().errorMessage().contains("100800"), e.awsErrorDetails().errorMessage());
    }
}
