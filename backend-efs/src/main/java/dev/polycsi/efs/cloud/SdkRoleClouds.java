package dev.polycsi.efs.cloud;

import dev.polycsi.aws.client.AwsClients;
import dev.polycsi.spi.AwsAccess;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Other accounts' EFS through STS AssumeRole, as aws-efs-csi-driver does with the provisioner
 * secret's awsRoleArn (and externalId). One EFS client per role and external id, kept for the
 * controller's life: its credentials provider caches the role's session and asks STS again
 * before the session expires, so a burst of CreateVolumes costs one AssumeRole, not one each.
 * The STS client is built like every other client (region, endpoint override, the controller's
 * own credentials, metrics), so under {@code --simulate} it reaches the simulator's STS.
 */
public final class SdkRoleClouds implements RoleClouds {

    /** The session name CloudTrail shows in the other account for the driver's calls. */
    static final String SESSION_NAME = "polycsi-efs-controller";
    /** STS's default and the shortest session a role allows without raising its maximum. */
    static final Duration SESSION = Duration.ofHours(1);
    /** Asks STS again this long before the session ends, so that no call runs on expiring credentials. */
    static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(5);

    private final AwsAccess aws;
    private final int maxAttempts;
    private final ConcurrentMap<CrossAccountRole, SdkEfsCloud> clouds = new ConcurrentHashMap<>();
    private volatile StsClient sts;

    public SdkRoleClouds(AwsAccess aws) {
        this(aws, SdkEfsCloud.CONFIG.maxAttempts());
    }

    /** With fewer attempts, for tests that want failures back soon. */
    public SdkRoleClouds(AwsAccess aws, int maxAttempts) {
        this.aws = aws;
        this.maxAttempts = maxAttempts;
    }

    @Override
    public EfsCloud forRole(CrossAccountRole role) {
        return clouds.computeIfAbsent(role, this::connect);
    }

    private SdkEfsCloud connect(CrossAccountRole role) {
        StsAssumeRoleCredentialsProvider credentials = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts())
                .refreshRequest(r -> r.roleArn(role.roleArn()).roleSessionName(SESSION_NAME)
                        .externalId(role.externalId().orElse(null)).durationSeconds((int) SESSION.toSeconds()))
                .prefetchTime(REFRESH_BEFORE_EXPIRY)
                .staleTime(Duration.ofMinutes(1))
                // refreshed by the call that finds them due: an idle controller keeps no thread per role
                .asyncCredentialUpdateEnabled(false)
                .build();
        // the controller's own static keys (under --simulate) would replace the role's credentials
        AwsAccess asRole = new AwsAccess(aws.region(), aws.endpoint(), aws.metadataEndpoint(), Optional.empty(), Optional.empty(),
                aws.calls());
        return SdkEfsCloud.create(asRole, role, credentials, maxAttempts);
    }

    private StsClient sts() {
        StsClient client = sts;
        if (client == null) {
            synchronized (this) {
                client = sts;
                if (client == null) {
                    client = AwsClients.build(StsClient.builder(), aws, SdkEfsCloud.CONFIG.withMaxAttempts(maxAttempts));
                    sts = client;
                }
            }
        }
        return client;
    }

    @Override
    public void close() {
        clouds.values().forEach(SdkEfsCloud::close);
        clouds.clear();
        StsClient client = sts;
        if (client != null) {
            client.close();
        }
    }
}
