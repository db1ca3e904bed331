package dev.polycsi.core.operation;

import dev.polycsi.core.telemetry.CallContext;
import dev.polycsi.core.telemetry.DriverMetrics;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.operation.LongOperation;
import dev.polycsi.spi.operation.LongOperations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The core's {@link LongOperations}: one {@link Waiter} per key, on a virtual thread, and calls
 * that wait for it until shortly before their deadline. Each backend gets its own view
 * ({@link #forBackend}), so that two backends' keys never meet.
 */
public final class OperationWaiters implements AutoCloseable {

    /**
     * How long a waiter keeps going with no call asking. The sidecars' default longest retry
     * pause is 5 min; deploy/ sets csi-provisioner's to 30 min, after which the next call finds
     * the work again in the cloud (by token or tag) and starts a new waiter: nothing is lost,
     * only an idle waiter's polling is saved.
     */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);

    private static final Duration MIN_MARGIN = Duration.ofMillis(500);
    private static final Duration MAX_MARGIN = Duration.ofSeconds(5);

    private final Map<String, Waiter<?>> waiters = new ConcurrentHashMap<>();
    private final Duration idleTimeout;
    private final DriverMetrics metrics;
    private volatile boolean closed;

    public OperationWaiters() {
        this(DEFAULT_IDLE_TIMEOUT);
    }

    public OperationWaiters(Duration idleTimeout) {
        this(idleTimeout, DriverMetrics.NONE);
    }

    /** @param metrics told of each operation's end, and reads the running ones at each scrape */
    public OperationWaiters(Duration idleTimeout, DriverMetrics metrics) {
        this.idleTimeout = idleTimeout;
        this.metrics = metrics;
        metrics.watchLongOperations(this::inProgress);
    }

    /** The operations of one backend: its keys are prefixed with its name. */
    public LongOperations forBackend(String backend) {
        return new LongOperations() {
            @Override
            public <T> T await(String key, LongOperation<T> operation, Deadline deadline) {
                return OperationWaiters.this.await(backend + "/" + key, operation, deadline);
            }
        };
    }

    <T> T await(String key, LongOperation<T> operation, Deadline deadline) {
        Waiter<T> waiter = join(key, operation);
        try {
            if (!deadline.isSet()) {
                return waiter.result().get();
            }
            return waiter.result().get(answerBefore(deadline).toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw CsiException.aborted("%s is %s after %s; still waiting for it in the background, the retry picks it up",
                    waiter.description(), waiter.state(), format(waiter.elapsed()));
        } catch (ExecutionException e) {
            waiter.delivered();
            if (e.getCause() instanceof CsiException failure) {
                throw failure;
            }
            throw new CsiException(CsiException.Code.INTERNAL, waiter.description() + ": " + e.getCause(), e.getCause());
        } catch (CancellationException e) {
            throw shuttingDown(waiter.description());
        } catch (InterruptedException e) {
            // The server cancels its calls: it is stopping.
            Thread.currentThread().interrupt();
            throw shuttingDown(waiter.description());
        } finally {
            waiter.leave();
        }
    }

    /** The waiter for {@code key} that this call now waits on: the running one, or a new one. */
    @SuppressWarnings("unchecked")
    private <T> Waiter<T> join(String key, LongOperation<T> operation) {
        Waiter<T>[] created = new Waiter[1];
        Waiter<?> joined = waiters.compute(key, (k, existing) -> {
            if (closed) {
                throw shuttingDown(operation.description());
            }
            if (existing != null && existing.enter()) {
                return existing;
            }
            Waiter<T> fresh = new Waiter<>(k, operation, idleTimeout, () -> waiters.remove(k, created[0]),
                    CallContext.capture(), (outcome, took) -> ended(k, outcome, took));
            fresh.enter();
            created[0] = fresh;
            return fresh;
        });
        if (created[0] != null) {
            // Started outside compute(): the map's lock is no place for side effects. The virtual
            // thread inherits this thread's context class loader, the backend's.
            Thread.ofVirtual().name("wait-" + key).start(created[0]);
        }
        if (closed) {
            // close() ran between the check above and now and may have missed this waiter.
            joined.stop();
            joined.leave();
            throw shuttingDown(operation.description());
        }
        return (Waiter<T>) joined;
    }

    /**
     * How long a call may wait: up to shortly before its deadline, so that ABORTED reaches the
     * caller in time. The margin is a fifth of the time left, between 500 ms and 5 s: answering
     * takes a few milliseconds on an idle driver, but a just-started driver on a busy node was
     * seen to miss a margin of 300 ms, and then the caller gets DEADLINE_EXCEEDED without the
     * state. csi-provisioner's default timeout of 10 s leaves 8 s of waiting.
     */
    static Duration answerBefore(Deadline deadline) {
        Duration left = deadline.timeLeft();
        Duration margin = left.dividedBy(5);
        if (margin.compareTo(MIN_MARGIN) < 0) {
            margin = MIN_MARGIN;
        } else if (margin.compareTo(MAX_MARGIN) > 0) {
            margin = MAX_MARGIN;
        }
        Duration wait = left.minus(margin);
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    /** The operations not ended yet, by backend and kind (the key's {@code <backend>/<kind>:…}). */
    private Collection<DriverMetrics.RunningOperation> inProgress() {
        List<DriverMetrics.RunningOperation> running = new ArrayList<>();
        waiters.forEach((key, waiter) -> {
            if (!waiter.result().isDone()) {
                running.add(new DriverMetrics.RunningOperation(backendOf(key), kindOf(key), waiter.elapsed()));
            }
        });
        return running;
    }

    private void ended(String key, DriverMetrics.LongOperationOutcome outcome, Duration took) {
        metrics.longOperationEnded(backendOf(key), kindOf(key), outcome, took);
    }

    private static String backendOf(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? key : key.substring(0, slash);
    }

    /** What the backend's key says the work is: {@code create} of {@code create:pvc-1}; {@code other} for a key without one. */
    static String kindOf(String key) {
        int slash = key.indexOf('/');
        int colon = key.indexOf(':', slash + 1);
        String kind = colon < 0 ? "" : key.substring(slash + 1, colon);
        return kind.matches("[a-z][a-z0-9_-]{0,31}") ? kind : "other";
    }

    /** Waiters running now (or holding a failure for the next call), for tests and metrics. */
    public int running() {
        return waiters.size();
    }

    /** Calls waiting for {@code key} now. */
    int callers(String key) {
        Waiter<?> waiter = waiters.get(key);
        return waiter == null ? 0 : waiter.callers();
    }

    /** Whether the waiter for {@code key} has ended and holds its failure for the next call. */
    boolean holdsFailure(String key) {
        Waiter<?> waiter = waiters.get(key);
        return waiter != null && waiter.result().isCompletedExceptionally();
    }

    /** Stops every waiter; calls waiting now and later get UNAVAILABLE. */
    @Override
    public void close() {
        closed = true;
        waiters.values().forEach(Waiter::stop);
        waiters.clear();
    }

    private static CsiException shuttingDown(String description) {
        return CsiException.unavailable("the driver is shutting down; %s will be retried", description);
    }

    static String format(Duration elapsed) {
        long seconds = elapsed.toSeconds();
        if (seconds < 60) {
            return elapsed.toMillis() < 10_000 ? elapsed.toMillis() / 100 / 10.0 + " s" : seconds + " s";
        }
        return seconds / 60 + " min " + seconds % 60 + " s";
    }
}
