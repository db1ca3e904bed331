package dev.polycsi.core.operation;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.operation.LongOperation;
import dev.polycsi.spi.operation.LongOperations;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The core's {@link LongOperations}: one {@link Waiter} per key, on a virtual thread, and calls
 * that wait for it until shortly before their deadline.
 */
public final class OperationWaiters implements LongOperations, AutoCloseable {

    /** How long a waiter keeps going with no call asking: longer than csi-provisioner's longest retry pause (5 min). */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);

    private final Map<String, Waiter<?>> waiters = new ConcurrentHashMap<>();
    private final Duration idleTimeout;
    private volatile boolean closed;

    public OperationWaiters() {
        this(DEFAULT_IDLE_TIMEOUT);
    }

    public OperationWaiters(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    @Override
    public <T> T await(String key, LongOperation<T> operation, Deadline deadline) {
        if (closed) {
            throw CsiException.unavailable("the driver is shutting down; %s will be retried", operation.description());
        }
        Waiter<T> waiter = join(key, operation);
        waiter.touch();
        try {
            if (!deadline.isSet()) {
                return waiter.result().get();
            }
            return waiter.result().get(answerBefore(deadline).toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw CsiException.aborted("%s is %s after %s; still waiting for it in the background, the retry picks it up",
                    operation.description(), waiter.state(), format(waiter.elapsed()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CsiException failure) {
                throw failure;
            }
            throw new CsiException(CsiException.Code.INTERNAL, operation.description() + ": " + e.getCause(), e.getCause());
        } catch (CancellationException e) {
            throw CsiException.unavailable("the driver is shutting down; %s will be retried", operation.description());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CsiException.aborted("interrupted while waiting for %s", operation.description());
        }
    }

    /** The running waiter for {@code key}, or a new one. */
    @SuppressWarnings("unchecked")
    private <T> Waiter<T> join(String key, LongOperation<T> operation) {
        Waiter<?> waiter = waiters.compute(key, (k, existing) -> {
            if (existing != null && !existing.result().isDone()) {
                return existing;
            }
            Waiter<T> created = new Waiter<>(k, operation, idleTimeout);
            created.result().whenComplete((value, failure) -> waiters.remove(k, created));
            Thread.ofVirtual().name("wait-" + k).start(created);
            return created;
        });
        return (Waiter<T>) waiter;
    }

    /**
     * How long a call may wait: up to shortly before its deadline, so that ABORTED reaches the
     * caller in time. The margin is a tenth of the time left, between 200 ms and 2 s.
     */
    static Duration answerBefore(Deadline deadline) {
        Duration left = deadline.timeLeft();
        Duration margin = left.dividedBy(10);
        if (margin.compareTo(Duration.ofMillis(200)) < 0) {
            margin = Duration.ofMillis(200);
        } else if (margin.compareTo(Duration.ofSeconds(2)) > 0) {
            margin = Duration.ofSeconds(2);
        }
        Duration wait = left.minus(margin);
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    /** Waiters running now, for tests and metrics. */
    public int running() {
        return waiters.size();
    }

    @Override
    public void close() {
        closed = true;
        waiters.values().forEach(Waiter::stop);
        waiters.clear();
    }

    static String format(Duration elapsed) {
        long seconds = elapsed.toSeconds();
        if (seconds < 60) {
            return elapsed.toMillis() < 10_000 ? elapsed.toMillis() / 100 / 10.0 + " s" : seconds + " s";
        }
        return seconds / 60 + " min " + seconds % 60 + " s";
    }
}
