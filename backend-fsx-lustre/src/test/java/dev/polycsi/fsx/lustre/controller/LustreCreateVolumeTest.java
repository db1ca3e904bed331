package dev.polycsi.fsx.lustre.controller;

import static dev.polycsi.fsx.lustre.controller.Requests.GIB;
import static dev.polycsi.fsx.lustre.controller.Requests.PERSISTENT_2;
import static dev.polycsi.fsx.lustre.controller.Requests.create;
import static dev.polycsi.fsx.lustre.controller.Requests.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.core.conformance.StepOperations;
import dev.polycsi.core.conformance.MutableClock;
import dev.polycsi.aws.idempotency.ClientTokens;
import dev.polycsi.fsx.lustre.cloud.Lifecycle;
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
 * CreateVolume: one file system per volume name across calls, restarts, lost answers, lagging
 * listings and expired or refused tokens; failures reported with FSx's words and cleaned up.
 */
class LustreCreateVolumeTest {

    final MutableClock clock = new MutableClock();
    final FakeLustreCloud cloud = new FakeLustreCloud(clock);
    final StepOperations operations = new StepOperations();
    final LustreController controller = new LustreController(cloud, operations, clock);

    /** A controller as after a restart: the same FSx, nothing in memory. */
    private LustreController restarted(StepOperations operations) {
        return new LustreController(cloud, operations, clock);
    }

    /** FSx's ClientRequestToken for generation {@code generation} of volume {@code name}. */
    private static String token(String name, int generation) {
        return ClientTokens.token(name, generation).substring(0, LustreController.TOKEN_LENGTH);
    }

    @Test
    void createsOneFileSystemTaggedWithTheNameAndAnswersAbortedUntilItIsAvailable() {
        var request = create("pvc-1", 1000, "deploymentType", "PERSISTENT_2", "perUnitStorageThroughput", "125", "extraTags", "team=ml");

        fails(Code.ABORTED, () -> controller.createVolume(request), "volume pvc-1", "CREATING");
        fails(Code.ABORTED, () -> controller.createVolume(request), "CREATING");

        assertEquals(1, cloud.ids().size());
        String id = cloud.ids().getFirst();
        assertEquals(List.of(token("pvc-1", 1)), cloud.createTokens, "one CreateFileSystem, with the name's first token");
        var sent = cloud.createRequests.getFirst();
        assertEquals(1200, sent.storageCapacityGiB(), "1000 GiB rounded up to the smallest PERSISTENT_2 size");
        assertEquals(Map.of("team", "ml", "CSIVolumeName", "pvc-1"), sent.tags());
        assertEquals(List.of("create:pvc-1"), operations.started);

        cloud.finishCreating(id);
        Volume volume = controller.createVolume(request);

        assertEquals(id, volume.id());
        assertEquals(1200 * GIB, volume.capacityBytes());
        assertEquals(Map.of("dnsname", id + FakeLustreCloud.DNS_SUFFIX, "mountname", cloud.state(id).mountName), volume.context());
        assertEquals(List.of(), volume.accessible(), "reachable from every zone of the VPC: no topology");
        assertEquals(volume, controller.createVolume(request), "a repeated call answers the same volume");
        assertEquals(1, cloud.createTokens.size());
    }

    @Test
    void aRestartedControllerFindsTheFileSystemByItsNameTagAfterTheTokenExpired() {
        var request = create("pvc-1", 1200, PERSISTENT_2);
        fails(Code.ABORTED, () -> controller.createVolume(request));
        cloud.expireTokens(); // FSx's token window is short and undocumented (aws-fsx-csi-driver PR #453)

        StepOperations afterRestart = new StepOperations();
        LustreController restarted = restarted(afterRestart);
        fails(Code.ABORTED, () -> restarted.createVolume(request), "CREATING");
        cloud.finishCreating(cloud.ids().getFirst());

        assertEquals(cloud.ids().getFirst(), restarted.createVolume(request).id());
        assertEquals(1, cloud.ids().size());
        assertEquals(1, cloud.createTokens.size(), "the restarted controller created nothing");
        assertEquals(List.of(), afterRestart.started);
    }

    @Test
    void aFileSystemTheListingDoesNotShowYetIsAnsweredByItsTokenNotCreatedTwice() {
        cloud.listingLag = 3;
        var request = create("pvc-1", 1200, PERSISTENT_2);
        fails(Code.ABORTED, () -> controller.createVolume(request));

        // After a restart the listing misses the new file system, so the controller creates again,
        // with the same token: FSx answers with the file system it made for it.
        fails(Code.ABORTED, () -> restarted(new StepOperations()).createVolume(request), "CREATING");

        assertEquals(List.of(token("pvc-1", 1), token("pvc-1", 1)), cloud.createTokens);
        assertEquals(1, cloud.ids().size());
    }

