package dev.polycsi.core.operation;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.operation.LongOperation;
import dev.polycsi.spi.operation.Progress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Polls one {@link LongOperation} until it ends: starts it when it is absent, discards it when it
 * fails, and gives up when no call has asked about it for {@code idleTimeout}.
 */
final class Waiter<T> implements Runnable {

    private static final Logger LOG = LogManager.getLogger(Waiter.class);

    /** Errors that say "try again", not "this cannot work": the waiter polls on. */
    private static final Set<CsiException.Code> TRANSIENT = EnumSet.of(
            CsiException.Code.UNAVAILABLE, CsiException.Code.ABORTED, CsiException.Code.DEADLINE_EXCEEDED);

    /** Checks in a row that may find nothing after a start (eventual consistency) before starting again. */
    private static final int ABSENT_CHECKS_BEFORE_RESTART = 3;

    private final String key;
    private final LongOperation<T> operation;
    private final Duration idleTimeout;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final long createdNanos = System.nanoTime();
    private volatile long lastAskedNanos = createdNanos;
    private volatile String state = "starting";
    private volatile Thread thread;

    Waiter(String key, LongOperation<T> operation, Duration idleTimeout) {
        this.key = key;
        this.operation = operation;
        this.idleTimeout = idleTimeout;
    }

    CompletableFuture<T> result() {
        return result;
    }

    String state() {
        return state;
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - createdNanos);
    }

    void touch() {
        lastAskedNanos = System.nanoTime();
    }

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
        Duration pause = operation.firstPollInterval();
        int absentSinceStart = -1;
        try {
            while (!result.isDone()) {
                if (System.nanoTime() - lastAskedNanos > idleTimeout.toNanos()) {
                    LOG.info("{}: no call has asked for {} for {}; stopping its waiter ({})",
                            key, operation.description(), OperationWaiters.format(idleTimeout), state);
                    result.completeExceptionally(CsiException.aborted("stopped waiting for %s: nobody asked", operation.description()));
                    return;
                }
                try {
                    absentSinceStart = step(absentSinceStart);
                } catch (CsiException e) {
                    if (!TRANSIENT.contains(e.code())) {
                        result.completeExceptionally(e);
                        return;
                    }
                    LOG.info("{}: {} answered {} ({}); checking again", key, operation.description(), e.code(), e.getMessage());
                }
                if (result.isDone()) {
                    return;
                }
                Thread.sleep(pause);
                long next = Math.min(pause.toNanos() * 3 / 2, operation.maxPollInterval().toNanos());
                pause = Duration.ofNanos(next);
            }
        } catch (InterruptedException e) {
            result.cancel(false);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
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
                LOG.info("{}: {} is done after {}", key, operation.description(), OperationWaiters.format(elapsed()));
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
