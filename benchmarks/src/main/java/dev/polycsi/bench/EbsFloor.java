package dev.polycsi.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * What an ideal client would achieve on the simulator under the same delays and token buckets:
 * it knows every state change the instant it happens (no Describe at all), sends each volume's
 * CreateVolume as soon as the CreateVolume bucket has a token, its AttachVolume as soon as the
 * volume is available and the mutating bucket has a token, and is done when the attachment is.
 * Calls are served first come, first served. Nothing can finish sooner on this simulator, so a
 * measured run divided by this floor is the driver's own overhead.
 *
 * @param createdAt  seconds from the start when each volume's CreateVolume is accepted
 * @param attachedAt seconds from the start when each volume is attached (its ControllerPublish could return)
 */
record EbsFloor(double[] createdAt, double[] attachedAt) {

    /** A token bucket: {@code burst} tokens at first use, refilled at {@code rate} per second. */
    record Bucket(double rate, double burst) {

        static Bucket parse(String spec) {
            String[] parts = spec.split("/");
            return new Bucket(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
        }

        @Override
        public String toString() {
            return fmt(rate) + "/" + fmt(burst);
        }

        private static String fmt(double value) {
            return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
        }
    }

    /**
     * @param createBucket   the CreateVolume bucket, empty when unthrottled
     * @param mutatingBucket the bucket AttachVolume draws on, empty when unthrottled
     */
    static EbsFloor compute(int volumes, Optional<Bucket> createBucket, Optional<Bucket> mutatingBucket, Duration available,
            Duration attached) {
        double[] ready = new double[volumes];
        double[] created = schedule(ready, createBucket);
        double[] attachReady = Arrays.stream(created).map(t -> t + seconds(available)).toArray();
        double[] attachCalls = schedule(attachReady, mutatingBucket);
        double[] done = Arrays.stream(attachCalls).map(t -> t + seconds(attached)).toArray();
        return new EbsFloor(created, done);
    }

    /**
     * When each call gets its token, for calls ready at {@code ready} (ascending), served in
     * order. The bucket is full at the first call, as the simulator's is (made on first use).
     */
    static double[] schedule(double[] ready, Optional<Bucket> bucket) {
        double[] at = new double[ready.length];
        if (bucket.isEmpty()) {
            System.arraycopy(ready, 0, at, 0, ready.length);
            return at;
        }
        double rate = bucket.get().rate();
        double tokens = bucket.get().burst();
        double clock = ready.length == 0 ? 0 : ready[0];
        for (int i = 0; i < ready.length; i++) {
            double now = Math.max(clock, ready[i]);
            tokens = Math.min(bucket.get().burst(), tokens + (now - clock) * rate);
            if (tokens < 1) {
                double wait = (1 - tokens) / rate;
                now += wait;
                tokens = 1;
            }
            tokens -= 1;
            clock = now;
            at[i] = now;
        }
        return at;
    }

    double total() {
        return Arrays.stream(attachedAt).max().orElse(0);
    }

    double meanCompletion() {
        return Arrays.stream(attachedAt).average().orElse(0);
    }

    /** The ideal CreateVolume RPC latency of each volume: accepted, then available. */
    double[] createLatencies(Duration available) {
        return Arrays.stream(createdAt).map(t -> t + seconds(available)).toArray();
    }

    /** The ideal ControllerPublish latency of each volume: from available to attached. */
    double[] publishLatencies(Duration available) {
        double[] latencies = new double[attachedAt.length];
        for (int i = 0; i < latencies.length; i++) {
            latencies[i] = attachedAt[i] - (createdAt[i] + seconds(available));
        }
        return latencies;
    }

    static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