    @Test
    void aTokenUsedBeforeWithOtherParametersMovesToTheNextGeneration() {
        cloud.useToken(token("pvc-1", 1));
        var request = create("pvc-1", 1200, PERSISTENT_2);

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

        fails(Code.ALREADY_EXISTS, () -> controller.createVolume(create("pvc-1", 1200, PERSISTENT_2)), "pvc-1");

        assertEquals(List.of(), cloud.ids());
    }

    @Test
    void aFailedFileSystemIsReportedWithFsxsMessageDeletedAndTheNextCallCreatesAFreshOneWithANewToken() {
        var request = create("pvc-1", 1200, PERSISTENT_2);
        fails(Code.ABORTED, () -> controller.createVolume(request));
        String failed = cloud.ids().getFirst();
        cloud.fail(failed, "Amazon FSx does not have enough capacity in the requested Availability Zone.");

        fails(Code.INTERNAL, () -> controller.createVolume(request), failed, "pvc-1",
                "Amazon FSx does not have enough capacity in the requested Availability Zone.");

        assertEquals(List.of("create:pvc-1"), operations.discarded);
        assertEquals(List.of(failed), cloud.deletes, "the failed file system is deleted, not left behind");
        assertEquals(Lifecycle.DELETING, cloud.state(failed).lifecycle);

        fails(Code.ABORTED, () -> controller.createVolume(request), "DELETING", failed);
        assertEquals(1, cloud.createTokens.size(), "nothing new while the failed one is being deleted");

        cloud.finishDeleting(failed);
        fails(Code.ABORTED, () -> controller.createVolume(request), "CREATING");
        String fresh = cloud.ids().getFirst();
        cloud.finishCreating(fresh);

        assertNotEquals(failed, fresh);
        assertEquals(fresh, controller.createVolume(request).id());
        assertEquals(List.of(token("pvc-1", 1), token("pvc-1", 2)), cloud.createTokens,
                "a new token: the failed one's would be answered with the failed file system");
    }

    @Test
    void aFailedFileSystemFoundAfterARestartIsReportedDeletedAndReplaced() {
        var request = create("pvc-1", 1200, PERSISTENT_2);
        fails(Code.ABORTED, () -> controller.createVolume(request));
        String failed = cloud.ids().getFirst();
        cloud.fail(failed, "The subnet ran out of IP addresses.");

        LustreController restarted = restarted(new StepOperations());
        fails(Code.INTERNAL, () -> restarted.createVolume(request), "The subnet ran out of IP addresses.");
        cloud.finishDeleting(failed);
        fails(Code.ABORTED, () -> restarted.createVolume(request), "CREATING");

        assertEquals(1, cloud.ids().size());
        assertNotEquals(failed, cloud.ids().getFirst());
        assertEquals(List.of(token("pvc-1", 1), token("pvc-1", 2)), cloud.createTokens);
    }

    @Test
    void aFileSystemFsxDoesNotShowYetEvenByIdIsNeverCreatedTwice() {
        cloud.listingLag = 4;
        cloud.describeLag = 4;
        var request = create("pvc-1", 1200, PERSISTENT_2);

        for (int call = 0; call < 4; call++) {
            fails(Code.ABORTED, () -> controller.createVolume(request));
        }
        fails(Code.ABORTED, () -> restarted(new StepOperations()).createVolume(request), "CREATING");

        assertEquals(1, cloud.ids().size(), "a file system FSx does not show yet is not taken for gone");
        assertTrue(cloud.createTokens.stream().allMatch(token("pvc-1", 1)::equals), cloud.createTokens.toString());
    }

    @Test
    void aTokenAnsweredWithAFileSystemDeletedSinceIsWaitedOutNotDuplicated() {
        var request = create("pvc-1", 1200, PERSISTENT_2);
        fails(Code.ABORTED, () -> controller.createVolume(request));
        String failed = cloud.ids().getFirst();
        cloud.fail(failed, "internal error");
        fails(Code.INTERNAL, () -> controller.createVolume(request));
        cloud.finishDeleting(failed);

        // A restarted controller does not remember that generation 1 is spent, and this FSx still
        // answers its token, with the gone file system as first created: no look-up shows it, which
        // is also what a new file system looks like while FSx's listings lag. So wait.
        LustreController restarted = restarted(new StepOperations());
        fails(Code.ABORTED, () -> restarted.createVolume(request));
        fails(Code.ABORTED, () -> restarted.createVolume(request));
        assertEquals(List.of(), cloud.ids());

        cloud.expireTokens();
        fails(Code.ABORTED, () -> restarted.createVolume(request), "CREATING");
        assertEquals(1, cloud.ids().size());
        assertNotEquals(failed, cloud.ids().getFirst());
        assertEquals(Optional.of("pvc-1"), Optional.ofNullable(cloud.state(cloud.ids().getFirst()).tags.get("CSIVolumeName")));
    }

