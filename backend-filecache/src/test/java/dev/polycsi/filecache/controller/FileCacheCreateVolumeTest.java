package dev.polycsi.filecache.controller;

import static dev.polycsi.filecache.controller.Requests.GIB;
import static dev.polycsi.filecache.controller.Requests.create;
import static dev.polycsi.filecache.controller.Requests.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.aws.idempotency.ClientTokens;
import dev.polycsi.core.conformance.MutableClock;
import dev.polycsi.core.conformance.StepOperations;
import dev.polycsi.filecache.cloud.CacheAssociation;
import dev.polycsi.filecache.cloud.CacheLifecycle;
import dev.polycsi.filecache.params.VolumeParameters;
import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.CsiException.Code;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.controller.CapacityRange;
import dev.polycsi.spi.controller.Volume;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * CreateVolume: one cache per volume name across calls, restarts, lost answers, lagging listings
 * and expired or refused tokens; failures reported with FSx's words and cleaned up; a name reused
 * with other settings refused, naming the differences.
 */
class FileCacheCreateVolumeTest {

    final MutableClock clock = new MutableClock();
    final FakeFileCacheCloud cloud = new FakeFileCacheCloud(clock);
    final StepOperations operations = new StepOperations();
    final FileCacheController controller = new FileCacheController(cloud, operations, clock);

    /** A controller as after a restart: the same FSx, nothing in memory. */
    private FileCacheController restarted(StepOperations operations) {
        return new FileCacheController(cloud, operations, clock);
    }

    /** FSx's ClientRequestToken for generation {@code generation} of volume {@code name}. */
    private static String token(String name, int generation) {
        return ClientTokens.token(name, generation).substring(0, FileCacheController.TOKEN_LENGTH);
    }

    @Test
    void createsOneCacheTaggedWithTheNameAndAnswersAbortedUntilItIsAvailable() {
        var request = create("pvc-1", 1000, "extraTags", "team=ml");

        fails(Code.ABORTED, () -> controller.createVolume(request), "volume pvc-1", "CREATING");
        fails(Code.ABORTED, () -> controller.createVolume(request), "CREATING");

        assertEquals(1, cloud.ids().size());
        String id = cloud.ids().getFirst();
        assertEquals(List.of(token("pvc-1", 1)), cloud.createTokens, "one CreateFileCache, with the name's first token");
        var sent = cloud.createRequests.getFirst();
        assertEquals(1200, sent.settings().storageCapacityGiB(), "1000 GiB rounded up to the smallest cache");
        assertEquals(Map.of("team", "ml", "CSIVolumeName", "pvc-1"), sent.tags());
        assertEquals(List.of("create:pvc-1"), operations.started);

        cloud.finishCreating(id);
        Volume volume = controller.createVolume(request);

        assertEquals(id, volume.id());
        assertEquals(1200 * GIB, volume.capacityBytes());
        assertEquals(Map.of("dnsname", id + FakeFileCacheCloud.DNS_SUFFIX, "mountname", cloud.state(id).mountName), volume.context());
        assertEquals(List.of(), volume.accessible(), "reachable from every zone of the VPC: no topology");
        assertEquals(volume, controller.createVolume(request), "a repeated call answers the same volume");
        assertEquals(1, cloud.createTokens.size());
    }

    @Test
    void aRestartedControllerFindsTheCacheByItsNameTagAfterTheTokenExpired() {
        var request = create("pvc-1", 1200);
        fails(Code.ABORTED, () -> controller.createVolume(request));
        cloud.expireTokens();

        StepOperations afterRestart = new StepOperations();
        FileCacheController restarted = restarted(afterRestart);
        fails(Code.ABORTED, () -> restarted.createVolume(request), "CREATING");
        cloud.finishCreating(cloud.ids().getFirst());

        assertEquals(cloud.ids().getFirst(), restarted.createVolume(request).id());
        assertEquals(1, cloud.ids().size());
        assertEquals(1, cloud.createTokens.size(), "the restarted controller created nothing");
        assertEquals(List.of(), afterRestart.started);
    }

