package dev.polycsi.aws.imds;

import dev.polycsi.spi.AwsAccess;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.imds.Ec2MetadataClient;
import software.amazon.awssdk.imds.Ec2MetadataRetryPolicy;

/**
 * Reads {@code /latest/meta-data/…} through the SDK's metadata client (IMDSv2), each path once per
 * process: the answer, or the reason there is none, is kept, so that every later reader gets it
 * without a call. Short timeouts and two retries, because off EC2 there is no IMDS and a node
 * should say so within seconds instead of hanging its start.
 *
 * <p>With no endpoint given, the SDK finds it ({@code AWS_EC2_METADATA_SERVICE_ENDPOINT}, else
 * 169.254.169.254), and {@code AWS_EC2_METADATA_DISABLED=true} answers nothing without a call;
 * an endpoint given through {@link AwsAccess} (the simulator) is always asked.
 */
public final class Imds {

    private static final Logger LOG = LogManager.getLogger(Imds.class);

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    static final int RETRIES = 2;
    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,32}");
    private static final Map<Optional<URI>, Imds> BY_ENDPOINT = new ConcurrentHashMap<>();

    /** A value, or why there is none. */
    private record Answer(Optional<String> value, String failure) {
    }

    private final Optional<URI> endpoint;
    private final String where;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private Ec2MetadataClient client;

    private Imds(Optional<URI> endpoint) {
        this.endpoint = endpoint;
        this.where = endpoint.map(URI::toString).orElse("the default IMDS endpoint");
    }

    /** The reader for {@code access.metadataEndpoint()}, one per endpoint and process. */
    public static Imds at(AwsAccess access) {
        return BY_ENDPOINT.computeIfAbsent(access.metadataEndpoint(), Imds::new);
    }

    /** The endpoint, for messages. */
    public String where() {
        return where;
    }

    /** The value at {@code path} (e.g. {@code placement/availability-zone}), empty when IMDS has none or cannot be reached. */
    public Optional<String> find(String path) {
        return answer(path).value();
    }

    /** The value at {@code path}; IllegalStateException saying where and why when there is none, for a node that cannot run without it. */
    public String require(String path) {
        Answer answer = answer(path);
        return answer.value().orElseThrow(() -> new IllegalStateException(("cannot read %s from the instance metadata service at %s "
                + "(is this node an EC2 instance with IMDS enabled, and a hop limit of 2 if the driver runs in a pod?): %s")
                .formatted(path, where, answer.failure())));
    }

    /** A listing such as {@code block-device-mapping/}, one entry per line. */
    public Optional<List<String>> list(String path) {
        return find(path).map(text -> text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList());
    }

    /** The instance id, if IMDS answers one that looks like an instance id. */
    public Optional<String> instanceId() {
        return find("instance-id").filter(INSTANCE_ID.asMatchPredicate());
    }

    /** The zone and zone id; a node that can run without them reports no zone. */
    public InstanceZone zone() {
        Optional<String> zone = find("placement/availability-zone");
        if (zone.isEmpty()) {
            return InstanceZone.UNKNOWN;
        }
        return new InstanceZone(zone, find("placement/availability-zone-id"));
    }

    /** Concurrent readers of one path wait for the one call; this happens at start, for a handful of paths. */
    private Answer answer(String path) {
        return answers.computeIfAbsent(path, this::read);
    }

    private Answer read(String path) {
        if (endpoint.isEmpty() && SdkSystemSetting.AWS_EC2_METADATA_DISABLED.getBooleanValue().orElse(false)) {
            return new Answer(Optional.empty(), "disabled by AWS_EC2_METADATA_DISABLED");
        }
        try {
            String value = client().get("/latest/meta-data/" + path).asString().strip();
            return value.isEmpty() ? new Answer(Optional.empty(), "it answered an empty " + path) : new Answer(Optional.of(value), "");
        } catch (SdkClientException e) {
            LOG.debug("IMDS at {} has no {}: {}", where, path, e.getMessage());
            return new Answer(Optional.empty(), e.getMessage());
        }
    }

    /** Kept for the process: the reader lives as long, and the client holds IMDSv2's session token. */
    private synchronized Ec2MetadataClient client() {
        if (client == null) {
            Ec2MetadataClient.Builder builder = Ec2MetadataClient.builder()
                    .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT).socketTimeout(READ_TIMEOUT).build())
                    .retryPolicy(Ec2MetadataRetryPolicy.builder()
                            .numRetries(RETRIES)
                            .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(200)))
                            .build());
            endpoint.ifPresent(builder::endpoint);
            client = builder.build();
        }
        return client;
    }
}
