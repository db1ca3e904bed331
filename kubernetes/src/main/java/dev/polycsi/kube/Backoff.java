package dev.polycsi.kube;

import java.time.Duration;

/**
 * Waits that double from {@code first} up to {@code longest}, all within {@code bound}
 * (aws-ebs-csi-driver starts its taint removal at 0.5 s and doubles).
 */
public record Backoff(Duration first, Duration longest, Duration bound) {

    public static final Backoff TAINT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(5));

    /** The wait after {@code attempt} failed attempts (1, 2, …). */
    Duration after(int attempt) {
        long millis = first.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, longest.toMillis()));
    }
}
