package dev.polycsi.efs.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import dev.polycsi.efs.cloud.CrossAccountRole;
import dev.polycsi.efs.cloud.SdkEfsCloud;
import dev.polycsi.efs.cloud.SdkRoleClouds;
import dev.polycsi.efs.params.EfsVolumeId;
import dev.polycsi.efs.params.Requests;
import dev.polycsi.simulator.AwsSimulator;
import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.efs.EfsService;
import dev.polycsi.simulator.knobs.Knobs;
import dev.polycsi.simulator.storage.BlockStorage;
import dev.polycsi.simulator.sts.StsService;
import dev.polycsi.spi.AwsAccess;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.CsiException.Code;
import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.cluster.ClusterObjects;
import dev.polycsi.spi.controller.DeleteVolumeRequest;
import dev.polycsi.spi.controller.Volume;
import dev.polycsi.spi.mount.Mounter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.MountTargetDescription;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Cross-account provisioning against the simulator's STS and EFS: the provisioner secret's role is
 * assumed once and its credentials make the volume's EFS calls in the file system's account, and
 * the volume context tells the node how to reach that account's mount targets.
 */
class CrossAccountTest {

    private static final String ROLE = StsService.CROSS_ACCOUNT_ROLE;
    private static final String GUARDED_ROLE = "arn:aws:iam::444455556666:role/efs-guarded";
    private static final String EXTERNAL_ID = "external-id-7c1e";

    @TempDir
    Path dir;
    private AwsSimulator simulator;
    private AwsAccess aws;
    private EfsClient otherAccount;
    private String theirs;
    private EfsController controller;

    @BeforeEach
    void start() throws Exception {
        SimulatorConfig config = SimulatorConfig.defaults(dir.resolve("sim")).withPort(0);
        simulator = AwsSimulator.start(config, new Knobs(), BlockStorage.NONE, List.of(EfsService::new, StsService::new));
        aws = AwsAccess.simulated(config.region(), simulator.endpoint());
        otherAccount = efsAs(ROLE);
        theirs = otherAccount.createFileSystem(r -> r.creationToken("shared-data")).fileSystemId();
        controller = new EfsController(SdkEfsCloud.create(aws, 2), new SdkRoleClouds(aws, 2), ClusterObjects.NONE,
                new ControllerOptions(Map.of(), false), new RootDirectoryRemover(null, dir.resolve("scratch")));
    }

    @AfterEach
    void stop() {
        controller.close();
        otherAccount.close();
        simulator.close();
    }