    @Test
    void aCacheTheListingDoesNotShowYetIsAnsweredByItsTokenNotCreatedTwice() {
        cloud.listingLag = 3;
        var request = create("pvc-1", 1200);
        fails(Code.ABORTED, () -> controller.createVolume(request));

        // After a restart the listing misses the new cache, so the controller creates again, with
        // the same token: FSx answers with the cache it made for it.
        fails(Code.ABORTED, () -> restarted(new StepOperations()).createVolume(request), "CREATING");

        assertEquals(List.of(token("pvc-1", 1), token("pvc-1", 1)), cloud.createTokens);
        assertEquals(1, cloud.ids().size());
    }

    @Test
    void onceTheCacheIsKnownItIsPolledByIdNotListed() {
        var request = create("pvc-1", 1200);
        fails(Code.ABORTED, () -> controller.createVolume(request));
        String id = cloud.ids().getFirst();
        int listings = cloud.listings;

        // the core's waiter keeps its operation between polls; StepOperations builds a new one per
        // call, so this polls one operation as the waiter would
        var creation = new CacheCreation(new VolumeRequest("pvc-1", VolumeParameters.resolve(request),
                request.capacity(), Map.of("CSIVolumeName", "pvc-1")), cloud, new ClientTokens(clock, FileCacheController.TOKEN_LENGTH), Duration.ofSeconds(1));
        creation.check();
        int afterFirst = cloud.listings;
        cloud.describes.clear();
        for (int poll = 0; poll < 5; poll++) {
            creation.check();
        }

        assertEquals(listings + 1, afterFirst, "the first check lists, to find the cache by its tag");
        assertEquals(afterFirst, cloud.listings, "later polls do not list");
        assertEquals(List.of(id, id, id, id, id), cloud.describes, "one look-up by id per poll");
    }

    @Test
    void aTokenUsedBeforeWithOtherParametersMovesToTheNextGeneration() {
        cloud.useToken(token("pvc-1", 1));
        var request = create("pvc-1", 1200);

        fails(Code.ABORTED, () -> controller.createVolume(request), "CREATING");
        cloud.finishCreating(cloud.ids().getFirst());

        assertEquals(List.of(token("pvc-1", 1), token("pvc-1", 2)), cloud.createTokens);
        assertEquals(cloud.ids().getFirst(), controller.createVolume(request).id());
        assertEquals(cloud.ids().getFirst(), restarted(new StepOperations()).createVolume(request).id(), "found by its tag");
        assertEquals(2, cloud.createTokens.size());
        assertEquals(1, cloud.ids().size());
    }

    @Test
    void tokensRefusedOverAndOverAreAlreadyExists() {
        for (int generation = 1; generation <= 5; generation++) {
            cloud.useToken(token("pvc-1", generation));
        }

        fails(Code.ALREADY_EXISTS, () -> controller.createVolume(create("pvc-1", 1200)), "pvc-1");

        assertEquals(List.of(), cloud.ids());
    }

    @Test
    void aFailedCacheIsReportedWithFsxsMessageDeletedAndTheNextCallCreatesAFreshOneWithANewToken() {
        var request = create("pvc-1", 1200);
        fails(Code.ABORTED, () -> controller.createVolume(request));
        String failed = cloud.ids().getFirst();
        cloud.fail(failed, "The S3 bucket training-data is not in the cache's Region.");

        fails(Code.INTERNAL, () -> controller.createVolume(request), failed, "pvc-1",
                "The S3 bucket training-data is not in the cache's Region.");

        assertEquals(List.of("create:pvc-1"), operations.discarded);
        assertEquals(List.of(failed), cloud.deletes, "the failed cache is deleted, not left behind");
        assertEquals(CacheLifecycle.DELETING, cloud.state(failed).lifecycle);

        fails(Code.ABORTED, () -> controller.createVolume(request), "DELETING", failed);
        assertEquals(1, cloud.createTokens.size(), "nothing new while the failed one is being deleted");

        cloud.finishDeleting(failed);
        fails(Code.ABORTED, () -> controller.createVolume(request), "CREATING");
        String fresh = cloud.ids().getFirst();
        cloud.finishCreating(fresh);

        assertNotEquals(failed, fresh);
        assertEquals(fresh, controller.createVolume(request).id());
        assertEquals(List.of(token("pvc-1", 1), token("pvc-1", 2)), cloud.createTokens,
                "a new token: the failed one's would be answered with the failed cache");
    }

