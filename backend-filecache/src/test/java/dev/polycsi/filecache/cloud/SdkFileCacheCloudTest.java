package dev.polycsi.filecache.cloud;

import static dev.polycsi.filecache.cloud.SimulatedFileCache.SUBNET;
import static dev.polycsi.filecache.cloud.SimulatedFileCache.request;
import static dev.polycsi.filecache.cloud.SimulatedFileCache.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.filecache.params.CacheSettings;
import dev.polycsi.fsx.support.FsxCloudException;
import dev.polycsi.fsx.support.FsxErrors;
import dev.polycsi.spi.CsiException.Code;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
import software.amazon.awssdk.services.fsx.FSxClient;
import software.amazon.awssdk.services.fsx.model.FileCacheType;

/**
 * {@link SdkFileCacheCloud} against the simulated FSx, through the real SDK client: what it sends,
 * reads back and fails with, and what each look-up costs in FSx calls (DescribeFileCaches shows
 * no tags, so names are read with ListTagsForResource, once per cache).
 */
class SdkFileCacheCloudTest {

    static final CacheSettings S3 = settings();

    @TempDir
    Path dir;
    SimulatedFileCache fsx;
    SdkFileCacheCloud cloud;

    @BeforeEach
    void start() {
        fsx = new SimulatedFileCache(dir);
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
    void createsTheCacheTheSettingsDescribeAndReadsItBack() {
        fsx.knobs().set("delay.fsx.cache.available", "10m");
        CacheSettings settings = settings("securityGroupIds", SimulatedFileCache.SECURITY_GROUP, "weeklyMaintenanceStartTime", "1:03:00",
                "copyTagsToDataRepositoryAssociations", "true", "extraTags", "team=ml");

        Cache created = cloud.create(request("pvc-1", "token-1", settings));

        assertTrue(created.id().matches("fc-[0-9a-f]{17}"), created.id());
        assertEquals(CacheLifecycle.CREATING, created.lifecycle());
        assertEquals(1200, created.storageCapacityGiB());
        assertEquals("LUSTRE", created.fileCacheType());
        assertEquals("2.12", created.fileCacheTypeVersion());
        assertEquals("CACHE_1", created.deploymentType());
        assertEquals(Optional.of(1000), created.perUnitStorageThroughput());
        assertEquals(Optional.of(2400), created.metadataStorageCapacity());
        assertEquals(List.of(SUBNET), created.subnetIds());
        assertEquals(created.id() + ".fsx.us-east-1.amazonaws.com", created.dnsName());
        assertTrue(created.mountName().matches("[a-z0-9]{8}"), created.mountName());
        assertEquals(Optional.of("pvc-1"), created.volumeName(), "from CreateFileCache's answer, which has the tags");
        assertEquals(1, created.associationIds().size());
        assertEquals(fsx.clock.instant(), created.creationTime());

        fsx.clock.advance(Duration.ofMinutes(10));
        Cache described = cloud.describe(created.id()).orElseThrow();
        assertEquals(CacheLifecycle.AVAILABLE, described.lifecycle());
        assertEquals(created.dnsName(), described.dnsName());
        assertEquals(created.mountName(), described.mountName());
        assertEquals(Optional.of("pvc-1"), described.volumeName());
        assertEquals(0, fsx.calls("ListTagsForResource"), "the name of a cache this cloud made is known");
    }

    /**
     * After a restart the name of every cache is unknown: the first listing reads each cache's
     * tags, once; later listings and polls by id read none, so polling one cache costs one
     * DescribeFileCaches.
     */
    @Test
    void aNewCloudReadsEachCachesTagsOnceAndThenPollsWithOneDescribe() {
        String first = cloud.create(request("pvc-1", "a", S3)).id();
        cloud.create(request("pvc-2", "b", S3));
        cloud.create(request("pvc-3", "c", S3));
        SdkFileCacheCloud restarted = fsx.cloud();

        assertEquals(List.of(first), restarted.findByVolumeName("pvc-1").stream().map(Cache::id).toList());
        assertEquals(3, fsx.calls("ListTagsForResource"), "one per cache it had not seen");
        assertEquals(1, fsx.calls("DescribeFileCaches"));

        restarted.findByVolumeName("pvc-2");
        for (int poll = 0; poll < 5; poll++) {
            assertEquals(Optional.of("pvc-1"), restarted.describe(first).orElseThrow().volumeName());
        }
        assertEquals(3, fsx.calls("ListTagsForResource"), "names are remembered");
        assertEquals(1 + 1 + 5, fsx.calls("DescribeFileCaches"), "a listing, another, and one call per poll");
    }

    @Test
    void aPollByIdOfACacheNotSeenBeforeReadsItsTagsOnce() {
        String id = cloud.create(request("pvc-1", "a", S3)).id();
        SdkFileCacheCloud restarted = fsx.cloud();

        assertEquals(Optional.of("pvc-1"), restarted.describe(id).orElseThrow().volumeName());
        assertEquals(Optional.of("pvc-1"), restarted.describe(id).orElseThrow().volumeName());
        assertEquals(1, fsx.calls("ListTagsForResource"));
    }

    @Test
    void findsTheCachesOfAVolumeNameOnEveryPage() {
        SdkFileCacheCloud paging = fsx.cloud(Duration.ZERO, 2);
        String first = paging.create(request("pvc-a", "a", S3)).id();
        paging.create(request("pvc-b", "b", S3));
        paging.create(request("pvc-c", "c", S3));
        paging.create(request("pvc-d", "d", S3));
        String last = paging.create(request("pvc-a", "a-again", S3)).id();
        long before = fsx.calls("DescribeFileCaches");

        assertEquals(Set.of(first, last), paging.findByVolumeName("pvc-a").stream().map(Cache::id).collect(Collectors.toSet()));
        assertEquals(3, fsx.calls("DescribeFileCaches") - before, "five caches, two to a page");
        assertEquals(List.of(), paging.findByVolumeName("pvc-z"));
    }

    @Test
    void aCacheMadeWithoutTheNameTagHasNoVolumeName() {
        String id;
        try (FSxClient other = fsx.client()) {
            id = other.createFileCache(r -> r.fileCacheType(FileCacheType.LUSTRE).fileCacheTypeVersion("2.12").storageCapacity(1200)
                    .subnetIds(SUBNET)
                    .lustreConfiguration(l -> l.deploymentType("CACHE_1").perUnitStorageThroughput(1000)
                            .metadataConfiguration(m -> m.storageCapacity(2400)))
                    .dataRepositoryAssociations(a -> a.fileCachePath("/ns1/").dataRepositoryPath("s3://static-data/")))
                    .fileCache().fileCacheId();
        }

        assertEquals(Optional.empty(), cloud.describe(id).orElseThrow().volumeName());
        assertEquals(List.of(), cloud.findByVolumeName("pvc-1"));
        assertEquals(1, fsx.calls("ListTagsForResource"), "a cache without the tag is remembered as such");
    }

    @Test
    void theSameTokenAndRequestIsTheSameCacheAndOtherParametersAreATokenConflict() {
        String id = cloud.create(request("pvc-1", "token-1", S3)).id();

        assertEquals(id, cloud.create(request("pvc-1", "token-1", S3)).id());
        FsxCloudException conflict = failure(Code.ALREADY_EXISTS, () -> cloud.create(request("pvc-1", "token-1",
                settings("extraTags", "team=ml"))));
        assertTrue(conflict.isTokenConflict());
        assertEquals(FsxErrors.INCOMPATIBLE_PARAMETER, conflict.awsErrorCode());
        assertEquals(1, cloud.findByVolumeName("pvc-1").size());
    }

    @Test
    void associationsAreReadOnceAsFsxSpellsThem() {
        CacheSettings settings = settings("dataRepositoryAssociations",
                "FileCachePath=/ns1,DataRepositoryPath=s3://training-data/set1 FileCachePath=/ns2/,DataRepositoryPath=s3://training-data/set2/");
        Cache cache = cloud.create(request("pvc-1", "a", settings));

        List<CacheAssociation> associations = cloud.associations(cache).orElseThrow();
        assertEquals(Set.of("s3://training-data/set1/", "s3://training-data/set2/"),
                associations.stream().map(CacheAssociation::dataRepositoryPath).collect(Collectors.toSet()), "FSx adds the slash");
        assertEquals(associations, cloud.associations(cache).orElseThrow());
        assertEquals(1, fsx.calls("DescribeDataRepositoryAssociations"), "they cannot change: read once");
    }

    @Test
    void nfsAssociationsComeBackWithTheirExportsAndDnsServers() {
        CacheSettings settings = settings("dataRepositoryAssociations",
                "FileCachePath=/,DataRepositoryPath=nfs://filer.example.com,DataRepositorySubdirectories=[/export1,/export2],"
                        + "NFS={Version=NFS3,DnsIps=[10.0.0.2]}");
        Cache cache = cloud.create(request("pvc-1", "a", settings));

        CacheAssociation association = cloud.associations(cache).orElseThrow().getFirst();
        assertEquals(CacheAssociation.requested(settings.dataRepositoryAssociations().getFirst()).normalized(), association.normalized());
        assertEquals(Optional.of("NFS3"), association.nfsVersion());
        assertEquals(List.of("10.0.0.2"), association.dnsIps());
    }

    @Test
    void anUnknownIdIsEmptyWhileTheKnownOnesLookedUpWithItAreFound() throws Exception {
        SdkFileCacheCloud merging = fsx.cloud(Duration.ofMillis(200), SdkFileCacheCloud.PAGE_SIZE);
        String id = merging.create(request("pvc-1", "token-1", S3)).id();

        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Callable<Optional<Cache>>> lookUps = List.of(() -> merging.describe(id), () -> merging.describe("fc-00000000000000000"),
                    () -> merging.describe(id));
            List<Future<Optional<Cache>>> answers = threads.invokeAll(lookUps);
            assertEquals(id, answers.get(0).get().orElseThrow().id());
            assertEquals(Optional.empty(), answers.get(1).get(), "FSx's FileCacheNotFound for one id fails no other");
            assertEquals(id, answers.get(2).get().orElseThrow().id());
        }
        assertEquals(Optional.empty(), cloud.describe("fc-0123456789abcdef0"));
    }

