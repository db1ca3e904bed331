package dev.polycsi.aws.client;

import java.time.Duration;

/**
 * How hard a client tries: adaptive retries (throttling slows the client down instead of
 * turning into retry storms; 5xx and connection errors are retried) up to {@code maxAttempts},
 * each attempt bounded by {@code attemptTimeout} and all of them by {@code callTimeout}.
 */
public record ClientConfig(int maxAttempts, Duration attemptTimeout, Duration callTimeout) {

    /** Connecting is quick or hopeless: a longer wait only delays the retry. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    public ClientConfig {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (attemptTimeout.isNegative() || attemptTimeout.isZero() || callTimeout.compareTo(attemptTimeout) < 0) {
            throw new IllegalArgumentException("need 0 < attemptTimeout <= callTimeout: " + attemptTimeout + ", " + callTimeout);
        }
    }

    /** The same with another number of attempts, e.g. fewer for tests that want a failure back soon. */
    public ClientConfig withMaxAttempts(int attempts) {
        return new ClientConfig(attempts, attemptTimeout, callTimeout);
    }
}
