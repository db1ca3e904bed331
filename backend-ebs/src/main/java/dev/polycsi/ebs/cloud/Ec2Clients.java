package dev.polycsi.ebs.cloud;

import dev.polycsi.spi.AwsAccess;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;

/**
 * EC2 clients: the given region, endpoint and credentials, otherwise the SDK's own lookup. One
 * client per EC2 throttle class (all Describe calls; each mutating action), each with its own
 * adaptive retry strategy, whose client-side rate limiter slows down only the calls EC2
 * throttles: with one shared limiter, throttled CreateVolume calls held back DescribeVolumes
 * and AttachVolume too (aws-ebs-csi-driver keeps a retryer per mutating API for the same reason).
 * Requests are paced to EC2's request rates on the client side ({@link RequestPacer}). The
 * clients share one HTTP client.
 */
final class Ec2Clients implements AutoCloseable {

    /** Adaptive mode retries throttling (RequestLimitExceeded) and 5xx, and slows the client down while EC2 throttles it. */
    static final int MAX_ATTEMPTS = 10;
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(30);
    /** All attempts of one call; below the sidecars' 60 s timeouts would cut retries of throttled calls short, so a bit above. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(90);
    private static final String DESCRIBE = "Describe";

    private final AwsAccess aws;
    private final int maxAttempts;
    private final SdkHttpClient http;
    private final Map<String, Ec2Client> byClass = new ConcurrentHashMap<>();
    private final Map<String, RequestPacer> pacers;

    private Ec2Clients(AwsAccess aws, int maxAttempts, Map<String, RequestPacer> pacers) {
        this.aws = aws;
        this.maxAttempts = maxAttempts;
        this.pacers = Map.copyOf(pacers);
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(ATTEMPT_TIMEOUT)
                .build();
    }

    /** @param rateLimits client-side pacing per throttle class, see {@link RequestPacer#parse} */
    static Ec2Clients build(AwsAccess aws, String rateLimits) {
        return new Ec2Clients(aws, MAX_ATTEMPTS, RequestPacer.parse(rateLimits));
    }

    /** Unpaced and with fewer attempts, for tests that want a failure to come back soon. */
    static Ec2Clients build(AwsAccess aws, int maxAttempts) {
        return new Ec2Clients(aws, maxAttempts, Map.of());
    }

    /** The client for an EC2 action, e.g. {@code CreateVolume}; every Describe action shares one. */
    Ec2Client forAction(String action) {
        return byClass.computeIfAbsent(action.startsWith(DESCRIBE) ? DESCRIBE : action, this::newClient);
    }

    /** A client for one action (or all Describe actions), paced by its EC2 bucket: its own, else the shared mutating one. */
    private Ec2Client newClient(String action) {
        RequestPacer pacer = pacers.containsKey(action) ? pacers.get(action) : action.equals(DESCRIBE) ? null : pacers.get(RequestPacer.MUTATING);
        RetryStrategy retries = AwsRetryStrategy.adaptiveRetryStrategy().toBuilder().maxAttempts(maxAttempts).build();
        Ec2ClientBuilder builder = Ec2Client.builder()
                .httpClient(http)
                .overrideConfiguration(c -> {
                    c.retryStrategy(retries).apiCallAttemptTimeout(ATTEMPT_TIMEOUT).apiCallTimeout(CALL_TIMEOUT);
                    if (pacer != null) {
                        c.addExecutionInterceptor(pacer);
                    }
                });
        aws.region().map(Region::of).ifPresent(builder::region);
        aws.endpoint().ifPresent(builder::endpointOverride);
        if (aws.accessKeyId().isPresent() && aws.secretAccessKey().isPresent()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(aws.accessKeyId().get(), aws.secretAccessKey().get())));
        }
        return builder.build();
    }

    @Override
    public void close() {
        byClass.values().forEach(Ec2Client::close);
        http.close(); // a client given its HTTP client does not close it
    }
}
