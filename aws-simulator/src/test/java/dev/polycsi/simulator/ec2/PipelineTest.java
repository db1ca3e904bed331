package dev.polycsi.simulator.ec2;

import static dev.polycsi.simulator.ec2.Ec2Fixture.INSTANCE;
import static dev.polycsi.simulator.ec2.Ec2Fixture.assertErrorCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.simulator.SimContext;
import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.http.SimRequest;
import dev.polycsi.simulator.knobs.Counters;
import dev.polycsi.simulator.knobs.Knobs;
import dev.polycsi.simulator.storage.BlockStorage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.VolumeState;

/** What the shared pipeline does to EC2 calls: throttling, injected faults, counters, authentication. */
class PipelineTest {

    @TempDir
    Path dataDir;

    private Ec2Fixture sim;

    @BeforeEach
    void start() {
        sim = Ec2Fixture.start(SimulatorConfig.defaults(dataDir));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void aBurstBeyondTheMutatingBucketIsRequestLimitExceeded() {
        List<String> volumes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            volumes.add(sim.createVolume(10));
        }
        sim.knobs().set("throttle.ec2.mutating", "1/2");

        List<Ec2Exception> throttled = new ArrayList<>();
        for (String volumeId : volumes) {
            try {
                sim.ec2.modifyVolume(r -> r.volumeId(volumeId).size(20));
            } catch (Ec2Exception e) {
                throttled.add(e);
            }
        }

        assertTrue(throttled.size() >= 1, "no call was throttled");
        assertEquals("RequestLimitExceeded", throttled.getFirst().awsErrorDetails().errorCode());
        assertEquals(503, throttled.getFirst().statusCode());
        assertEquals(throttled.size(), sim.simulator.counters().throttled("ec2", "ModifyVolume"));
        sim.createVolume();
        sim.ec2.describeVolumes();
    }

    @Test
    void theSdkRetriesThrottledCallsUntilTheyGoThrough() {
        List<String> volumes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            volumes.add(sim.createVolume(10));
        }
        sim.knobs().set("throttle.ec2.mutating", "4/1");

        try (Ec2Client retrying = sim.retryingClient(20)) {
            for (String volumeId : volumes) {
                assertEquals(20, retrying.modifyVolume(r -> r.volumeId(volumeId).size(20)).volumeModification().targetSize());
            }
        }

