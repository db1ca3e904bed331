package dev.polycsi.reliability.node;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * How the kubelet calls a node plugin: each operation retried with the same arguments, with a
 * growing back-off, until it succeeds, also across the plugin's restarts. An operation that has
 * not succeeded within its budget is a hang. Codes a crash explains (the plugin gone or dying
 * mid-call, a call still running in the restarted plugin) are expected; any other is counted
 * as unexpected under its code.
 */
final class Kubelet {

    /** What a crash explains: no plugin listening, the connection cut mid-call, the deadline of a call whose plugin died. */
    static final Set<Status.Code> CRASH_CODES = EnumSet.of(Status.Code.UNAVAILABLE, Status.Code.CANCELLED,
            Status.Code.DEADLINE_EXCEEDED, Status.Code.ABORTED);

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final Figures figures;
    private final Duration budget;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Object calls = new Object();

    Kubelet(Figures figures, Duration budget) {
        this.figures = figures;
        this.budget = budget;
    }

    /** An operation that did not succeed within the budget. */
    static final class HangException extends RuntimeException {
        HangException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Runs {@code rpc} until it succeeds; an answer in {@code success} (NOT_FOUND for an unpublish) counts as success. */
    <T> T call(String kind, String what, Set<Status.Code> success, Supplier<T> rpc) throws InterruptedException {
        long started = System.nanoTime();
        Duration backoff = FIRST_BACKOFF;
        int attempts = 0;
        while (true) {
            attempts++;
            figures.add("attempt." + kind);
            begin(kind);
            try {
                T answer = rpc.get();
                succeeded(kind, attempts, started);
                return answer;
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                if (success.contains(code)) {
                    figures.add("ok-as." + kind + "." + code);
                    succeeded(kind, attempts, started);
                    return null;
                }
                figures.add("error." + kind + "." + code);
                if (!explainedByCrash(e.getStatus())) {
                    figures.add("unexpected." + kind + "." + code);
                    figures.violation("unexpected code", kind + " of " + what + ": " + code + " " + e.getStatus().getDescription());
                }
                if (System.nanoTime() - started > budget.toNanos()) {
                    figures.add("hang." + kind);
                    throw new HangException(kind + " of " + what + " did not succeed within " + budget.toSeconds() + " s ("
                            + attempts + " attempts); last: " + e.getStatus(), e);
                }
            } finally {
                end(kind);
            }
            long jitter = ThreadLocalRandom.current().nextLong(backoff.toMillis() / 2 + 1);
            Thread.sleep(backoff.toMillis() + jitter);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /**
     * One attempt, as the kubelet makes before a pod's deletion overtakes a publish: true if it
     * succeeded. A failure a crash explains leaves the volume "uncertain", and the caller releases it.
     */
    boolean attempt(String kind, String what, Runnable rpc) {
        figures.add("attempt." + kind);
        begin(kind);
        try {
            rpc.run();
            figures.add("ok." + kind);
            return true;
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            figures.add("error." + kind + "." + code);
            if (!explainedByCrash(e.getStatus())) {
                figures.add("unexpected." + kind + "." + code);
                figures.violation("unexpected code", kind + " of " + what + ": " + code + " " + e.getStatus().getDescription());
            }
            return false;
        } finally {
            end(kind);
        }
    }

    /**
     * A code the node's death explains. UNKNOWN only as grpc-java's client makes it when the
     * connection closes under a call it is still sending: the node never answered it.
     */
    static boolean explainedByCrash(Status status) {
        return CRASH_CODES.contains(status.getCode())
                || status.getCode() == Status.Code.UNKNOWN && status.getCause() instanceof java.nio.channels.ClosedChannelException;
    }

    private void succeeded(String kind, int attempts, long started) {
        figures.add("ok." + kind);
        figures.add("retries." + kind, attempts - 1);
        figures.add("millis." + kind, Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    private void begin(String kind) {
        inFlight.computeIfAbsent(kind, key -> new AtomicInteger()).incrementAndGet();
        synchronized (calls) {
            calls.notifyAll();
        }
    }

    private void end(String kind) {
        inFlight.get(kind).decrementAndGet();
    }

    /** The kinds of the node's calls under way now (the killer's targets). */
    Set<String> inFlight() {
        Set<String> kinds = new java.util.TreeSet<>();
        inFlight.forEach((kind, count) -> {
            if (kind.startsWith("Node") && count.get() > 0) {
                kinds.add(kind);
            }
        });
        return kinds;
    }

    /** Waits until some call to the node is under way, at most {@code timeout}; false if none began. */
    boolean awaitCall(Duration timeout) throws InterruptedException {
        long giveUp = System.nanoTime() + timeout.toNanos();
        synchronized (calls) {
            while (inFlight().isEmpty()) {
                long left = giveUp - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                calls.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }
}
