package dev.polycsi.simulator.fsx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.fsx.FSxClient;
import software.amazon.awssdk.services.fsx.model.AdministrativeActionType;
import software.amazon.awssdk.services.fsx.model.FSxException;
import software.amazon.awssdk.services.fsx.model.FileSystem;
import software.amazon.awssdk.services.fsx.model.FileSystemLifecycle;
import software.amazon.awssdk.services.fsx.model.InternalServerErrorException;
import software.amazon.awssdk.services.fsx.model.Status;

/** Failures by knob, throttling, injected faults, counters and requests FSx would not take, as the FSx client sees them. */
class FsxFaultsTest extends AbstractFsxTest {

    @Test
    void aCreationFailureKnobEndsCreationFailedWithItsMessage() {
        fixture.knobs().set("delay.fsx.filesystem.available", "5m");
        fixture.knobs().set("fail.fsx.filesystem.create", "Insufficient capacity in us-east-1a");
        String id = fixture.create("unlucky").fileSystemId();
        assertEquals(FileSystemLifecycle.CREATING, fixture.describe(id).lifecycle());

        fixture.clock.advance(Duration.ofMinutes(5));

        FileSystem failed = fixture.describe(id);
        assertEquals(FileSystemLifecycle.FAILED, failed.lifecycle());
        assertEquals("Insufficient capacity in us-east-1a", failed.failureDetails().message());
        fixture.fsx.deleteFileSystem(r -> r.fileSystemId(id));
    }

    @Test
    void anUpdateFailureKnobEndsTheUpdateFailedWithTheCapacityUnchanged() {
        String id = fixture.createPersistent("grown").fileSystemId();
        fixture.knobs().set("fail.fsx.filesystem.update", "Storage scaling failed");

        fixture.fsx.updateFileSystem(r -> r.fileSystemId(id).storageCapacity(2400));

        FileSystem after = fixture.describe(id);
        var update = after.administrativeActions().getFirst();
        assertEquals(AdministrativeActionType.FILE_SYSTEM_UPDATE, update.administrativeActionType());
        assertEquals(Status.FAILED, update.status());
        assertEquals("Storage scaling failed", update.failureDetails().message());
        assertEquals(1, after.administrativeActions().size(), "no storage optimization after a failed update");
        assertEquals(1200, after.storageCapacity());
        assertEquals(FileSystemLifecycle.AVAILABLE, after.lifecycle());
    }

    @Test
    void anEmptyBucketAnswersThrottlingExceptionWhichTheSdkRetries() {
        fixture.knobs().set("throttle.fsx.*", "0/1");
        fixture.fsx.describeFileSystems();

        FSxException once = assertThrows(FSxException.class, () -> fixture.fsx.describeFileSystems());
        assertEquals("ThrottlingException", once.awsErrorDetails().errorCode());
        assertEquals(400, once.statusCode());
        assertTrue(once.isThrottlingException());
        assertEquals(1, fixture.simulator.counters().throttled("fsx", "DescribeFileSystems"));

        fixture.simulator.counters().reset();
        try (FSxClient retrying = fixture.retryingClient()) {
            FSxException retried = assertThrows(FSxException.class, retrying::describeFileSystems);
            assertEquals("ThrottlingException", retried.awsErrorDetails().errorCode());
        }
        assertEquals(3, fixture.simulator.counters().calls("fsx", "DescribeFileSystems"), "the SDK's standard retries make three attempts");
        assertEquals(3, fixture.simulator.counters().throttled("fsx", "DescribeFileSystems"));
    }