        assertTrue(sim.simulator.counters().throttled("ec2", "ModifyVolume") > 0);
    }

    @Test
    void uncategorizedActionsHaveTheirOwnBucket() {
        sim.knobs().set("throttle.ec2.CreateVolume", "0.001/1");
        sim.createVolume();

        assertErrorCode("RequestLimitExceeded", sim::createVolume);
        String volumeId = sim.ec2.describeVolumes().volumes().getFirst().volumeId();
        sim.ec2.attachVolume(r -> r.volumeId(volumeId).instanceId(INSTANCE).device("/dev/sdf"));
    }

    @Test
    void injectedInternalErrorsSurfaceAfterTheSdksRetries() {
        sim.knobs().set("errors.DescribeVolumes", "1");
        sim.simulator.counters().reset();

        try (Ec2Client retrying = sim.retryingClient(3)) {
            Ec2Exception error = assertThrows(Ec2Exception.class, retrying::describeVolumes);
            assertEquals("InternalError", error.awsErrorDetails().errorCode());
            assertEquals(500, error.statusCode());
            assertEquals(3, sim.simulator.counters().calls("ec2", "DescribeVolumes"));
            assertEquals(3, sim.simulator.counters().errors("ec2", "DescribeVolumes"));

            sim.knobs().reset();
            assertTrue(retrying.describeVolumes().volumes().isEmpty());
        }
    }

    @Test
    void injectedUnavailabilityIs503Unavailable() {
        sim.knobs().set("unavailable.CreateVolume", "1");

        Ec2Exception error = assertThrows(Ec2Exception.class, sim::createVolume);

        assertEquals("Unavailable", error.awsErrorDetails().errorCode());
        assertEquals(503, error.statusCode());
    }

    @Test
    void aDroppedAnswerLeavesTheCallDoneAndTheCallerWithoutAResponse() {
        sim.knobs().set("drop.CreateVolume", "1");
        sim.simulator.counters().reset();

        // The connection closes without a status line: the SDK cannot tell whether EC2 acted.
        SdkClientException error = assertThrows(SdkClientException.class, sim::createVolume);
        assertTrue(error.getMessage() != null, "the SDK names the I/O failure");

        sim.knobs().reset();
        assertEquals(1, sim.ec2.describeVolumes().volumes().size(), "the call was carried out before its answer was lost");
        assertEquals(1, sim.simulator.counters().dropped("ec2", "CreateVolume"));
        assertEquals(0, sim.simulator.counters().errors("ec2", "CreateVolume"));
    }

    @Test
    void countersMatchTheCallsMade() {
        sim.simulator.counters().reset();

        String volumeId = sim.createVolume();
        sim.createVolume();
        sim.volume(volumeId);
        assertErrorCode("InvalidVolume.NotFound", () -> sim.volume("vol-0123456789abcdef0"));
        sim.ec2.attachVolume(r -> r.volumeId(volumeId).instanceId(INSTANCE).device("/dev/sdf"));

        Counters counters = sim.simulator.counters();
        assertEquals(2, counters.calls("ec2", "CreateVolume"));
        assertEquals(0, counters.errors("ec2", "CreateVolume"));
        assertEquals(2, counters.calls("ec2", "DescribeVolumes"));
        assertEquals(1, counters.errors("ec2", "DescribeVolumes"));
        assertEquals(1, counters.calls("ec2", "AttachVolume"));
        assertEquals(Map.of("ec2.AttachVolume", 1L, "ec2.CreateVolume", 2L, "ec2.DescribeVolumes", 2L),
                counters.snapshot().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue()[0])));
    }

    @Test
    void anUnsignedRequestIsRefusedWith403() throws Exception {
        HttpResponse<String> response = post("Action=DescribeVolumes&Version=2016-11-15", null);

        assertEquals(403, response.statusCode());
        assertTrue(response.body().contains("<Response><Errors><Error><Code>MissingAuthenticationToken</Code>"), response.body());
        assertTrue(response.body().contains("<RequestID>"), response.body());
    }

    @Test
    void anUnknownActionIsInvalidAction() throws Exception {
        HttpResponse<String> response = post("Action=RunInstances&Version=2016-11-15", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/ec2/aws4_request");

        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("<Code>InvalidAction</Code>"), response.body());
    }

    @Test
    void anotherQueryApiVersionIsNotEc2s() throws Exception {
        HttpResponse<String> response = post("Action=GetCallerIdentity&Version=2011-06-15", "AWS4-HMAC-SHA256 Credential=test");

        assertEquals(404, response.statusCode());
    }

    @Test
    void responsesAreEc2NamespacedXmlWithARequestId() throws Exception {
        HttpResponse<String> response = post("Action=DescribeAvailabilityZones&Version=2016-11-15", "AWS4-HMAC-SHA256 Credential=test");

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/xml"));
        assertTrue(response.body().contains("<DescribeAvailabilityZonesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>"),
                response.body());
        assertTrue(response.body().contains("<availabilityZoneInfo><item><zoneName>us-east-1a</zoneName>"), response.body());
    }

    @Test
    void markupInValuesSurvivesTheRoundTrip() {
        String volumeId = sim.createVolume();
        String value = "<a href=\"x\">&amp; 'quoted'</a>\ttab";

        sim.ec2.createTags(r -> r.resources(volumeId).tags(Tag.builder().key("k&<>").value(value).build()));

        Tag tag = sim.volume(volumeId).tags().getFirst();
        assertEquals("k&<>", tag.key());
        assertEquals(value, tag.value());
    }

    @Test
    void aStorageFailureIsAnInternalErrorAndChangesNothing() {
        String volumeId = sim.createVolume();
        sim.storage.failOn("attach");

        Ec2Exception error = assertThrows(Ec2Exception.class,
                () -> sim.ec2.attachVolume(r -> r.volumeId(volumeId).instanceId(INSTANCE).device("/dev/sdf")));

        assertEquals("InternalError", error.awsErrorDetails().errorCode());
        assertTrue(error.awsErrorDetails().errorMessage().contains("losetup"), error.awsErrorDetails().errorMessage());
        assertEquals(VolumeState.AVAILABLE, sim.volume(volumeId).state());
    }

    @Test
    void throttleClassesFollowEc2sCategories() {
        Ec2Service ec2 = new Ec2Service(new SimContext(SimulatorConfig.defaults(dataDir), new Knobs(), InstantSource.system(), BlockStorage.NONE));

        assertEquals("describe", ec2.throttleClassOf("DescribeVolumesModifications"));
        assertEquals("describe", ec2.throttleClassOf("DescribeAvailabilityZones"));
        assertEquals("mutating", ec2.throttleClassOf("AttachVolume"));
        assertEquals("mutating", ec2.throttleClassOf("ModifyVolume"));
        assertEquals("CreateVolume", ec2.throttleClassOf("CreateVolume"));
        assertEquals("CreateTags", ec2.throttleClassOf("CreateTags"));
        assertEquals("describe-unfiltered", ec2.throttleClassOf("DescribeVolumes", form("Action=DescribeVolumes&Version=2016-11-15")));
        assertEquals("describe", ec2.throttleClassOf("DescribeVolumes", form("Action=DescribeVolumes&Version=2016-11-15&MaxResults=500")));
        assertEquals("describe", ec2.throttleClassOf("DescribeSnapshots",
                form("Action=DescribeSnapshots&Version=2016-11-15&Filter.1.Name=volume-id&Filter.1.Value.1=vol-1")));
        assertEquals("describe", ec2.throttleClassOf("DescribeAvailabilityZones", form("Action=DescribeAvailabilityZones&Version=2016-11-15")));
        assertEquals("RequestLimitExceeded", ec2.throttled().code());
        assertEquals(503, ec2.throttled().status());
    }

    private static SimRequest form(String body) {
        return new SimRequest("POST", "/", null, Map.of("content-type", List.of("application/x-www-form-urlencoded")),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String body, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.simulator.endpoint() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
