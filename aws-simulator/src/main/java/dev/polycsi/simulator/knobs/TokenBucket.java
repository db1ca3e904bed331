package dev.polycsi.simulator.knobs;

/**
 * EC2's throttling model: a bucket of {@code capacity} tokens refilled at {@code refillPerSecond};
 * each request takes one, and a request that finds the bucket empty is throttled.
 */
public final class TokenBucket {

    private final double capacity;
    private final double refillPerSecond;
    private double tokens;
    private long lastRefillNanos;

    public TokenBucket(double refillPerSecond, double capacity, long nowNanos) {
        if (refillPerSecond < 0 || capacity < 1) {
            throw new IllegalArgumentException("a token bucket needs a refill rate >= 0 and a capacity >= 1");
        }
        this.capacity = capacity;
        this.refillPerSecond = refillPerSecond;
        this.tokens = capacity;
        this.lastRefillNanos = nowNanos;
    }

    /** Takes a token if there is one. */
    public synchronized boolean tryTake(long nowNanos) {
        double elapsedSeconds = Math.max(0, nowNanos - lastRefillNanos) / 1e9;
        tokens = Math.min(capacity, tokens + elapsedSeconds * refillPerSecond);
        lastRefillNanos = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return refillPerSecond + "/" + capacity;
    }
}
