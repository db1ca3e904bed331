package dev.polycsi.core.operation;

import dev.polycsi.core.telemetry.CallContext;
import dev.polycsi.core.telemetry.DriverMetrics;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.operation.LongOperation;
import dev.polycsi.spi.operation.Progress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Polls one {@link LongOperation} until it ends: starts it when it is absent, discards it when it
 * fails, and gives up when no call has waited for it for {@code idleTimeout}.
 *
 * <p>Calls {@link #enter()} before waiting for {@link #result()} and {@link #leave()} after. A
 * failure is kept until one call has received it ({@link #delivered()}), so that a failure that
 * happens while no call waits is still reported once before the next call starts afresh.
 */
final class Waiter<T> implements Runnable {

    private static final Logger LOG = LogManager.getLogger(Waiter.class);

    /** Errors that say "try again", not "this cannot work": the waiter polls on. */
    private static final Set<CsiException.Code> TRANSIENT = EnumSet.of(
            CsiException.Code.UNAVAILABLE, CsiException.Code.ABORTED, CsiException.Code.DEADLINE_EXCEEDED);

    /** Checks in a row that may find nothing after a start (eventual consistency) before starting again. */
    private static final int ABSENT_CHECKS_BEFORE_RESTART = 3;

    /** The state until the first check has answered. */
    private static final String UNCHECKED = "being checked";

    private final String key;
    private final LongOperation<T> operation;
    private final Duration idleTimeout;
    /** Called once when the waiter serves no more calls: takes it out of the map. */
    private final Runnable release;
    private final Map<String, String> logFields;
    private final BiConsumer<DriverMetrics.LongOperationOutcome, Duration> ended;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final CountDownLatch deliveredLatch = new CountDownLatch(1);
    private final long createdNanos = System.nanoTime();
    private volatile String state = UNCHECKED;
    private volatile CsiException lastTransientError;
    private volatile Thread thread;

    // Guarded by this: who waits, so that an idle stop never races a call that joins.
    private int callers;
    private long lastLeftNanos = createdNanos;
    private boolean stoppedIdle;
    private boolean delivered;

    Waiter(String key, LongOperation<T> operation, Duration idleTimeout, Runnable release) {
        this(key, operation, idleTimeout, release, Map.of(), (outcome, took) -> { });
    }

    /**
     * @param logFields the log fields of the call that started it (request id, volume), for its own lines
     * @param ended     told once how the waiter ended
     */
    Waiter(String key, LongOperation<T> operation, Duration idleTimeout, Runnable release, Map<String, String> logFields,
            BiConsumer<DriverMetrics.LongOperationOutcome, Duration> ended) {
        this.key = key;
        this.operation = operation;
        this.idleTimeout = idleTimeout;
        this.release = release;
        this.logFields = logFields;
        this.ended = ended;
    }

    CompletableFuture<T> result() {
        return result;
    }

    String description() {
        return operation.description();
    }

    /** The state the service last reported, and the last transient error if the last check had one. */
    String state() {
        CsiException error = lastTransientError;
        return error == null ? state : state + " (the last check failed with " + error.code() + ": " + error.getMessage() + ")";
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - createdNanos);
    }

    /**
     * Registers a call that is about to wait. False when this waiter can serve no more calls: it
     * stopped for want of callers, was cancelled, or its failure went to an earlier call.
     */
    synchronized boolean enter() {
        if (stoppedIdle || delivered || result.isCancelled()) {
            return false;
        }
        callers++;
        return true;
    }

    synchronized int callers() {
        return callers;
    }

    synchronized void leave() {
        callers--;
        lastLeftNanos = System.nanoTime();
    }

    /** A call has received the failure: the next call starts afresh. */
    void delivered() {
        synchronized (this) {
            delivered = true;
        }
        deliveredLatch.countDown();
    }

    /** Ends the waiter now; waiting calls see a cancelled result. */
    void stop() {
        result.cancel(false);
        Thread running = thread;
        if (running != null) {
            running.interrupt();
        }
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        CallContext.adopt(logFields);
        try {
            poll();
        } catch (InterruptedException e) {
            result.cancel(false);
        } catch (Throwable e) { // an Error too: no call may wait for a waiter that died
            LOG.error("{}: checking {} failed", key, operation.description(), e);
            result.completeExceptionally(e);
        } finally {
            reportEnd();
            try {
                holdFailureUntilDelivered();
            } finally {
                release.run();
            }
        }
    }

    private void reportEnd() {
        DriverMetrics.LongOperationOutcome outcome;
        if (result.isCancelled()) {
            outcome = DriverMetrics.LongOperationOutcome.CANCELLED;
        } else if (isStoppedIdle()) {
            outcome = DriverMetrics.LongOperationOutcome.ABANDONED;
        } else if (result.isCompletedExceptionally() || !result.isDone()) {
            outcome = DriverMetrics.LongOperationOutcome.FAILED;
        } else {
            outcome = DriverMetrics.LongOperationOutcome.SUCCEEDED;
        }
        try {
            ended.accept(outcome, elapsed());
        } catch (RuntimeException e) {
            LOG.warn("{}: reporting the end of {} failed: {}", key, operation.description(), e.toString());
        }
    }

    private void poll() throws InterruptedException {
        Duration pause = operation.firstPollInterval();
        int absentSinceStart = -1;
        while (!result.isDone()) {
            if (stopIfIdle()) {
                return;
            }
            long checkStarted = System.nanoTime();
            try {
                absentSinceStart = step(absentSinceStart);
                lastTransientError = null;
            } catch (CsiException e) {
                if (!TRANSIENT.contains(e.code())) {
                    // Logged here too: if no call is waiting, the next one may come much later.
                    LOG.warn("{}: {} ended with {}: {}", key, operation.description(), e.code(), e.getMessage());
                    result.completeExceptionally(e);
                    return;
                }
                lastTransientError = e;
                LOG.info("{}: {} answered {} ({}); checking again", key, operation.description(), e.code(), e.getMessage());
            }
            if (result.isDone()) {
                return;
            }
            // From the start of the check, not its end: a check that a backend merged with other
            // volumes' waits longer than one sent alone, and pausing after it would move the
            // waiters' schedules apart, round by round, until no two checks are merged any more.
            Thread.sleep(Duration.ofNanos(Math.max(0, pause.toNanos() - (System.nanoTime() - checkStarted))));
            pause = Duration.ofNanos(Math.min(pause.toNanos() * 3 / 2, operation.maxPollInterval().toNanos()));
        }
    }

    /** Stops when no call waits and none has for {@code idleTimeout}; atomic with {@link #enter()}. */
    private synchronized boolean stopIfIdle() {
        if (callers > 0 || System.nanoTime() - lastLeftNanos < idleTimeout.toNanos()) {
            return false;
        }
        LOG.info("{}: no call has asked for {} for {}; stopping its waiter ({})",
                key, operation.description(), OperationWaiters.format(idleTimeout), state);
        stoppedIdle = true;
        result.completeExceptionally(CsiException.aborted("stopped waiting for %s: nobody asked", operation.description()));
        return true;
    }

    /**
     * After a failure that no call has received yet, waits (at most {@code idleTimeout}) until
     * one does, so that the failure is reported before anything starts afresh.
     */
    private void holdFailureUntilDelivered() {
        if (!result.isCompletedExceptionally() || result.isCancelled() || isStoppedIdle()) {
            return;
        }
        try {
            deliveredLatch.await(idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            // Closing: nobody will ask any more.
        }
    }

    private synchronized boolean isStoppedIdle() {
        return stoppedIdle;
    }

    /** One check and what follows from it; returns the count of absent checks since the last start (-1: not started). */
    private int step(int absentSinceStart) {
        Progress<T> progress = operation.check();
        switch (progress) {
            case Progress.Absent<T> absent -> {
                if (absentSinceStart < 0 || absentSinceStart >= ABSENT_CHECKS_BEFORE_RESTART) {
                    LOG.info("{}: starting {}", key, operation.description());
                    operation.start();
                    state = "starting";
                    return 0;
                }
                return absentSinceStart + 1;
            }
            case Progress.Pending<T> pending -> {
                if (!pending.state().equals(state)) {
                    LOG.info("{}: {} is {} after {}", key, operation.description(), pending.state(), OperationWaiters.format(elapsed()));
                }
                state = pending.state();
                return absentSinceStart < 0 ? absentSinceStart : 0;
            }
            case Progress.Done<T> done -> {
                // Done at the first look is a retry of finished work: nothing worth a line at INFO.
                LOG.log(state.equals(UNCHECKED) ? Level.DEBUG : Level.INFO, "{}: {} is done after {}",
                        key, operation.description(), OperationWaiters.format(elapsed()));
                result.complete(done.value());
                return absentSinceStart;
            }
            case Progress.Failed<T> failed -> {
                LOG.warn("{}: {} failed: {}; removing it so that the next attempt starts afresh",
                        key, operation.description(), failed.message());
                state = "failed";
                try {
                    operation.discard(failed);
                } catch (RuntimeException e) {
                    LOG.warn("{}: could not remove the failed {} ({}); the next attempt removes it", key, failed.resourceId(), e.toString());
                }
                result.completeExceptionally(operation.failure(failed));
                return absentSinceStart;
            }
        }
    }
}
