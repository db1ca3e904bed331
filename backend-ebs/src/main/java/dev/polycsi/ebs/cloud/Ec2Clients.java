package dev.polycsi.ebs.cloud;

import dev.polycsi.aws.client.AwsClients;
import dev.polycsi.aws.client.ClientConfig;
import dev.polycsi.spi.AwsAccess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * EC2 clients, one per EC2 throttle class (all Describe calls; each mutating action), each with its
 * own adaptive retry strategy, whose client-side rate limiter slows down only the calls EC2
 * throttles: with one shared limiter, throttled CreateVolume calls held back DescribeVolumes
 * and AttachVolume too (aws-ebs-csi-driver keeps a retryer per mutating API for the same reason).
 * Requests are paced to EC2's request rates on the client side ({@link RequestPacer}). The
 * clients share one HTTP client.
 *
 * <p>CreateSnapshot is tried once per call: it takes no client token, so the SDK's retry of a call
 * whose answer was lost (a dropped connection, a 5xx after EC2 acted) made a second snapshot that
 * leaked. The CSI retry finds the first by its name instead.
 */
final class Ec2Clients implements AutoCloseable {

    /** All attempts of one call within 90 s: below the sidecars' 60 s timeouts would cut retries of throttled calls short, so a bit above. */
    static final ClientConfig CONFIG = new ClientConfig(10, Duration.ofSeconds(30), Duration.ofSeconds(90));
    private static final String DESCRIBE = "Describe";
    /** Actions EC2 cannot make idempotent, which the SDK must not repeat. */
    private static final Set<String> SINGLE_ATTEMPT = Set.of("CreateSnapshot");

    private final AwsAccess aws;
    private final ClientConfig config;
    private final SdkHttpClient http;
    private final Map<String, Ec2Client> byClass = new ConcurrentHashMap<>();
    private final Map<String, RequestPacer> pacers;

    private Ec2Clients(AwsAccess aws, ClientConfig config, Map<String, RequestPacer> pacers) {
        this.aws = aws;
        this.config = config;
        this.pacers = Map.copyOf(pacers);
        this.http = AwsClients.httpClient(config);
    }

    /** @param rateLimits client-side pacing per throttle class, see {@link RequestPacer#parse} */
    static Ec2Clients build(AwsAccess aws, String rateLimits) {
        return new Ec2Clients(aws, CONFIG, RequestPacer.parse(rateLimits));
    }

    /** Unpaced and with fewer attempts, for tests that want a failure to come back soon. */
    static Ec2Clients build(AwsAccess aws, int maxAttempts) {
        return new Ec2Clients(aws, CONFIG.withMaxAttempts(maxAttempts), Map.of());
    }

    /** The client for an EC2 action, e.g. {@code CreateVolume}; every Describe action shares one. */
    Ec2Client forAction(String action) {
        return byClass.computeIfAbsent(action.startsWith(DESCRIBE) ? DESCRIBE : action, this::newClient);
    }

    /** A client for one action (or all Describe actions), paced by its EC2 bucket: its own, else the shared mutating one. */
    private Ec2Client newClient(String action) {
        RequestPacer pacer = pacers.containsKey(action) ? pacers.get(action) : action.equals(DESCRIBE) ? null : pacers.get(RequestPacer.MUTATING);
        ClientConfig attempts = SINGLE_ATTEMPT.contains(action) ? config.withMaxAttempts(1) : config;
        return AwsClients.build(Ec2Client.builder(), aws, attempts, http, pacer == null ? List.of() : List.of(pacer));
    }

    @Override
    public void close() {
        byClass.values().forEach(Ec2Client::close);
        http.close(); // a client given its HTTP client does not close it
    }
}