    @Test
    void aFailedCreationShowsFsxsFailureDetails() {
        fsx.knobs().set("fail.fsx.cache.create", "The S3 bucket is in another Region.");
        fsx.knobs().set("delay.fsx.cache.available", "5m");
        String id = cloud.create(request("pvc-1", "a", S3)).id();
        fsx.clock.advance(Duration.ofMinutes(5));

        Cache failed = cloud.describe(id).orElseThrow();
        assertEquals(CacheLifecycle.FAILED, failed.lifecycle());
        assertEquals(Optional.of("The S3 bucket is in another Region."), failed.failureMessage());
    }

    @Test
    void deletesAndAnUnknownCacheIsFalse() {
        fsx.knobs().set("delay.fsx.cache.deleting", "5m");
        String id = cloud.create(request("pvc-1", "token-1", S3)).id();

        assertTrue(cloud.delete(id));
        assertEquals(CacheLifecycle.DELETING, cloud.describe(id).orElseThrow().lifecycle());
        assertTrue(cloud.delete(id), "deleting already");

        fsx.clock.advance(Duration.ofMinutes(5));
        assertFalse(cloud.delete(id));
        assertEquals(Optional.empty(), cloud.describe(id));
    }

    @Test
    void deletingACacheStillCreatingIsAbortedForNow() {
        fsx.knobs().set("delay.fsx.cache.available", "10m");
        String id = cloud.create(request("pvc-1", "token-1", S3)).id();

        FsxCloudException creating = failure(Code.ABORTED, () -> cloud.delete(id));
        assertTrue(creating.getMessage().contains("CREATING"), creating.getMessage());
    }

