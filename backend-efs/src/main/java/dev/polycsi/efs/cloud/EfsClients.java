package dev.polycsi.efs.cloud;

import dev.polycsi.spi.AwsAccess;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.EfsClientBuilder;

/** Builds the EFS client: the given region, endpoint and credentials, otherwise the SDK's own lookup. */
final class EfsClients {

    /**
     * Adaptive retries, as the official driver's --adaptive-retry-mode (on by default): throttling
     * slows the client down instead of turning into AccessPointAlreadyExists storms on retries (#1225).
     */
    static final int MAX_ATTEMPTS = 8;
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(20);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(90);

    private EfsClients() {
    }

    static EfsClient build(AwsAccess aws, int maxAttempts) {
        RetryStrategy retries = AwsRetryStrategy.adaptiveRetryStrategy().toBuilder().maxAttempts(maxAttempts).build();
        EfsClientBuilder builder = EfsClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(ATTEMPT_TIMEOUT)
                        .build())
                .overrideConfiguration(c -> c.retryStrategy(retries)
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                        .apiCallTimeout(CALL_TIMEOUT));
        aws.region().map(Region::of).ifPresent(builder::region);
        aws.endpoint().ifPresent(builder::endpointOverride);
        if (aws.accessKeyId().isPresent() && aws.secretAccessKey().isPresent()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(aws.accessKeyId().get(), aws.secretAccessKey().get())));
        }
        return builder.build();
    }
}