    @Test
    void cacheActionsAreThrottledCountedAndFaultedThroughTheSamePipeline() {
        fixture.knobs().set("throttle.fsx.DescribeFileCaches", "0/1");
        fixture.knobs().set("errors.CreateFileCache", "1");
        fixture.fsx.describeFileCaches(r -> { });

        FSxException throttled = assertThrows(FSxException.class, () -> fixture.fsx.describeFileCaches(r -> { }));
        InternalServerErrorException faulted = assertThrows(InternalServerErrorException.class, () -> fixture.createCache("faulty"));

        assertEquals("ThrottlingException", throttled.awsErrorDetails().errorCode());
        assertTrue(throttled.isThrottlingException());
        assertEquals(500, faulted.statusCode());
        assertEquals(2, fixture.simulator.counters().calls("fsx", "DescribeFileCaches"));
        assertEquals(1, fixture.simulator.counters().throttled("fsx", "DescribeFileCaches"));
        assertEquals(1, fixture.simulator.counters().calls("fsx", "CreateFileCache"));
        fixture.fsx.describeFileSystems();
        fixture.fsx.describeFileSystems();
        assertEquals(0, fixture.simulator.counters().throttled("fsx", "DescribeFileSystems"), "another action's bucket is its own");
    }

    @Test
    void ontapActionsAreThrottledCountedAndFaultedThroughTheSamePipeline() {
        String id = fixture.createVolume("counted", "counted").volumeId();
        fixture.knobs().set("throttle.fsx.DescribeVolumes", "0/1");
        fixture.knobs().set("errors.CreateBackup", "1");
        fixture.fsx.describeVolumes(r -> { });

        FSxException throttled = assertThrows(FSxException.class, () -> fixture.fsx.describeVolumes(r -> { }));
        InternalServerErrorException faulted = assertThrows(InternalServerErrorException.class, () -> fixture.createBackup("faulty", id));

        assertEquals("ThrottlingException", throttled.awsErrorDetails().errorCode());
        assertTrue(throttled.isThrottlingException());
        assertEquals(500, faulted.statusCode());
        assertEquals(2, fixture.simulator.counters().calls("fsx", "DescribeVolumes"));
        assertEquals(1, fixture.simulator.counters().throttled("fsx", "DescribeVolumes"));
        assertEquals(1, fixture.simulator.counters().calls("fsx", "CreateVolume"));
        assertEquals(1, fixture.simulator.counters().errors("fsx", "CreateBackup"));
        assertEquals(List.of(), fixture.fsx.describeBackups(r -> { }).backups(), "a faulted call did nothing");
        fixture.knobs().reset();
        fixture.knobs().set("throttle.fsx.*", "0/1");
        fixture.fsx.describeStorageVirtualMachines(r -> { });
        assertTrue(assertThrows(FSxException.class, () -> fixture.fsx.describeBackups(r -> { })).isThrottlingException(),
                "the service-wide bucket covers the ONTAP actions");
    }

    @Test
    void anInjectedInternalErrorIsFsxsInternalServerError() {
        fixture.knobs().set("errors.CreateFileSystem", "1");

        InternalServerErrorException e = assertThrows(InternalServerErrorException.class, () -> fixture.create("faulty"));

        assertEquals(500, e.statusCode());
        assertEquals(FsxFixture.withOntapSeed(List.of()), fixture.fileSystemIds());
    }

    @Test
    void callsAndErrorsAreCountedPerAction() {
        fixture.create("counted");
        assertThrows(FSxException.class, () -> fixture.create("counted", r -> r.storageCapacity(2400)));

        assertEquals(2, fixture.simulator.counters().calls("fsx", "CreateFileSystem"));
        assertEquals(1, fixture.simulator.counters().errors("fsx", "CreateFileSystem"));
    }

    @Test
    void anOperationTheSimulatorLacksIsUnknownOperation() {
        FSxException e = assertThrows(FSxException.class, () -> fixture.fsx.describeSnapshots(r -> { }));

        assertEquals("UnknownOperationException", e.awsErrorDetails().errorCode());
        assertTrue(e.awsErrorDetails().errorMessage().contains("DescribeSnapshots"), e.awsErrorDetails().errorMessage());
    }

    @Test
    void anUnsignedRequestIsRefusedInFsxsErrorShape() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(fixture.simulator.endpoint() + "/"))
                    .header("X-Amz-Target", "AWSSimbaAPIService_v20180301.DescribeFileSystems")
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(403, response.statusCode());
            assertEquals("MissingAuthenticationToken", response.headers().firstValue("x-amzn-ErrorType").orElseThrow());
            assertTrue(response.body().contains("\"__type\":\"MissingAuthenticationToken\""), response.body());
        }
    }
}
