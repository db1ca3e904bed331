package dev.polycsi.core.operation;

import static org.junit.jupiter.api.Assertions.fail;

import dev.polycsi.spi.operation.LongOperation;
import dev.polycsi.spi.operation.Progress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * A cloud resource whose state the test drives, and the {@link LongOperation} a backend would
 * write for it. Counts starts, checks and discards; waits for counts with a guard against hangs
 * (never as an assertion of speed).
 */
final class FakeResource {

    private static final Duration HANG_GUARD = Duration.ofSeconds(20);

    private Progress<String> state = Progress.absent();
    private final Deque<RuntimeException> checkErrors = new ArrayDeque<>();
    private RuntimeException stickyCheckError;
    private RuntimeException startError;
    private int starts;
    private int checks;
    private final List<String> discarded = new ArrayList<>();
    /** The threads that have checked: each waiter polls on a thread of its own. */
    private final Set<Thread> pollers = new HashSet<>();

    /** What a backend hands to {@code await}: a new object per call, as each call makes its own. */
    LongOperation<String> operation() {
        return new LongOperation<>() {
            @Override
            public String description() {
                return "fake resource";
            }

            @Override
            public Progress<String> check() {
                return FakeResource.this.check();
            }

            @Override
            public void start() {
                FakeResource.this.start();
            }

            @Override
            public void discard(Progress.Failed<String> failed) {
                FakeResource.this.discard(failed.resourceId());
            }

            @Override
            public Duration firstPollInterval() {
                return Duration.ofMillis(10);
            }

            @Override
            public Duration maxPollInterval() {
                return Duration.ofMillis(20);
            }
        };
    }

    private synchronized Progress<String> check() {
        checks++;
        pollers.add(Thread.currentThread());
        notifyAll();
        if (!checkErrors.isEmpty()) {
            throw checkErrors.poll();
        }
        if (stickyCheckError != null) {
            throw stickyCheckError;
        }
        return state;
    }

    private synchronized void start() {
        starts++;
        notifyAll();
        if (startError != null) {
            throw startError;
        }
        state = Progress.pending("CREATING");
    }

    private synchronized void discard(String resourceId) {
        discarded.add(resourceId);
        state = Progress.absent();
        notifyAll();
    }

    synchronized void set(Progress<String> progress) {
        state = progress;
    }

    /** The next checks throw these, one each. */
    synchronized void failNextChecks(RuntimeException... errors) {
        checkErrors.addAll(List.of(errors));
    }

    /** Every check throws this until cleared with null. */
    synchronized void failChecks(RuntimeException error) {
        stickyCheckError = error;
    }

    synchronized void failStart(RuntimeException error) {
        startError = error;
    }

    synchronized int starts() {
        return starts;
    }

    synchronized int checks() {
        return checks;
    }

    /** How many waiters have polled this resource. */
    synchronized int pollers() {
        return pollers.size();
    }

    synchronized List<String> discarded() {
        return List.copyOf(discarded);
    }

    /** Waits until at least {@code count} checks have happened in all. */
    void awaitChecks(int count) throws InterruptedException {
        awaitCount(() -> checks, count, "checks");
    }

    void awaitStarts(int count) throws InterruptedException {
        awaitCount(() -> starts, count, "starts");
    }

    void awaitDiscards(int count) throws InterruptedException {
        awaitCount(discarded::size, count, "discards");
    }

    private synchronized void awaitCount(IntSupplier counter, int count, String what) throws InterruptedException {
        long end = System.nanoTime() + HANG_GUARD.toNanos();
        while (counter.getAsInt() < count) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                fail("only " + counter.getAsInt() + " of " + count + " " + what + " happened");
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