    @Test
    void fsxsRefusalsMapToTheirCsiCodes(@TempDir Path other) {
        FsxCloudException network = failure(Code.INVALID_ARGUMENT,
                () -> cloud.create(request("pvc-1", "t-1", settings("subnetId", "subnet-0123456789abcdef9"))));
        assertEquals("InvalidNetworkSettings", network.awsErrorCode());

        try (SimulatedFileCache full = new SimulatedFileCache(other, 1)) {
            SdkFileCacheCloud small = full.cloud();
            small.create(request("pvc-1", "t-1", S3));
            FsxCloudException quota = failure(Code.RESOURCE_EXHAUSTED, () -> small.create(request("pvc-2", "t-2", S3)));
            assertEquals("ServiceLimitExceeded", quota.awsErrorCode());
        }
    }

    /** Throttling takes the same way (FsxErrorsTest); here without the SDK's slow adaptive back-off. */
    @Test
    void aListingFsxFailsIsAFailureNotAnEmptyAnswer() {
        cloud.create(request("pvc-1", "token-1", S3));
        fsx.knobs().set("errors.DescribeFileCaches", "1");

        failure(Code.UNAVAILABLE, () -> cloud.findByVolumeName("pvc-1"));
        assertEquals(2, fsx.simulator.counters().errors("fsx", "DescribeFileCaches"), "the SDK retried once");
    }

    @Test
    void aTagLookUpFsxFailsFailsTheListing() {
        cloud.create(request("pvc-1", "token-1", S3));
        SdkFileCacheCloud restarted = fsx.cloud();
        fsx.knobs().set("errors.ListTagsForResource", "1");

        failure(Code.UNAVAILABLE, () -> restarted.findByVolumeName("pvc-1"));
    }
}
