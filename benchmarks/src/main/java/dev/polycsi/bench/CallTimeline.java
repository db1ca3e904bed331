package dev.polycsi.bench;

import dev.polycsi.simulator.knobs.Counters;
import java.util.ArrayList;
import java.util.List;

/**
 * When the calls of one action went out during the timed run, sampled from the simulator's
 * counter every 20 ms: how many per minute, and how many per polling round (a burst of calls
 * with no pause longer than {@code gap} inside). A driver that merges its waiters' polls makes
 * one or two calls per round however many volumes wait; one that does not, one per volume.
 */
final class CallTimeline implements AutoCloseable {

    private static final long SAMPLE_MILLIS = 20;

    private final Counters counters;
    private final String service;
    private final String action;
    private final long startNanos;
    /** Seconds from the start of each new call seen, as often as it was seen in one sample. */
    private final List<Double> calls = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean stopped;
    private long seen;

    private CallTimeline(Counters counters, String service, String action, long startNanos) {
        this.counters = counters;
        this.service = service;
        this.action = action;
        this.startNanos = startNanos;
        this.seen = counters.calls(service, action);
        this.sampler = Thread.ofVirtual().name("timeline-" + action).start(this::run);
    }

    /** Starts sampling now; calls counted before are not on the timeline. */
    static CallTimeline start(Counters counters, String service, String action, long startNanos) {
        return new CallTimeline(counters, service, action, startNanos);
    }

    private void run() {
        while (!stopped) {
            sample();
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void sample() {
        long now = counters.calls(service, action);
        double at = (System.nanoTime() - startNanos) / 1e9;
        for (long i = seen; i < now; i++) {
            calls.add(at);
        }
        seen = now;
    }

    /** Stops sampling, after a last sample. */
    @Override
    public void close() {
        stopped = true;
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
    }

    /** Calls in each minute from the start, up to the last minute with a call. */
    synchronized int[] perMinute() {
        int minutes = calls.isEmpty() ? 0 : (int) (calls.getLast() / 60) + 1;
        int[] counts = new int[minutes];
        calls.forEach(at -> counts[(int) (at / 60)]++);
        return counts;
    }

    /** Calls per burst, bursts being separated by more than {@code gapSeconds} without a call; each with its start. */
    synchronized List<double[]> rounds(double gapSeconds) {
        List<double[]> rounds = new ArrayList<>();
        double last = Double.NEGATIVE_INFINITY;
        for (double at : calls) {
            if (at - last > gapSeconds) {
                rounds.add(new double[] {at, 0});
            }
            rounds.getLast()[1]++;
            last = at;
        }
        return rounds;
    }
}