    /** An EFS client of the role's account, the way a person in that account would look. */
    private EfsClient efsAs(String role) {
        try (StsClient sts = StsClient.builder().endpointOverride(simulator.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("admin", "admin")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            Credentials c = sts.assumeRole(r -> r.roleArn(role).roleSessionName("admin")).credentials();
            return EfsClient.builder().endpointOverride(simulator.endpoint()).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(),
                            c.sessionToken())))
                    .httpClient(UrlConnectionHttpClient.create()).build();
        }
    }

    private Volume create(String name, Map<String, String> secrets, String... parameters) {
        Map<String, String> raw = new HashMap<>(Map.of("provisioningMode", "efs-ap", "fileSystemId", theirs));
        for (int i = 0; i < parameters.length; i += 2) {
            raw.put(parameters[i], parameters[i + 1]);
        }
        return controller.createVolume(Requests.create(name, raw, secrets));
    }

    private String addressIn(String zone) {
        return otherAccount.describeMountTargets(r -> r.fileSystemId(theirs)).mountTargets().stream()
                .filter(mt -> mt.availabilityZoneName().equals(zone)).map(MountTargetDescription::ipAddress).findFirst().orElseThrow();
    }

    @Test
    void theRolesCredentialsCreateTheAccessPointInTheOtherAccount() {
        CsiException own = assertThrows(CsiException.class, () -> create("pvc-own", Map.of()));
        assertEquals(Code.INVALID_ARGUMENT, own.code(), "without the role the file system is not the controller's: " + own.getMessage());

        Volume volume = create("pvc-x", Map.of("awsRoleArn", ROLE), "az", "us-east-1b");
        EfsVolumeId id = EfsVolumeId.parse(volume.id());
        assertEquals(theirs, id.fileSystemId());
        String accessPoint = id.accessPointId().orElseThrow();
        assertEquals(theirs, otherAccount.describeAccessPoints(r -> r.accessPointId(accessPoint)).accessPoints().getFirst().fileSystemId());
        assertEquals(Map.of("mounttargetip", addressIn("us-east-1b")), volume.context(), "the mount target of az, for the node's mount");

        Volume again = create("pvc-x", Map.of("awsRoleArn", ROLE), "az", "us-east-1b");
        assertEquals(volume.id(), again.id(), "idempotent across accounts");
        assertEquals(volume.context(), again.context());
        assertEquals(1, otherAccount.describeAccessPoints(r -> r.fileSystemId(theirs)).accessPoints().size());

        controller.deleteVolume(new DeleteVolumeRequest(volume.id(), Secrets.of(Map.of("awsRoleArn", ROLE)), Deadline.NONE));
        assertEquals(0, otherAccount.describeAccessPoints(r -> r.fileSystemId(theirs)).accessPoints().size());
        controller.deleteVolume(new DeleteVolumeRequest(volume.id(), Secrets.of(Map.of("awsRoleArn", ROLE)), Deadline.NONE));
        assertEquals(1, simulator.counters().calls("sts", "AssumeRole") - 1, "one session for all the calls (the other was the test's)");
    }

    @Test
    void withoutAzAnAvailableMountTargetIsPickedTheSameForARetry() {
        Volume volume = create("pvc-any", Map.of("awsRoleArn", ROLE));
        String address = volume.context().get("mounttargetip");
        assertTrue(List.of(addressIn("us-east-1a"), addressIn("us-east-1b"), addressIn("us-east-1c")).contains(address), address);
        assertEquals(address, create("pvc-any", Map.of("awsRoleArn", ROLE)).context().get("mounttargetip"));
        // an az without a mount target falls back to another one, as the official driver does
        assertTrue(create("pvc-elsewhere", Map.of("awsRoleArn", ROLE), "az", "us-east-1d").context().containsKey("mounttargetip"));
    }

    @Test
    void crossaccountLeavesTheMountTargetToTheNodesDns() {
        Volume volume = create("pvc-dns", Map.of("awsRoleArn", ROLE, "crossaccount", "true"), "az", "us-east-1b");
        assertEquals(Map.of("crossaccount", "true"), volume.context());
    }

    @Test
    void theExternalIdIsSentAndSecretsNeverReachAMessageOrTheLog() {
        simulator.knobs().set("sts.role." + GUARDED_ROLE, EXTERNAL_ID);
        try (CapturedLog log = new CapturedLog()) {
            CsiException refused = assertThrows(CsiException.class,
                    () -> create("pvc-g", Map.of("awsRoleArn", GUARDED_ROLE, "externalId", "wrong-external-id")));
            assertEquals(Code.PERMISSION_DENIED, refused.code(), refused.getMessage());
            assertTrue(refused.getMessage().contains("awsRoleArn"), refused.getMessage());

            // the guarded account's own file system, made by its admin through the right external id
            simulator.knobs().set("sts.role." + GUARDED_ROLE, "*");
            String guarded;
            try (EfsClient admin = efsAs(GUARDED_ROLE)) {
                guarded = admin.createFileSystem(r -> r.creationToken("guarded")).fileSystemId();
            }
            simulator.knobs().set("sts.role." + GUARDED_ROLE, EXTERNAL_ID);
            Map<String, String> secrets = Map.of("awsRoleArn", GUARDED_ROLE, "externalId", EXTERNAL_ID);
            Volume volume = create("pvc-g", secrets, "fileSystemId", guarded);
            assertEquals(guarded, EfsVolumeId.parse(volume.id()).fileSystemId());
            controller.deleteVolume(new DeleteVolumeRequest(volume.id(), Secrets.of(secrets), Deadline.NONE));

            List<String> lines = log.lines();
            assertFalse(lines.isEmpty(), "the controller logged at debug, or this test proves nothing");
            for (String secret : List.of(EXTERNAL_ID, "wrong-external-id", GUARDED_ROLE, "efs-guarded", "ASIA444455556666")) {
                assertEquals(List.of(), lines.stream().filter(line -> line.contains(secret)).toList(), secret);
                assertFalse(refused.getMessage().contains(secret), refused.getMessage());
            }
        }
    }

    /** delete-access-point-root-dir mounts the other account's file system the way the node would. */
    @Test
    void theRootDirectoryMountReachesTheOtherAccount() {
        Mounter mounter = mock(Mounter.class);
        try (EfsController deleting = new EfsController(SdkEfsCloud.create(aws, 2), new SdkRoleClouds(aws, 2), ClusterObjects.NONE,
                new ControllerOptions(Map.of(), true), new RootDirectoryRemover(mounter, dir.resolve("scratch")))) {
            Map<String, String> byAddress = Map.of("awsRoleArn", ROLE);
            Volume first = deleting.createVolume(Requests.create("pvc-r1", Map.of("provisioningMode", "efs-ap", "fileSystemId", theirs),
                    byAddress));
            deleting.deleteVolume(new DeleteVolumeRequest(first.id(), Secrets.of(byAddress), Deadline.NONE));
            Map<String, String> byDns = Map.of("awsRoleArn", ROLE, "crossaccount", "true");
            Volume second = deleting.createVolume(Requests.create("pvc-r2", Map.of("provisioningMode", "efs-ap", "fileSystemId", theirs),
                    byDns));
            deleting.deleteVolume(new DeleteVolumeRequest(second.id(), Secrets.of(byDns), Deadline.NONE));
        }
        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<String>> options = ArgumentCaptor.forClass(List.class);
        verify(mounter, times(2)).mount(eq(theirs + ":/"),
                any(), eq("efs"), options.capture());
        List<String> addresses = List.of(addressIn("us-east-1a"), addressIn("us-east-1b"), addressIn("us-east-1c"));
        List<String> first = options.getAllValues().get(0);
        assertEquals(List.of("tls", "iam"), first.subList(0, 2));
        assertTrue(first.size() == 3 && addresses.contains(first.get(2).substring("mounttargetip=".length())), first.toString());
        assertEquals(List.of("tls", "iam", "crossaccount"), options.getAllValues().get(1));
        assertEquals(0, otherAccount.describeAccessPoints(r -> r.fileSystemId(theirs)).accessPoints().size());
    }

    /** Sessions that end within the refresh margin are renewed by the next call, not used until they fail. */
    @Test
    void aSessionAboutToExpireIsRenewedBeforeUse() throws Exception {
        // This simulator's clock runs 59.5 minutes behind: the hour-long sessions it hands out end in
        // 30 s, within the SDK's stale time (1 min), so every use must renew first. (Inside its
        // prefetch time, 5 min, only, the SDK renews at a jittered moment: no test can count on it.)
        SimulatorConfig config = SimulatorConfig.defaults(dir.resolve("late")).withPort(0);
        InstantSource late = () -> Instant.now().minus(Duration.ofSeconds(59 * 60 + 30));
        try (AwsSimulator lateSimulator = AwsSimulator.start(config, new Knobs(), BlockStorage.NONE,
                List.of(EfsService::new, StsService::new), late);
                SdkRoleClouds roles = new SdkRoleClouds(AwsAccess.simulated(config.region(), lateSimulator.endpoint()), 2)) {
            var role = new CrossAccountRole(ROLE, Optional.empty());
            roles.forRole(role).fileSystem(theirs);
            roles.forRole(role).fileSystem(theirs);
            assertEquals(2, lateSimulator.counters().calls("sts", "AssumeRole"), "each call found the session due for renewal");
        }
        try (SdkRoleClouds roles = new SdkRoleClouds(aws, 2)) {
            var role = new CrossAccountRole(ROLE, Optional.empty());
            long before = simulator.counters().calls("sts", "AssumeRole");
            roles.forRole(role).fileSystem(theirs);
            roles.forRole(role).fileSystem(theirs);
            assertEquals(before + 1, simulator.counters().calls("sts", "AssumeRole"), "a fresh session is kept");
        }
    }

    @Test
    void badSecretsAreInvalidArgumentsNamingTheKey() {
        CsiException arn = assertThrows(CsiException.class, () -> create("pvc-b", Map.of("awsRoleArn", "role/not-an-arn-3f")));
        assertEquals(Code.INVALID_ARGUMENT, arn.code());
        assertTrue(arn.getMessage().contains("awsRoleArn") && !arn.getMessage().contains("not-an-arn-3f"), arn.getMessage());
        CsiException flag = assertThrows(CsiException.class, () -> create("pvc-b", Map.of("awsRoleArn", ROLE, "crossaccount", "yes")));
        assertEquals(Code.INVALID_ARGUMENT, flag.code());
        assertTrue(flag.getMessage().contains("crossaccount"), flag.getMessage());
        assertEquals(0, simulator.counters().calls("sts", "AssumeRole") - 1, "refused before STS is asked");
    }

    /** Every line logged (at debug and above, with its exception's stack) while open. */
    static final class CapturedLog implements AutoCloseable {

        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
        private final Level rootLevel;
        private final AbstractAppender appender;

        CapturedLog() {
            appender = new AbstractAppender("capture-all", null, null, true, Property.EMPTY_ARRAY) {
                @Override
                public void append(LogEvent event) {
                    StringBuilder line = new StringBuilder(event.getMessage().getFormattedMessage());
                    for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
                        line.append(" | ").append(t);
                    }
                    lines.add(line.toString());
                }
            };
            appender.start();
            Configuration configuration = context.getConfiguration();
            LoggerConfig root = configuration.getRootLogger();
            rootLevel = root.getLevel();
            root.addAppender(appender, Level.DEBUG, null);
            root.setLevel(Level.DEBUG);
            context.updateLoggers();
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public void close() {
            LoggerConfig root = context.getConfiguration().getRootLogger();
            root.removeAppender(appender.getName());
            root.setLevel(rootLevel);
            context.updateLoggers();
        }
    }
}
