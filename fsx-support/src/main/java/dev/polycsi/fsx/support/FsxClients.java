package dev.polycsi.fsx.support;

import dev.polycsi.aws.client.AwsClients;
import dev.polycsi.aws.client.ClientConfig;
import dev.polycsi.spi.AwsAccess;
import java.time.Duration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.services.fsx.FSxClient;

/** The SDK's FSx client as every FSx backend builds it. */
public final class FsxClients {

    private static final Logger LOG = LogManager.getLogger(FsxClients.class);

    /** As aws-fsx-csi-driver's RetryMaxAttempts; adaptive, so that throttling slows the client down rather than failing calls. */
    public static final ClientConfig CONFIG = new ClientConfig(8, Duration.ofSeconds(20), Duration.ofSeconds(90));

    private FsxClients() {
    }

    /** A client configured from {@code aws} (region, endpoint, credentials where given), with {@code maxAttempts} adaptive attempts. */
    public static FSxClient create(AwsAccess aws, int maxAttempts) {
        LOG.info("FSx client for {}", aws);
        return AwsClients.build(FSxClient.builder(), aws, CONFIG.withMaxAttempts(maxAttempts));
    }

    /** A client with {@link #CONFIG}'s attempts. */
    public static FSxClient create(AwsAccess aws) {
        return create(aws, CONFIG.maxAttempts());
    }
}
