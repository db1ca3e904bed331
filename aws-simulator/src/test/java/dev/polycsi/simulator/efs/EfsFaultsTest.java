package dev.polycsi.simulator.efs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.efs.model.EfsException;
import software.amazon.awssdk.services.efs.model.InternalServerErrorException;
import software.amazon.awssdk.services.efs.model.ThrottlingException;

/** The shared pipeline (throttling, injected faults, authentication, counters) as the EFS client sees it. */
class EfsFaultsTest {

    @TempDir
    Path dataDir;

    private EfsFixture fixture;

    @BeforeEach
    void start() {
        fixture = EfsFixture.start(dataDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void anEmptyTokenBucketAnswersThrottlingException() {
        fixture.knobs().set("throttle.efs.DescribeAccessPoints", "0/1");
        fixture.efs.describeAccessPoints(r -> r.fileSystemId(EfsFixture.SEEDED));

        ThrottlingException e = assertThrows(ThrottlingException.class,
                () -> fixture.efs.describeAccessPoints(r -> r.fileSystemId(EfsFixture.SEEDED)));

        assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
        assertEquals(429, e.statusCode());
        assertTrue(e.isThrottlingException());
        assertEquals(1, fixture.simulator.counters().throttled("efs", "DescribeAccessPoints"));
        fixture.efs.describeFileSystems(r -> r.fileSystemId(EfsFixture.SEEDED));
    }

    @Test
    void anInjectedInternalErrorIsEfssInternalServerError() {
        fixture.knobs().set("errors.CreateAccessPoint", "1");

        InternalServerErrorException e = assertThrows(InternalServerErrorException.class, () -> fixture.createAccessPoint("faulty", "/f"));

        assertEquals("InternalServerError", e.awsErrorDetails().errorCode());
        assertEquals(500, e.statusCode());
        assertEquals(0, fixture.efs.describeAccessPoints(r -> r.fileSystemId(EfsFixture.SEEDED)).accessPoints().size());
    }

    @Test
    void anInjectedUnavailableIs503() {
        fixture.knobs().set("unavailable.DescribeFileSystems", "1");

        EfsException e = assertThrows(EfsException.class, () -> fixture.efs.describeFileSystems(r -> { }));

        assertEquals(503, e.statusCode());
        assertEquals("Unavailable", e.awsErrorDetails().errorCode());
    }

    @Test
    void callsAndErrorsAreCountedPerAction() {
        fixture.createAccessPoint("counted", "/c");
        assertThrows(EfsException.class, () -> fixture.createAccessPoint("counted", "/c"));

        assertEquals(2, fixture.simulator.counters().calls("efs", "CreateAccessPoint"));
        assertEquals(1, fixture.simulator.counters().errors("efs", "CreateAccessPoint"));
    }

    @Test
    void anUnsignedRequestIsRefused() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(fixture.simulator.endpoint() + "/2015-02-01/file-systems")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(403, response.statusCode());
            assertEquals("MissingAuthenticationToken", response.headers().firstValue("x-amzn-ErrorType").orElseThrow());
            assertTrue(response.body().contains("\"ErrorCode\":\"MissingAuthenticationToken\""), response.body());
        }
    }

    @Test
    void anOperationTheSimulatorLacksIsBadRequestNamingIt() {
        EfsException e = assertThrows(EfsException.class,
                () -> fixture.efs.describeLifecycleConfiguration(r -> r.fileSystemId(EfsFixture.SEEDED)));

        assertEquals("BadRequest", e.awsErrorDetails().errorCode());
        assertTrue(e.awsErrorDetails().errorMessage().contains("lifecycle-configuration"), e.awsErrorDetails().errorMessage());
    }
}