    @Test
    void theNameOfAFileSystemWithOtherSettingsIsAlreadyExists() {
        fails(Code.ABORTED, () -> controller.createVolume(create("pvc-1", 1200, PERSISTENT_2)));
        cloud.finishCreating(cloud.ids().getFirst());

        fails(Code.ALREADY_EXISTS, () -> controller.createVolume(create("pvc-1", 1200, "deploymentType", "PERSISTENT_1",
                "perUnitStorageThroughput", "50")), "pvc-1", "deployment type PERSISTENT_2, not PERSISTENT_1",
                "perUnitStorageThroughput 125, not 50");
        fails(Code.ALREADY_EXISTS, () -> controller.createVolume(create("pvc-1", 1200, "deploymentType", "PERSISTENT_2",
                "perUnitStorageThroughput", "125", "subnetId", "subnet-0fedcba9876543210")), "subnet");
        fails(Code.ALREADY_EXISTS, () -> controller.createVolume(create("pvc-1", 3000, PERSISTENT_2)),
                "1200 GiB, outside the requested capacity range");

        assertEquals(1, cloud.createTokens.size());
    }

    @Test
    void aRetryWithAnotherSizeWhileCreatingIsAlreadyExists() {
        fails(Code.ABORTED, () -> controller.createVolume(create("pvc-1", 1200, PERSISTENT_2)));

        fails(Code.ALREADY_EXISTS, () -> controller.createVolume(create("pvc-1", 4800, PERSISTENT_2)), "1200 GiB");
        assertEquals(1, cloud.createTokens.size());
    }

    @Test
    void aMisconfiguredFileSystemIsWaitedForWithFsxsReasonNotDeleted() {
        var request = create("pvc-1", 1200, PERSISTENT_2);
        fails(Code.ABORTED, () -> controller.createVolume(request));
        String id = cloud.ids().getFirst();
        cloud.misconfigure(id, "Amazon FSx cannot access the AWS KMS key.");

        fails(Code.ABORTED, () -> controller.createVolume(request), "MISCONFIGURED", "Amazon FSx cannot access the AWS KMS key.");

        assertEquals(List.of(), cloud.deletes, "recoverable, says FSx: left for the owner to fix");
        cloud.finishCreating(id);
        assertEquals(id, controller.createVolume(request).id());
    }

    @Test
    void ofSeveralFileSystemsWithTheNameTheAvailableOneIsTheVolumeAndNoneIsMade() {
        var request = create("pvc-1", 1200, PERSISTENT_2);
        fails(Code.ABORTED, () -> controller.createVolume(request));
        // as aws-fsx-csi-driver could leave them: a duplicate, made later, that became available first
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
                Requests.storageClass(PERSISTENT_2), Map.of(), VolumeCapability.filesystem("ext4", AccessMode.SINGLE_NODE_WRITER))), "ext4");
        assertEquals(List.of(), cloud.createTokens);

        fails(Code.ABORTED, () -> controller.createVolume(create("pvc-1", new CapacityRange(1200 * GIB, 0),
                Requests.storageClass(PERSISTENT_2), Map.of(), VolumeCapability.filesystem("lustre", AccessMode.SINGLE_NODE_WRITER))));
    }

    @Test
    void aVolumeAttributesClassAtCreationSetsTheThroughputAndMetadata() {
        var request = create("pvc-1", new CapacityRange(1200 * GIB, 0), Requests.storageClass(PERSISTENT_2),
                Map.of("perUnitStorageThroughput", "500", "metadataConfigurationMode", "USER_PROVISIONED", "metadataIops", "6000"),
                VolumeCapability.filesystem("", AccessMode.MULTI_NODE_MULTI_WRITER));

        fails(Code.ABORTED, () -> controller.createVolume(request));
        cloud.finishCreating(cloud.ids().getFirst());

        var settings = cloud.createRequests.getFirst().settings();
        assertEquals(Optional.of(500), settings.perUnitStorageThroughput());
        assertEquals(Optional.of(6000), settings.metadata().flatMap(m -> m.iops()));
        assertEquals(cloud.ids().getFirst(), controller.createVolume(request).id(), "and the file system made so is that volume");
    }

    @Test
    void theTokenIsWithinFsxsLimit() {
        fails(Code.ABORTED, () -> controller.createVolume(create("pvc-" + "x".repeat(200), 1200, PERSISTENT_2)));

        String token = cloud.createTokens.getFirst();
        assertEquals(63, token.length());
        assertTrue(token.matches("[A-Za-z0-9_.-]{1,63}"), token);
    }
}
