package dev.polycsi.simulator.sts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.simulator.AwsSimulator;
import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.efs.EfsService;
import dev.polycsi.simulator.knobs.Knobs;
import dev.polycsi.simulator.storage.BlockStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.FileSystemNotFoundException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * STS as the real StsClient sees it: AssumeRole of the seeded role and of roles set by knob, the
 * external id their trust asks for, and temporary credentials that EFS takes for the role's account.
 */
class StsTest {

    private static final String ROLE = "arn:aws:iam::444455556666:role/efs-with-external-id";

    @TempDir
    Path dir;
    private AwsSimulator simulator;
    private StsClient sts;

    @BeforeEach
    void start() throws Exception {
        simulator = AwsSimulator.start(SimulatorConfig.defaults(dir).withPort(0), new Knobs(), BlockStorage.NONE,
                List.of(EfsService::new, StsService::new));
        sts = StsClient.builder().endpointOverride(simulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("polycsi-simulator", "polycsi-simulator")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterEach
    void stop() {
        sts.close();
        simulator.close();
    }

    @Test
    void theSeededRoleGivesTemporaryCredentialsOfItsAccount() {
        AssumeRoleResponse assumed = sts.assumeRole(r -> r.roleArn(StsService.CROSS_ACCOUNT_ROLE).roleSessionName("csi").durationSeconds(900));
        Credentials credentials = assumed.credentials();
        assertTrue(credentials.accessKeyId().matches("ASIA111122223333[0-9A-F]{4}"), credentials.accessKeyId());
        assertTrue(credentials.secretAccessKey().length() >= 40 && !credentials.sessionToken().isEmpty());
        Duration lifetime = Duration.between(Instant.now(), credentials.expiration());
        assertTrue(lifetime.compareTo(Duration.ofMinutes(14)) > 0 && lifetime.compareTo(Duration.ofMinutes(16)) < 0, lifetime.toString());
        assertEquals("arn:aws:sts::111122223333:assumed-role/polycsi-efs-cross-account/csi", assumed.assumedRoleUser().arn());

        try (StsClient asRole = client(session(credentials))) {
            assertEquals("111122223333", asRole.getCallerIdentity().account(), "the key says which account calls");
        }
        assertEquals(SimulatorConfig.ACCOUNT_ID, sts.getCallerIdentity().account());
    }

    @Test
    void aRoleNotConfiguredOrAWrongExternalIdIsAccessDenied() {
        StsException unknown = assertThrows(StsException.class,
                () -> sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("csi")));
        assertEquals(403, unknown.statusCode());
        assertEquals("AccessDenied", unknown.awsErrorDetails().errorCode());

        simulator.knobs().set("sts.role." + ROLE, "shared-42");
        assertEquals("AccessDenied", assertThrows(StsException.class,
                () -> sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("csi"))).awsErrorDetails().errorCode(), "no external id");
        assertEquals("AccessDenied", assertThrows(StsException.class,
                () -> sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("csi").externalId("shared-41"))).awsErrorDetails().errorCode());
        assertTrue(sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("csi").externalId("shared-42")).credentials().accessKeyId()
                .startsWith("ASIA444455556666"));

        simulator.knobs().set("sts.role." + ROLE, "*");
        assertTrue(sts.assumeRole(r -> r.roleArn(ROLE).roleSessionName("csi")).credentials().accessKeyId().startsWith("ASIA444455556666"),
                "a trust policy without sts:ExternalId takes any caller of the account");
    }

    @Test
    void badRequestsAreValidationErrors() {
        StsException session = assertThrows(StsException.class,
                () -> sts.assumeRole(r -> r.roleArn(StsService.CROSS_ACCOUNT_ROLE).roleSessionName("has space")));
        assertEquals("ValidationError", session.awsErrorDetails().errorCode());
        assertEquals(400, session.statusCode());
        assertEquals("ValidationError", assertThrows(StsException.class, () -> sts.assumeRole(r -> r
                .roleArn(StsService.CROSS_ACCOUNT_ROLE).roleSessionName("csi").durationSeconds(60))).awsErrorDetails().errorCode());
        assertThrows(IllegalArgumentException.class, () -> simulator.knobs().set("sts.role.not-an-arn", "*"));
    }

    /** EFS shows each account its own file systems: the assumed role's calls are the other account's. */
    @Test
    void efsTellsTheAccountsApart() {
        Credentials credentials = sts.assumeRole(r -> r.roleArn(StsService.CROSS_ACCOUNT_ROLE).roleSessionName("csi")).credentials();
        try (EfsClient own = efs(StaticCredentialsProvider.create(AwsBasicCredentials.create("polycsi-simulator", "polycsi-simulator")));
                EfsClient other = efs(session(credentials))) {
            String theirs = other.createFileSystem(r -> r.creationToken("other-account")).fileSystemId();
            assertEquals("111122223333", other.describeFileSystems(r -> r.fileSystemId(theirs)).fileSystems().getFirst().ownerId());
            assertEquals(List.of(theirs), other.describeFileSystems().fileSystems().stream().map(fs -> fs.fileSystemId()).toList(),
                    "the other account does not see the simulated account's file system");
            assertThrows(FileSystemNotFoundException.class, () -> own.describeFileSystems(r -> r.fileSystemId(theirs)));
            assertThrows(FileSystemNotFoundException.class, () -> own.describeMountTargets(r -> r.fileSystemId(theirs)));
            assertThrows(FileSystemNotFoundException.class, () -> other.describeAccessPoints(r -> r.fileSystemId(SimulatorConfig.DEFAULT_FILE_SYSTEM)));
            assertEquals(3, other.describeMountTargets(r -> r.fileSystemId(theirs)).mountTargets().size(), "one per zone");
            // creation tokens are per account
            String ours = own.createFileSystem(r -> r.creationToken("other-account")).fileSystemId();
            assertTrue(!ours.equals(theirs));
        }
    }

    private static StaticCredentialsProvider session(Credentials credentials) {
        return StaticCredentialsProvider.create(AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey(),
                credentials.sessionToken()));
    }

    private StsClient client(AwsCredentialsProvider credentials) {
        return StsClient.builder().endpointOverride(simulator.endpoint()).region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private EfsClient efs(AwsCredentialsProvider credentials) {
        return EfsClient.builder().endpointOverride(simulator.endpoint()).region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
