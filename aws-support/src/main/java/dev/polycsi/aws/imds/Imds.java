package dev.polycsi.aws.imds;

import dev.polycsi.spi.AwsAccess;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Reads {@code /latest/meta-data/…} with IMDSv2 (a session token from {@code PUT /latest/api/token},
 * then GETs that carry it), each path once per process: the answer, or the reason there is none,
 * is kept, so that every later reader gets it without a call. Short timeouts and two retries,
 * because off EC2 there is no IMDS and a node should say so within seconds instead of hanging its
 * start.
 *
 * <p>A handful of GETs at start is all the node asks of AWS, so they go through the JDK's
 * HttpURLConnection rather than the SDK's metadata client, which would load some 250 SDK classes
 * (and their memory) into every node for them.
 *
 * <p>With no endpoint given it is found as the SDK finds it ({@code AWS_EC2_METADATA_SERVICE_ENDPOINT}
 * or {@code aws.ec2MetadataServiceEndpoint}, else 169.254.169.254), and
 * {@code AWS_EC2_METADATA_DISABLED=true} (or {@code aws.disableEc2Metadata}) answers nothing
 * without a call; an endpoint given through {@link AwsAccess} (the simulator) is always asked.
 */
public final class Imds {

    private static final Logger LOG = LogManager.getLogger(Imds.class);

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
    static final int RETRIES = 2;
    static final Duration RETRY_DELAY = Duration.ofMillis(200);
    static final URI DEFAULT_ENDPOINT = URI.create("http://169.254.169.254");
    /** How long a session token is asked to live; it is asked for again a minute before. */
    static final Duration TOKEN_TTL = Duration.ofHours(6);
    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,32}");
    private static final Map<Optional<URI>, Imds> BY_ENDPOINT = new ConcurrentHashMap<>();

    /** A value, or why there is none. */
    private record Answer(Optional<String> value, String failure) {
    }

    private final Optional<URI> endpoint;
    private final String where;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private String token;
    private long tokenExpiresNanos;

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
        if (endpoint.isEmpty() && disabled()) {
            return new Answer(Optional.empty(), "disabled by AWS_EC2_METADATA_DISABLED");
        }
        URI base = endpoint.orElseGet(Imds::defaultEndpoint);
        String failure = "";
        for (int attempt = 0; attempt <= RETRIES; attempt++) {
            if (attempt > 0) {
                pause();
            }
            try {
                HttpURLConnection get = open(base, "/latest/meta-data/" + path, "GET");
                get.setRequestProperty("X-aws-ec2-metadata-token", token(base));
                int status = get.getResponseCode();
                if (status == 200) {
                    String value = body(get).strip();
                    return value.isEmpty() ? new Answer(Optional.empty(), "it answered an empty " + path) : new Answer(Optional.of(value), "");
                }
                if (status == 401) {
                    forgetToken();
                }
                failure = "HTTP " + status + " for " + path;
                if (status == 404) {
                    break;
                }
            } catch (IOException e) {
                failure = e.toString();
            }
        }
        LOG.debug("IMDS at {} has no {}: {}", where, path, failure);
        return new Answer(Optional.empty(), failure);
    }

    /** The session token, asked for once and again shortly before it expires. */
    private synchronized String token(URI base) throws IOException {
        if (token == null || System.nanoTime() - tokenExpiresNanos > 0) {
            HttpURLConnection put = open(base, "/latest/api/token", "PUT");
            put.setRequestProperty("X-aws-ec2-metadata-token-ttl-seconds", Long.toString(TOKEN_TTL.toSeconds()));
            put.setDoOutput(true);
            put.getOutputStream().close();
            int status = put.getResponseCode();
            if (status != 200) {
                throw new IOException("HTTP " + status + " for an IMDSv2 session token");
            }
            token = body(put).strip();
            tokenExpiresNanos = System.nanoTime() + TOKEN_TTL.minusMinutes(1).toNanos();
        }
        return token;
    }

    private synchronized void forgetToken() {
        token = null;
    }

    private static HttpURLConnection open(URI base, String path, String method) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) base.resolve(path).toURL().openConnection(java.net.Proxy.NO_PROXY);
        connection.setRequestMethod(method);
        connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        connection.setReadTimeout((int) READ_TIMEOUT.toMillis());
        connection.setUseCaches(false);
        return connection;
    }

    private static String body(HttpURLConnection connection) throws IOException {
        try (InputStream in = connection.getInputStream()) {
            return new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_DELAY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** AWS_EC2_METADATA_DISABLED or aws.disableEc2Metadata, as the SDK reads them. */
    static boolean disabled() {
        String value = Optional.ofNullable(System.getProperty("aws.disableEc2Metadata")).orElse(System.getenv("AWS_EC2_METADATA_DISABLED"));
        return value != null && value.strip().toLowerCase(Locale.ROOT).equals("true");
    }

    /** AWS_EC2_METADATA_SERVICE_ENDPOINT or aws.ec2MetadataServiceEndpoint, as the SDK reads them, else 169.254.169.254. */
    static URI defaultEndpoint() {
        String value = Optional.ofNullable(System.getProperty("aws.ec2MetadataServiceEndpoint"))
                .orElse(System.getenv("AWS_EC2_METADATA_SERVICE_ENDPOINT"));
        return value == null || value.isBlank() ? DEFAULT_ENDPOINT : URI.create(value.strip());
    }
}
