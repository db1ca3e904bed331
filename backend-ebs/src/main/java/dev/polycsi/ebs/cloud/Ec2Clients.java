package dev.polycsi.ebs.cloud;

import dev.polycsi.spi.AwsAccess;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;

/** Builds the EC2 client: the given region, endpoint and credentials, otherwise the SDK's own lookup. */
final class Ec2Clients {

    /** Adaptive mode retries throttling (RequestLimitExceeded) and 5xx, and slows the client down while EC2 throttles it. */
    static final int MAX_ATTEMPTS = 10;
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(30);
    /** All attempts of one call; below the sidecars' 60 s timeouts would cut retries of throttled calls short, so a bit above. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(90);

    private Ec2Clients() {
    }

    static Ec2Client build(AwsAccess aws) {
        return build(aws, MAX_ATTEMPTS);
    }

    /** With fewer attempts, for tests that want a failure to come back soon. */
    static Ec2Client build(AwsAccess aws, int maxAttempts) {
        RetryStrategy retries = AwsRetryStrategy.adaptiveRetryStrategy().toBuilder().maxAttempts(maxAttempts).build();
        Ec2ClientBuilder builder = Ec2Client.builder()
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