    @Test
    void aFailedCacheFoundAfterARestartIsReportedDeletedAndReplaced() {
        var request = create("pvc-1", 1200);
        fails(Code.ABORTED, () -> controller.createVolume(request));
        String failed = cloud.ids().getFirst();
        cloud.fail(failed, "The subnet ran out of IP addresses.");

        FileCacheController restarted = restarted(new StepOperations());
        fails(Code.INTERNAL, () -> restarted.createVolume(request), "The subnet ran out of IP addresses.");
        cloud.finishDeleting(failed);
        fails(Code.ABORTED, () -> restarted.createVolume(request), "CREATING");

        assertEquals(1, cloud.ids().size());
        assertNotEquals(failed, cloud.ids().getFirst());
        assertEquals(List.of(token("pvc-1", 1), token("pvc-1", 2)), cloud.createTokens);
    }

    @Test
    void aCacheFsxDoesNotShowYetEvenByIdIsNeverCreatedTwice() {
        cloud.listingLag = 4;
        cloud.describeLag = 4;
        var request = create("pvc-1", 1200);

        for (int call = 0; call < 4; call++) {
            fails(Code.ABORTED, () -> controller.createVolume(request));
        }
        fails(Code.ABORTED, () -> restarted(new StepOperations()).createVolume(request), "CREATING");

        assertEquals(1, cloud.ids().size(), "a cache FSx does not show yet is not taken for gone");
        assertTrue(cloud.createTokens.stream().allMatch(token("pvc-1", 1)::equals), cloud.createTokens.toString());
    }

    @Test
    void aTokenAnsweredWithACacheDeletedSinceIsWaitedOutNotDuplicated() {
        var request = create("pvc-1", 1200);
        fails(Code.ABORTED, () -> controller.createVolume(request));
        String failed = cloud.ids().getFirst();
        cloud.fail(failed, "internal error");
        fails(Code.INTERNAL, () -> controller.createVolume(request));
        cloud.finishDeleting(failed);

        // A restarted controller does not remember that generation 1 is spent, and this FSx still
        // answers its token, with the gone cache as first created: no look-up shows it, which is
        // also what a new cache looks like while FSx's listings lag. So wait.
        FileCacheController restarted = restarted(new StepOperations());
        fails(Code.ABORTED, () -> restarted.createVolume(request));
        fails(Code.ABORTED, () -> restarted.createVolume(request));
        assertEquals(List.of(), cloud.ids());

        cloud.expireTokens();
        fails(Code.ABORTED, () -> restarted.createVolume(request), "CREATING");
        assertEquals(1, cloud.ids().size());
        assertNotEquals(failed, cloud.ids().getFirst());
        assertEquals(Optional.of("pvc-1"), cloud.state(cloud.ids().getFirst()).volumeName);
    }

    @Test
    void theNameOfACacheWithOtherSettingsIsAlreadyExistsNamingTheDifferences() {
        fails(Code.ABORTED, () -> controller.createVolume(create("pvc-1", 1200)));
        cloud.finishCreating(cloud.ids().getFirst());

        fails(Code.ALREADY_EXISTS, () -> controller.createVolume(create("pvc-1", 1200, "subnetId", "subnet-0fedcba9876543210")),
                "pvc-1", "subnet subnet-0123456789abcdef0, not subnet-0fedcba9876543210");
        fails(Code.ALREADY_EXISTS, () -> controller.createVolume(create("pvc-1", 3000)),
                "1200 GiB, outside the requested capacity range");
        fails(Code.ALREADY_EXISTS, () -> controller.createVolume(create("pvc-1", 1200, "dataRepositoryAssociations",
                "FileCachePath=/ns1/,DataRepositoryPath=s3://training-data/set2/")), "data repository associations",
                "s3://training-data/set1/", "s3://training-data/set2/");

        assertEquals(1, cloud.createTokens.size());
    }

    @Test
    void associationsAreComparedAsFsxSpellsThemAndOnlyOnceFsxShowsThemAll() {
        fails(Code.ABORTED, () -> controller.createVolume(create("pvc-1", 1200)));
        String id = cloud.finishCreating(cloud.ids().getFirst());
        // FSx adds a slash to an S3 path, and may list paths without the one given
        cloud.state(id).associations = List.of(new CacheAssociation("/ns1", "s3://training-data/set1/", List.of(), Optional.empty(),
                List.of()));
        assertEquals(id, controller.createVolume(create("pvc-1", 1200, "dataRepositoryAssociations",
                "FileCachePath=/ns1,DataRepositoryPath=s3://training-data/set1")).id());

        cloud.associationsVisible = false;
        assertEquals(id, controller.createVolume(create("pvc-1", 1200, "dataRepositoryAssociations",
                "FileCachePath=/other/,DataRepositoryPath=s3://training-data/set1/")).id(),
                "associations FSx does not show yet are not compared");
    }

