package dev.polycsi.simulator.efs;

import dev.polycsi.simulator.AwsSimulator;
import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.knobs.Knobs;
import dev.polycsi.simulator.storage.BlockStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;
import software.amazon.awssdk.services.efs.model.CreateAccessPointResponse;
import software.amazon.awssdk.services.efs.model.DescribeAccessPointsResponse;

/**
 * A simulator with only EFS on it, started with {@code AwsSimulator.start} as the launcher does,
 * and a real SDK {@code EfsClient} with every endpoint, region and credential explicit.
 */
final class EfsFixture implements AutoCloseable {

    static final String SEEDED = SimulatorConfig.DEFAULT_FILE_SYSTEM;

    final AwsSimulator simulator;
    final EfsService service;
    /** No retries: every error reaches the test as it left the simulator. */
    final EfsClient efs;
    final Path dataDir;

    static EfsFixture start(Path dataDir) {
        return start(dataDir, EfsState.ACCESS_POINTS_PER_FILE_SYSTEM);
    }

    static EfsFixture start(Path dataDir, int accessPointsPerFileSystem) {
        return start(SimulatorConfig.defaults(dataDir), accessPointsPerFileSystem);
    }

    static EfsFixture start(SimulatorConfig config) {
        return start(config, EfsState.ACCESS_POINTS_PER_FILE_SYSTEM);
    }

    private static EfsFixture start(SimulatorConfig config, int accessPointsPerFileSystem) {
        try {
            AwsSimulator simulator = AwsSimulator.start(config, new Knobs(), BlockStorage.NONE,
                    List.of(context -> new EfsService(context, accessPointsPerFileSystem)));
            return new EfsFixture(simulator, config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private EfsFixture(AwsSimulator simulator, Path dataDir) {
        this.simulator = simulator;
        this.service = (EfsService) simulator.services().getFirst();
        this.dataDir = dataDir;
        this.efs = EfsClient.builder()
                .endpointOverride(simulator.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    Knobs knobs() {
        return simulator.knobs();
    }

    EfsMounts mounts() {
        return service.mounts();
    }

    Path fileSystemDirectory(String fileSystemId) {
        return dataDir.resolve("efs").resolve(fileSystemId);
    }

    /** An access point on the seeded file system with the given root directory, owner 1000:1000, mode 0750. */
    CreateAccessPointResponse createAccessPoint(String clientToken, String rootPath) {
        return efs.createAccessPoint(r -> r.clientToken(clientToken).fileSystemId(SEEDED)
                .posixUser(u -> u.uid(1000L).gid(1000L))
                .rootDirectory(d -> d.path(rootPath).creationInfo(c -> c.ownerUid(1000L).ownerGid(1000L).permissions("0750"))));
    }

    AccessPointDescription describeAccessPoint(String accessPointId) {
        DescribeAccessPointsResponse response = efs.describeAccessPoints(r -> r.accessPointId(accessPointId));
        return response.accessPoints().getFirst();
    }

    @Override
    public void close() {
        efs.close();
        simulator.close();
    }
}
