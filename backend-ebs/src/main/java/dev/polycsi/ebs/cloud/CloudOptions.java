package dev.polycsi.ebs.cloud;

import java.time.Duration;

/**
 * How the backend talks to EC2.
 *
 * @param batching     batch concurrent Describe calls (DescribeVolumes, DescribeInstances, …) into one request per window
 * @param batchWindow  how long a batch waits for more requests before it goes out (0.5 s, as the official driver)
 * @param modifyWindow how long resize and modify requests for one volume wait to be merged (2 s, as the official driver)
 * @param rateLimits   client-side request rates per EC2 throttle class, {@code CLASS=RATE/BURST,…}, or {@code none}
 */
public record CloudOptions(boolean batching, Duration batchWindow, Duration modifyWindow, String rateLimits) {

    public static final CloudOptions DEFAULT = new CloudOptions(true, Duration.ofMillis(500), Duration.ofSeconds(2), RequestPacer.EC2_DEFAULTS);

    public CloudOptions(boolean batching, Duration batchWindow, Duration modifyWindow) {
        this(batching, batchWindow, modifyWindow, "none");
    }

    /** The default rates: EC2's default account limits. */
    public static String ec2DefaultRateLimits() {
        return RequestPacer.EC2_DEFAULTS;
    }

    /** Checks a rate-limit specification; IllegalArgumentException with the reason. */
    public static String checkRateLimits(String spec) {
        RequestPacer.parse(spec);
        return spec;
    }
}
