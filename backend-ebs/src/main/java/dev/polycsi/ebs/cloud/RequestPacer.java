package dev.polycsi.ebs.cloud;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Client-side request pacing that mirrors EC2's request token buckets, one per throttle class:
 * a request waits for a local token before it is sent, instead of being sent, throttled and
 * retried with backoff. Two hundred concurrent CreateVolume calls then go out at exactly the
 * rate EC2 allows, instead of wasting the bucket on retries (the SDK's adaptive mode backs off
 * well below the allowed rate once throttled). The SDK's adaptive retries stay as the backstop
 * for throttling caused by other clients of the same account.
 *
 * <p>Each attempt, retries included, takes a token: they all draw on EC2's bucket.
 */
final class RequestPacer implements ExecutionInterceptor {

    /**
     * EC2's default account limits (RATE per second / BURST), as documented in "Request
     * throttling for the Amazon EC2 API", for the classes this backend uses.
     */
    static final String EC2_DEFAULTS = "Describe=20/100,mutating=5/50,CreateVolume=5/100,DeleteVolume=5/100,"
            + "CreateSnapshot=5/100,DeleteSnapshot=5/100,CreateTags=10/100,DeleteTags=10/100";

    /** Actions that draw on EC2's shared bucket of mutating actions. */
    static final String MUTATING = "mutating";

    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long updatedNanos;

    RequestPacer(double ratePerSecond, double burst) {
        if (ratePerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a request rate needs RATE > 0 and BURST >= 1");
        }
        this.ratePerNano = ratePerSecond / 1e9;
        // One token short of EC2's bucket: requests reach EC2 a little out of step with their
        // turns here (threads wake late, connections differ), and the spare token absorbs that.
        this.burst = Math.max(1, burst - 1);
        this.tokens = this.burst;
        this.updatedNanos = System.nanoTime();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
        long wait = reserve(System.nanoTime());
        if (wait > 0) {
            try {
                Thread.sleep(Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Takes a token, going into debt if none is left; returns how long to wait until the debt is paid. */
    synchronized long reserve(long now) {
        tokens = Math.min(burst, tokens + (now - updatedNanos) * ratePerNano);
        updatedNanos = now;
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / ratePerNano);
    }

    /**
     * Parses {@code CLASS=RATE/BURST,…}; {@code none} (or empty) turns pacing off. Classes are
     * {@code Describe} (every Describe action), {@code mutating} (AttachVolume, DetachVolume,
     * ModifyVolume, CopyVolumes and any action not named) and single action names.
     */
    static Map<String, RequestPacer> parse(String spec) {
        Map<String, RequestPacer> pacers = new LinkedHashMap<>();
        if (spec.isBlank() || spec.trim().toLowerCase(Locale.ROOT).equals("none")) {
            return pacers;
        }
        for (String entry : spec.split(",")) {
            String[] classAndLimit = entry.trim().split("=", 2);
            String[] rateAndBurst = classAndLimit.length == 2 ? classAndLimit[1].trim().split("/", 2) : new String[0];
            if (classAndLimit[0].isBlank() || rateAndBurst.length != 2) {
                throw new IllegalArgumentException("'" + entry.trim() + "' is not CLASS=RATE/BURST");
            }
            try {
                pacers.put(classAndLimit[0].trim(), new RequestPacer(Double.parseDouble(rateAndBurst[0].trim()),
                        Double.parseDouble(rateAndBurst[1].trim())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + entry.trim() + "' is not CLASS=RATE/BURST with numbers");
            }
        }
        return pacers;
    }
}
