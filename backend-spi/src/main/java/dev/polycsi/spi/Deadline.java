package dev.polycsi.spi;

import java.time.Duration;

/**
 * When the caller of an RPC stops waiting for its answer: the gRPC deadline the sidecar or the
 * kubelet set (csi-provisioner's {@code --timeout}, for example). A backend that waits on the
 * cloud stops before it and answers ABORTED or UNAVAILABLE, so that the caller's retry, not a
 * request nobody reads any more, carries on. Measured on the monotonic clock.
 */
public final class Deadline {

    /** No deadline: the caller waits as long as it takes (a test, a CLI call without a timeout). */
    public static final Deadline NONE = new Deadline(Long.MAX_VALUE);

    private final long expiresAtNanos;

    private Deadline(long expiresAtNanos) {
        this.expiresAtNanos = expiresAtNanos;
    }

    /** A deadline {@code timeLeft} from now. */
    public static Deadline after(Duration timeLeft) {
        long nanos;
        try {
            nanos = timeLeft.toNanos();
        } catch (ArithmeticException tooLong) {
            return NONE;
        }
        long now = System.nanoTime();
        return nanos >= Long.MAX_VALUE - now ? NONE : new Deadline(now + nanos);
    }

    public boolean isSet() {
        return expiresAtNanos != Long.MAX_VALUE;
    }

    /** The time left; zero once passed; a very long time for {@link #NONE}. */
    public Duration timeLeft() {
        if (!isSet()) {
            return Duration.ofNanos(Long.MAX_VALUE);
        }
        return Duration.ofNanos(Math.max(0, expiresAtNanos - System.nanoTime()));
    }

    /** Whether less than {@code margin} is left. */
    public boolean within(Duration margin) {
        return isSet() && timeLeft().compareTo(margin) < 0;
    }

    /** This deadline, brought forward by {@code margin} so that an answer still reaches the caller in time. */
    public Deadline minus(Duration margin) {
        return isSet() ? new Deadline(expiresAtNanos - margin.toNanos()) : this;
    }

    @Override
    public String toString() {
        return isSet() ? "Deadline[" + timeLeft().toMillis() + " ms left]" : "Deadline[none]";
    }
}
