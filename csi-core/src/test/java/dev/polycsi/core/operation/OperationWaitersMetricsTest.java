package dev.polycsi.core.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.polycsi.core.telemetry.DriverMetrics.LongOperationOutcome;
import dev.polycsi.core.telemetry.DriverMetrics.RunningOperation;
import dev.polycsi.core.telemetry.RecordingMetrics;
import dev.polycsi.core.telemetry.RecordingMetrics.Operation;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.CsiException.Code;
import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.operation.LongOperation;
import dev.polycsi.spi.operation.Progress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the long operations report to the metrics: each operation's end once, with its backend,
 * its kind and how it ended; and, at each scrape, the ones still running with their age.
 */
class OperationWaitersMetricsTest {

    private static final String KEY = "create:pvc-1";
    private static final long HANG_GUARD_SECONDS = 20;

    private final FakeResource resource = new FakeResource();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    /** The threads that polled: a waiter's report comes before its thread ends. */
    private final Set<Thread> waiterThreads = ConcurrentHashMap.newKeySet();
    private OperationWaiters waiters = new OperationWaiters(Duration.ofMinutes(1), metrics);

    @AfterEach
    void tearDown() {
        waiters.close();
        callers.shutdownNow();
    }

    @Test
    void aSucceededOperationIsReportedOnceWithItsBackendKindAndTheTimeItTook() throws Exception {
        long before = System.nanoTime();
        CompletableFuture<String> call = call(Deadline.NONE);
        resource.awaitStarts(1);
        long started = System.nanoTime();
        Thread.sleep(100); // the work takes at least this long
        long finished = System.nanoTime();
        resource.set(Progress.done("fs-1"));

        assertEquals("fs-1", call.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
        awaitWaitersEnded();
        long after = System.nanoTime();
        waiters.close();

        Operation ended = onlyOperation();
        assertEquals(new Operation("alpha", "create", LongOperationOutcome.SUCCEEDED, ended.took()), ended);
        assertBetween(Duration.ofNanos(finished - started), Duration.ofNanos(after - before), ended.took());
    }

    @Test
    void aFailedOperationIsReportedOnceAsFailed() throws Exception {
        CompletableFuture<String> call = call(Deadline.NONE);
        resource.awaitStarts(1);
        resource.set(Progress.failed("fs-1", "insufficient capacity in subnet"));

        assertFailure(Code.INTERNAL, call);
        awaitWaitersEnded();

        assertEquals(LongOperationOutcome.FAILED, onlyOperation().outcome());
        assertEquals("alpha", onlyOperation().backend());
    }

    @Test
    void aCheckThatFailsForGoodIsReportedAsFailed() throws Exception {
        CompletableFuture<String> call = call(Deadline.NONE);
        resource.awaitStarts(1);
        resource.failNextChecks(CsiException.invalidArgument("ThroughputCapacity 64 is not valid"));

        assertFailure(Code.INVALID_ARGUMENT, call);
        awaitWaitersEnded();

        assertEquals(LongOperationOutcome.FAILED, onlyOperation().outcome());
    }

    @Test
    void anOperationNoCallAsksForAnyMoreIsReportedAsAbandoned() throws Exception {
        waiters = new OperationWaiters(Duration.ofMillis(50), metrics);
        assertCode(Code.ABORTED, this::shortCall);
        resource.awaitStarts(1);

        awaitWaitersEnded();

        assertEquals(new Operation("alpha", "create", LongOperationOutcome.ABANDONED, onlyOperation().took()), onlyOperation());
    }

    @Test
    void closingReportsARunningOperationAsCancelled() throws Exception {
        CompletableFuture<String> call = call(Deadline.NONE);
        until(() -> waiters.callers("alpha/" + KEY) == 1, "the call to wait");
        resource.awaitStarts(1);

        waiters.close();

        assertFailure(Code.UNAVAILABLE, call);
        awaitWaitersEnded();
        assertEquals(new Operation("alpha", "create", LongOperationOutcome.CANCELLED, onlyOperation().took()), onlyOperation());
    }

    @Test
    void theKindIsTheKeysPrefixOrOtherSoThatTheSeriesStayFew() {
        assertEquals("create", OperationWaiters.kindOf("alpha/create:pvc-1"));
        assertEquals("snapshot", OperationWaiters.kindOf("alpha/snapshot:vol-1:snap-1"));
        assertEquals("other", OperationWaiters.kindOf("alpha/pvc-1"), "no kind: no id as a label either");
        assertEquals("other", OperationWaiters.kindOf("alpha/Create Volume:pvc-1"));
        assertEquals("other", OperationWaiters.kindOf("alpha/" + "x".repeat(40) + ":pvc-1"));
    }

    @Test
    void aRunningOperationIsListedWithItsAgeUntilItEnds() throws Exception {
        assertEquals(List.of(), List.copyOf(metrics.runningOperations()));
        long before = System.nanoTime();
        assertCode(Code.ABORTED, this::shortCall);
        resource.awaitStarts(1);

        RunningOperation first = onlyRunning();
        assertEquals("alpha", first.backend());
        assertEquals("create", first.kind());
        assertBetween(Duration.ofNanos(1), Duration.ofNanos(System.nanoTime() - before), first.age());
        Thread.sleep(20);
        assertTrue(onlyRunning().age().compareTo(first.age()) > 0, "the age grows while it runs");

        resource.set(Progress.done("fs-1"));
        assertEquals("fs-1", waiters.forBackend("alpha").await(KEY, resource.operation(), Deadline.NONE));

        assertEquals(List.of(), List.copyOf(metrics.runningOperations()));
    }

    @Test
    void aFailureKeptForTheNextCallIsNoLongerListedAsRunning() throws Exception {
        assertCode(Code.ABORTED, this::shortCall);
        resource.awaitStarts(1);
        resource.set(Progress.failed("fs-1", "insufficient capacity in subnet"));
        until(() -> waiters.holdsFailure("alpha/" + KEY), "the failure to be kept for the next call");

        assertEquals(List.of(), List.copyOf(metrics.runningOperations()));
        // The waiter reports its end right after it completes the result that holdsFailure sees.
        until(() -> metrics.operations.size() == 1, "the failure to be reported before any call took it");
        assertEquals(LongOperationOutcome.FAILED, onlyOperation().outcome(), "reported when it failed, not when a call took it");

        assertCode(Code.INTERNAL, () -> waiters.forBackend("alpha").await(KEY, operation(), Deadline.NONE));
        awaitWaitersEnded();
        assertEquals(1, metrics.operations.size());
    }

    // ---- helpers

    /** The resource's operation, noting the waiter threads that check it. */
    private LongOperation<String> operation() {
        LongOperation<String> fake = resource.operation();
        return new LongOperation<>() {
            @Override
            public String description() {
                return fake.description();
            }

            @Override
            public Progress<String> check() {
                waiterThreads.add(Thread.currentThread());
                return fake.check();
            }

            @Override
            public void start() {
                fake.start();
            }

            @Override
            public void discard(Progress.Failed<String> failed) {
                fake.discard(failed);
            }

            @Override
            public Duration firstPollInterval() {
                return fake.firstPollInterval();
            }

            @Override
            public Duration maxPollInterval() {
                return fake.maxPollInterval();
            }
        };
    }

    private String shortCall() {
        return waiters.forBackend("alpha").await(KEY, operation(), Deadline.after(Duration.ofMillis(300)));
    }

    private CompletableFuture<String> call(Deadline deadline) {
        return CompletableFuture.supplyAsync(() -> waiters.forBackend("alpha").await(KEY, operation(), deadline), callers);
    }

    private void awaitWaitersEnded() throws InterruptedException {
        assertFalse(waiterThreads.isEmpty(), "no waiter has checked");
        for (Thread thread : waiterThreads) {
            thread.join(TimeUnit.SECONDS.toMillis(HANG_GUARD_SECONDS));
            assertFalse(thread.isAlive(), "gave up waiting for " + thread + " to end");
        }
    }

    private Operation onlyOperation() {
        assertEquals(1, metrics.operations.size(), metrics.operations::toString);
        return metrics.operations.getFirst();
    }

    private RunningOperation onlyRunning() {
        List<RunningOperation> running = List.copyOf(metrics.runningOperations());
        assertEquals(1, running.size(), running::toString);
        return running.getFirst();
    }

    private static CsiException assertCode(Code code, org.junit.jupiter.api.function.Executable call) {
        CsiException e = assertThrows(CsiException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    private static void assertFailure(Code code, CompletableFuture<String> call) throws Exception {
        try {
            fail("expected " + code + ", got " + call.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            assertEquals(code, assertInstanceOf(CsiException.class, e.getCause()).code());
        }
    }

    private static void assertBetween(Duration low, Duration high, Duration actual) {
        assertTrue(actual.compareTo(low) >= 0 && actual.compareTo(high) <= 0, actual + " not in [" + low + ", " + high + "]");
    }

    private static void until(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_GUARD_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("gave up waiting for " + what);
            }
            Thread.sleep(5);
        }
    }
}
