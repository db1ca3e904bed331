package dev.polycsi.simulator.knobs;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the simulator bends time and fails, set as {@code key=value} from a file, flags or the
 * control endpoint, and changeable while it runs. Defaults are fast and fault-free.
 *
 * <table>
 * <caption>Keys</caption>
 * <tr><td>{@code latency.<Action>} / {@code latency.*}</td><td>added to every call, e.g. {@code 20ms}</td></tr>
 * <tr><td>{@code delay.<transition>}</td><td>time a resource spends before a state change:
 *     EC2 {@code volume.available}, {@code volume.deleted}, {@code volume.attached}, {@code volume.detached},
 *     {@code modification.optimizing}, {@code modification.completed}, {@code modification.cooldown},
 *     {@code snapshot.completed}, {@code volume.initialized}, {@code fast-restore.optimizing},
 *     {@code fast-restore.enabled}; EFS {@code filesystem.available}, {@code accesspoint.available};
 *     FSx {@code fsx.filesystem.available}, {@code fsx.filesystem.pending}, {@code fsx.filesystem.updating},
 *     {@code fsx.filesystem.optimizing}, {@code fsx.filesystem.throughput-optimizing},
 *     {@code fsx.filesystem.deleting}, {@code fsx.filesystem.cooldown};
 *     Amazon File Cache {@code fsx.cache.available}, {@code fsx.cache.deleting};
 *     FSx for ONTAP {@code fsx.volume.created}, {@code fsx.volume.restored}, {@code fsx.volume.pending},
 *     {@code fsx.volume.updating}, {@code fsx.volume.deleting}, {@code fsx.backup.available}</td></tr>
 * <tr><td>{@code throttle.<service>.<class>} / {@code throttle.<service>.*}</td><td>a token bucket {@code RATE/BURST}
 *     (tokens per second / bucket size), or {@code off}; EC2's classes are {@code describe},
 *     {@code describe-unfiltered}, {@code mutating} and some single actions (see Ec2Service);
 *     EFS's and FSx's are their action names. {@code *} is one bucket that every class of the
 *     service without a bucket of its own draws on</td></tr>
 * <tr><td>{@code fail.<transition>}</td><td>the failure message of every resource that reaches the
 *     transition while it is set, e.g. {@code fail.fsx.filesystem.create=Insufficient capacity}: the
 *     resource ends FAILED with that message instead of succeeding; EC2 {@code volume.create} (the
 *     volume ends in state {@code error}; EC2 gives no message); FSx {@code fsx.filesystem.create},
 *     {@code fsx.filesystem.update}, {@code fsx.cache.create}, {@code fsx.volume.create}, {@code fsx.volume.update},
 *     {@code fsx.backup.create}</td></tr>
 * <tr><td>{@code tokens.<service>.ttl}</td><td>how long a client request token is remembered
 *     (unset: for as long as its resource exists), e.g. {@code tokens.fsx.ttl=5m}</td></tr>
 * <tr><td>{@code errors.<Action>} / {@code errors.*}</td><td>fraction of calls answered 500 InternalError</td></tr>
 * <tr><td>{@code unavailable.<Action>} / {@code unavailable.*}</td><td>fraction answered 503 Unavailable</td></tr>
 * <tr><td>{@code drop.<Action>} / {@code drop.*}</td><td>fraction of calls carried out and then answered by
 *     closing the connection without a response, as when a connection breaks after AWS acted: the
 *     caller cannot tell whether the call happened</td></tr>
 * <tr><td>{@code consistency}</td><td>how long Describe does not yet see a new resource</td></tr>
 * <tr><td>{@code sts.role.<role ARN>}</td><td>a role of another account that STS lets the simulated
 *     account assume: the external id its trust policy asks for, or {@code *} for none (see StsService)</td></tr>
 * </table>
 */
public final class Knobs {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern ROLE_KNOB = Pattern.compile("sts\\.role\\.arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
    private static final Pattern BUCKET = Pattern.compile("(\\d+(?:\\.\\d+)?)/(\\d+)");
    /** AWS's FailureDetails messages are at most 256 characters. */
    private static final int MAX_FAILURE_MESSAGE = 256;

    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    /** Sets one knob; a bad key or value is an {@link IllegalArgumentException} naming it. */
    public void set(String key, String value) {
        String trimmed = value.trim();
        int dot = key.indexOf('.');
        String kind = dot < 0 ? key : key.substring(0, dot);
        switch (kind) {
            case "latency", "delay" -> {
                requireSuffix(key, dot);
                parseDuration(key, trimmed);
            }
            case "errors", "unavailable", "drop" -> {
                requireSuffix(key, dot);
                parseFraction(key, trimmed);
            }
            case "throttle" -> {
                requireSuffix(key, dot);
                if (!trimmed.equals("off") && !BUCKET.matcher(trimmed).matches()) {
                    throw new IllegalArgumentException("knob '" + key + "': '" + value + "' is not RATE/BURST (e.g. 20/100) or off");
                }
                buckets.remove(key.substring(dot + 1));
            }
            case "fail" -> {
                requireSuffix(key, dot);
                if (trimmed.isEmpty() || trimmed.length() > MAX_FAILURE_MESSAGE) {
                    throw new IllegalArgumentException("knob '" + key + "': the failure message must be 1 to " + MAX_FAILURE_MESSAGE + " characters");
                }
            }
            case "tokens" -> {
                if (!key.matches("tokens\\.[a-z0-9]+\\.ttl")) {
                    throw new IllegalArgumentException("knob '" + key + "' is not tokens.<service>.ttl, e.g. tokens.fsx.ttl");
                }
                parseDuration(key, trimmed);
            }
            case "consistency" -> parseDuration(key, trimmed);
            case "sts" -> {
                if (!ROLE_KNOB.matcher(key).matches()) {
                    throw new IllegalArgumentException("knob '" + key + "' is not sts.role.<role ARN>, e.g. sts.role.arn:aws:iam::111122223333:role/efs");
                }
                if (!trimmed.equals("*") && !EXTERNAL_ID.matcher(trimmed).matches()) {
                    throw new IllegalArgumentException("knob '" + key + "': '" + value + "' is neither * nor an external id (2 to 1224 of A-Za-z0-9+=,.@:/_-)");
                }
            }
            default -> throw new IllegalArgumentException("unknown knob '" + key
                    + "'; known: latency.<Action>, delay.<transition>, throttle.<service>.<class>, errors.<Action>, unavailable.<Action>,"
                    + " drop.<Action>, fail.<transition>, tokens.<service>.ttl, consistency, sts.role.<role ARN>");
        }
        values.put(key, trimmed);
    }

    /** Sets every {@code key=value} line (blank lines and {@code #} comments are skipped). */
    public void setAll(String lines) {
        for (String line : lines.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("knob line '" + trimmed + "' is not key=value");
            }
            set(trimmed.substring(0, equals).strip(), trimmed.substring(equals + 1));
        }
    }

