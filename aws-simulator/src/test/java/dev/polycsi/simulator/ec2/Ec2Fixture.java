package dev.polycsi.simulator.ec2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.polycsi.simulator.AwsSimulator;
import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.knobs.Knobs;
import dev.polycsi.simulator.storage.BlockStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateVolumeResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Volume;

/** A simulator with only EC2 on it, and real SDK clients with every endpoint, region and credential explicit. */
final class Ec2Fixture implements AutoCloseable {

    static final String ZONE = "us-east-1a";
    static final String OTHER_ZONE = "us-east-1b";
    static final String INSTANCE = SimulatorConfig.DEFAULT_INSTANCE;

    final AwsSimulator simulator;
    final RecordingBlockStorage storage;
    /** No retries: every error reaches the test as it left the simulator. */
    final Ec2Client ec2;

    static Ec2Fixture start(SimulatorConfig config) {
        RecordingBlockStorage storage = new RecordingBlockStorage();
        try {
            return new Ec2Fixture(AwsSimulator.start(config, new Knobs(), storage, List.of(Ec2Service::new)), storage);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Ec2Fixture(AwsSimulator simulator, RecordingBlockStorage storage) {
        this.simulator = simulator;
        this.storage = storage;
        this.ec2 = client(AwsRetryStrategy.doNotRetry());
    }

    Knobs knobs() {
        return simulator.knobs();
    }

    /** Standard retries with short backoffs, so that retried throttles and faults stay fast. */
    Ec2Client retryingClient(int maxAttempts) {
        return client(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(maxAttempts)
                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(20), Duration.ofMillis(200)))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(50), Duration.ofMillis(500)))
                .circuitBreakerEnabled(false)
                .build());
    }

    private Ec2Client client(RetryStrategy retryStrategy) {
        return Ec2Client.builder()
                .endpointOverride(simulator.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(retryStrategy))
                .build();
    }

    /** A gp3 volume in the instance's zone, 10 GiB unless said otherwise. */
    String createVolume() {
        return createVolume(10);
    }

    String createVolume(int sizeGiB) {
        CreateVolumeResponse created = ec2.createVolume(r -> r.availabilityZone(ZONE).size(sizeGiB).volumeType("gp3"));
        return created.volumeId();
    }

    Volume volume(String volumeId) {
        return ec2.describeVolumes(r -> r.volumeIds(volumeId)).volumes().getFirst();
    }

    /** The error code the call fails with. */
    static String errorCode(Executable call) {
        return assertThrows(Ec2Exception.class, call).awsErrorDetails().errorCode();
    }

    static void assertErrorCode(String expected, Executable call) {
        assertEquals(expected, errorCode(call));
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
        }
        fail("timed out waiting for " + what);
    }

    @Override
    public void close() {
        ec2.close();
        simulator.close();
    }
}
