package dev.polycsi.aws.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.simulator.AwsSimulator;
import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.efs.EfsService;
import dev.polycsi.simulator.knobs.Knobs;
import dev.polycsi.simulator.storage.BlockStorage;
import dev.polycsi.spi.AwsAccess;
import dev.polycsi.spi.metrics.AwsCall;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.efs.EfsClient;

/**
 * Every call of a client built with an observer is reported once, as the simulator saw it: its
 * attempts (the simulator's calls), throttled attempts and the error code it ended with.
 */
class CallRecorderTest {

    private static final ClientConfig THREE_ATTEMPTS = new ClientConfig(3, Duration.ofSeconds(5), Duration.ofSeconds(30));

    @TempDir
    Path dir;
    private AwsSimulator simulator;
    private final List<AwsCall> observed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        simulator = AwsSimulator.start(SimulatorConfig.defaults(dir).withPort(0), new Knobs(), BlockStorage.NONE, List.of(EfsService::new));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private EfsClient client(URI endpoint) {
        return AwsClients.build(EfsClient.builder(), AwsAccess.simulated("us-east-1", endpoint).observedBy(observed::add), THREE_ATTEMPTS);
    }

    @Test
    void aSuccessfulCallIsOneAttemptWithoutError() {
        try (EfsClient efs = client(simulator.endpoint())) {
            efs.describeFileSystems();
        }
        AwsCall call = observed.getFirst();
        assertEquals(1, observed.size());
        assertEquals("EFS", call.service());
        assertEquals("DescribeFileSystems", call.action());
        assertEquals(1, call.attempts());
        assertEquals(0, call.throttledAttempts());
        assertEquals(Optional.empty(), call.errorCode());
        assertTrue(call.duration().compareTo(Duration.ZERO) > 0, "the call took some time");
    }

    @Test
    void anErrorOfTheServiceIsReportedByItsCode() {
        try (EfsClient efs = client(simulator.endpoint())) {
            assertThrows(SdkException.class, () -> efs.describeFileSystems(request -> request.fileSystemId("fs-99999999999999999")));
        }
        assertEquals(Optional.of("FileSystemNotFound"), observed.getFirst().errorCode());
        assertEquals(1, observed.getFirst().attempts(), "not retried");
    }

    @Test
    void throttledAttemptsAndRetriesAreCountedAsTheSimulatorSawThem() {
        simulator.knobs().set("throttle.efs.DescribeFileSystems", "0/1");
        try (EfsClient efs = client(simulator.endpoint())) {
            efs.describeFileSystems(); // the one token
            assertThrows(SdkException.class, efs::describeFileSystems);
        }
        AwsCall throttled = observed.get(1);
        assertEquals(3, throttled.attempts());
        assertEquals(3, throttled.throttledAttempts());
        assertEquals(Optional.of("ThrottlingException"), throttled.errorCode());
        assertEquals(simulator.counters().calls("efs", "DescribeFileSystems"), observed.stream().mapToInt(AwsCall::attempts).sum());
        assertEquals(simulator.counters().throttled("efs", "DescribeFileSystems"),
                observed.stream().mapToInt(AwsCall::throttledAttempts).sum());
    }

    @Test
    void serverErrorsThatARetryGotThroughAreRetriesNotErrors() {
        simulator.knobs().set("errors.DescribeFileSystems", "0.5");
        try (EfsClient efs = client(simulator.endpoint())) {
            for (int i = 0; i < 20; i++) {
                try {
                    efs.describeFileSystems();
                } catch (SdkException e) {
                    // three 500s in a row: reported as the call's error below
                }
            }
        }
        assertEquals(20, observed.size());
        assertEquals(simulator.counters().calls("efs", "DescribeFileSystems"), observed.stream().mapToInt(AwsCall::attempts).sum());
        assertTrue(observed.stream().anyMatch(call -> call.retries() > 0 && call.succeeded()), "some call succeeded on a retry: " + observed);
        observed.stream().filter(call -> !call.succeeded())
                .forEach(call -> assertEquals(Optional.of("InternalServerError"), call.errorCode(), call.toString()));
    }

    @Test
    void noAnswerIsAConnectionError() {
        try (EfsClient efs = client(URI.create("http://127.0.0.1:1"))) {
            assertThrows(SdkException.class, efs::describeFileSystems);
        }
        assertEquals(Optional.of("ConnectionError"), observed.getFirst().errorCode());
        assertEquals(3, observed.getFirst().attempts());
    }

    @Test
    void aClientWithoutObserverHasNoRecorder() {
        AwsAccess plain = AwsAccess.simulated("us-east-1", simulator.endpoint());
        try (EfsClient efs = AwsClients.build(EfsClient.builder(), plain, THREE_ATTEMPTS)) {
            efs.describeFileSystems();
            assertTrue(efs.serviceClientConfiguration().overrideConfiguration().metricPublishers().isEmpty());
        }
    }
}