    public void reset() {
        values.clear();
        buckets.clear();
    }

    /** Every knob set, sorted. */
    public Map<String, String> all() {
        return new TreeMap<>(values);
    }

    public Duration latency(String action) {
        return duration("latency." + action).or(() -> duration("latency.*")).orElse(Duration.ZERO);
    }

    /** How long a resource waits before the named state change, e.g. {@code volume.available}. */
    public Duration delay(String transition) {
        return duration("delay." + transition).orElse(Duration.ZERO);
    }

    /** The failure message set for a transition, e.g. {@code fsx.filesystem.create}; empty: it succeeds. */
    public java.util.Optional<String> failure(String transition) {
        return java.util.Optional.ofNullable(values.get("fail." + transition));
    }

    /** How long a service remembers a client request token; empty: as long as its resource exists. */
    public java.util.Optional<Duration> tokenTtl(String service) {
        return duration("tokens." + service + ".ttl");
    }

    /** The trust of a role set with {@code sts.role.<arn>}: its external id, or {@code *}; empty if not set. */
    public java.util.Optional<String> roleTrust(String roleArn) {
        return java.util.Optional.ofNullable(values.get("sts.role." + roleArn));
    }

    public Duration consistencyWindow() {
        return duration("consistency").orElse(Duration.ZERO);
    }

    /** Whether a call of this throttle class may go ahead now (no bucket configured: always). */
    public boolean admit(String service, String throttleClass, long nowNanos) {
        String key = service + "." + throttleClass;
        String spec = values.get("throttle." + key);
        if (spec == null) {
            // the service-wide bucket, shared by every class that has none of its own
            key = service + ".*";
            spec = values.get("throttle." + key);
        }
        if (spec == null || spec.equals("off")) {
            return true;
        }
        String bucketSpec = spec;
        TokenBucket bucket = buckets.computeIfAbsent(key, k -> {
            Matcher m = BUCKET.matcher(bucketSpec);
            m.matches();
            return new TokenBucket(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), nowNanos);
        });
        return bucket.tryTake(nowNanos);
    }

    /** Decides, at random with the configured rates, whether to fail this call: 500, 503 or 0 for no fault. */
    public int injectedFault(String action) {
        double roll = ThreadLocalRandom.current().nextDouble();
        double internal = fraction("errors." + action).orElseGet(() -> fraction("errors.*").orElse(0.0));
        if (roll < internal) {
            return 500;
        }
        double unavailable = fraction("unavailable." + action).orElseGet(() -> fraction("unavailable.*").orElse(0.0));
        return roll < internal + unavailable ? 503 : 0;
    }

    /** Whether this call's answer is lost after it was carried out ({@code drop.<Action>} / {@code drop.*}). */
    public boolean dropsAnswer(String action) {
        double drop = fraction("drop." + action).orElseGet(() -> fraction("drop.*").orElse(0.0));
        return drop > 0 && ThreadLocalRandom.current().nextDouble() < drop;
    }

    private java.util.Optional<Duration> duration(String key) {
        String value = values.get(key);
        return value == null ? java.util.Optional.empty() : java.util.Optional.of(parseDuration(key, value));
    }

    private java.util.Optional<Double> fraction(String key) {
        String value = values.get(key);
        return value == null ? java.util.Optional.empty() : java.util.Optional.of(parseFraction(key, value));
    }

    /** {@code 250ms}, {@code 2s}, {@code 1m}, {@code 6h}, or ISO-8601 such as {@code PT1.5S}. */
    public static Duration parseDuration(String key, String value) {
        Matcher m = DURATION.matcher(value);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofMinutes(amount);
            };
        }
        try {
            return Duration.parse(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("knob '" + key + "': '" + value + "' is not a duration (e.g. 250ms, 2s, PT1.5S)");
        }
    }

    private static double parseFraction(String key, String value) {
        try {
            double fraction = Double.parseDouble(value);
            if (fraction >= 0 && fraction <= 1) {
                return fraction;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("knob '" + key + "': '" + value + "' is not a fraction from 0 to 1");
    }

    private static void requireSuffix(String key, int dot) {
        if (dot < 0 || dot == key.length() - 1) {
            throw new IllegalArgumentException("knob '" + key + "' needs a name after the dot, e.g. latency.CreateVolume");
        }
    }
}