    @Test
    void nfsAssociationsAreComparedWithTheirExportsAndDnsServers() {
        String nfs = "FileCachePath=/,DataRepositoryPath=nfs://filer.example.com,DataRepositorySubdirectories=[/export1,export2],"
                + "NFS={Version=NFS3,DnsIps=[10.0.0.3,10.0.0.2]}";
        fails(Code.ABORTED, () -> controller.createVolume(create("pvc-1", 1200, "dataRepositoryAssociations", nfs)));
        String id = cloud.finishCreating(cloud.ids().getFirst());
        cloud.state(id).associations = List.of(new CacheAssociation("/", "nfs://filer.example.com/", List.of("/export2", "/export1"),
                Optional.of("NFS3"), List.of("10.0.0.2", "10.0.0.3")));

        assertEquals(id, controller.createVolume(create("pvc-1", 1200, "dataRepositoryAssociations", nfs)).id());
        fails(Code.ALREADY_EXISTS, () -> controller.createVolume(create("pvc-1", 1200, "dataRepositoryAssociations",
                nfs.replace("export2", "export3"))), "data repository associations");
    }

    @Test
    void aRetryWithAnotherSizeWhileCreatingIsAlreadyExists() {
        fails(Code.ABORTED, () -> controller.createVolume(create("pvc-1", 1200)));

        fails(Code.ALREADY_EXISTS, () -> controller.createVolume(create("pvc-1", 4800)), "1200 GiB");
        assertEquals(1, cloud.createTokens.size());
    }

    @Test
    void ofSeveralCachesWithTheNameTheAvailableOneIsTheVolumeAndNoneIsMade() {
        var request = create("pvc-1", 1200);
        fails(Code.ABORTED, () -> controller.createVolume(request));
        // as aws-file-cache-csi-driver could leave them: a duplicate, made later, that became available first
        cloud.expireTokens();
        clock.advance(Duration.ofMinutes(10));
        cloud.create(cloud.createRequests.getFirst());
        String older = cloud.ids().get(0);
        String newer = cloud.ids().get(1);
        cloud.finishCreating(newer);

        assertEquals(newer, controller.createVolume(request).id());
        cloud.finishCreating(older);
        assertEquals(2, cloud.ids().size());
    }

    @Test
    void onlyLustreOrNoFilesystemTypeIsAccepted() {
        fails(Code.INVALID_ARGUMENT, () -> controller.createVolume(create("pvc-1", new CapacityRange(1200 * GIB, 0),
                Requests.storageClass(), VolumeCapability.filesystem("ext4", AccessMode.SINGLE_NODE_WRITER))), "ext4");
        assertEquals(List.of(), cloud.createTokens);

        fails(Code.ABORTED, () -> controller.createVolume(create("pvc-1", new CapacityRange(1200 * GIB, 0),
                Requests.storageClass(), VolumeCapability.filesystem("lustre", AccessMode.SINGLE_NODE_WRITER))));
    }

    @Test
    void aSizeFileCacheDoesNotOfferWithinTheLimitIsOutOfRangeBeforeFsxIsAsked() {
        fails(Code.OUT_OF_RANGE, () -> controller.createVolume(create("pvc-1", new CapacityRange(1300 * GIB, 2000 * GIB),
                Requests.storageClass(), VolumeCapability.filesystem("", AccessMode.MULTI_NODE_MULTI_WRITER))), "2400 GiB");
        assertEquals(List.of(), cloud.createTokens);
    }

    @Test
    void theTokenIsWithinFsxsLimit() {
        fails(Code.ABORTED, () -> controller.createVolume(create("pvc-" + "x".repeat(200), 1200)));

        String token = cloud.createTokens.getFirst();
        assertEquals(63, token.length());
        assertTrue(token.matches("[A-Za-z0-9_.-]{1,63}"), token);
    }
}
