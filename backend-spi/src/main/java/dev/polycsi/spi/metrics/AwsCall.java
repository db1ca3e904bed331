package dev.polycsi.spi.metrics;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One AWS API call as the SDK made it, retries included.
 *
 * @param service           the service, as the SDK names it: {@code EC2}, {@code EFS}, {@code FSx}
 * @param action            the API action, e.g. {@code CreateVolume}
 * @param duration          from the first attempt to the answer, backoff included
 * @param attempts          HTTP attempts made, at least one
 * @param throttledAttempts attempts the service refused as throttled
 * @param errorCode         the error the call ended with: AWS's error code (e.g.
 *                          {@code InvalidVolume.NotFound}), or {@code Timeout} or
 *                          {@code ConnectionError} where no answer came; empty on success
 */
public record AwsCall(String service, String action, Duration duration, int attempts, int throttledAttempts,
        Optional<String> errorCode) {

    public AwsCall {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(errorCode, "errorCode");
        if (attempts < 1 || throttledAttempts < 0 || throttledAttempts > attempts) {
            throw new IllegalArgumentException("need 0 <= throttledAttempts <= attempts, 1 <= attempts: " + throttledAttempts + ", " + attempts);
        }
    }

    public boolean succeeded() {
        return errorCode.isEmpty();
    }

    /** Attempts after the first. */
    public int retries() {
        return attempts - 1;
    }
}
