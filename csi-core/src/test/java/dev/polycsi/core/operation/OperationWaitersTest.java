package dev.polycsi.core.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.CsiException.Code;
import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.operation.LongOperations;
import dev.polycsi.spi.operation.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The core's long operations with a fake resource polled every 10–20 ms. Nothing here asserts
 * how fast anything happens: tests wait for counts and states, with a guard against hangs.
 */
class OperationWaitersTest {

    private static final String KEY = "create:pvc-1";
    private static final long HANG_GUARD_SECONDS = 20;

    private final FakeResource resource = new FakeResource();
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    private OperationWaiters waiters = new OperationWaiters(Duration.ofMinutes(1));

    @AfterEach
    void tearDown() {
        waiters.close();
        callers.shutdownNow();
    }

    // ---- starting and joining

    @Test
    void theFirstCallStartsTheWorkAndTheRetryAfterAbortedGetsTheResult() throws Exception {
        CsiException aborted = assertCode(Code.ABORTED, () -> shortCall());
        resource.awaitChecks(3);
        resource.set(Progress.done("fs-1"));

        assertEquals("fs-1", waiters.await(KEY, resource.operation(), Deadline.NONE));
        assertEquals(1, resource.starts());
        assertTrue(aborted.getMessage().contains("fake resource"), aborted.getMessage());
    }

    @Test
    void concurrentCallsJoinOneWaiterAndAllGetTheValue() throws Exception {
        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(call(Deadline.NONE));
        }
        until(() -> waiters.callers(KEY) == 8, "8 calls waiting on one waiter");
        assertEquals(1, waiters.running());
        // Not before the waiter has started the work: its start would overwrite the finished state.
        resource.awaitStarts(1);

        resource.set(Progress.done("fs-1"));

        for (CompletableFuture<String> call : calls) {
            assertEquals("fs-1", call.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
        }
        assertEquals(1, resource.starts());
        assertEquals(1, resource.pollers(), "one waiter polled");
        until(() -> waiters.running() == 0, "the done waiter to be released");
    }

    @Test
    void repeatedCallsThatRunOutOfTimeJoinTheSameWaiter() throws Exception {
        assertCode(Code.ABORTED, this::shortCall);
        resource.awaitStarts(1);
        for (int i = 0; i < 3; i++) {
            resource.awaitChecks(resource.checks() + 1);
            assertCode(Code.ABORTED, this::shortCall);
        }
        resource.set(Progress.done("fs-1"));

        assertEquals("fs-1", waiters.await(KEY, resource.operation(), Deadline.NONE));
        assertEquals(1, resource.starts());
        assertEquals(1, resource.pollers(), "one waiter polled");
    }

    @Test
    void aCallWhoseDeadlineComesFirstGetsAbortedWithTheStateAndTimeWaited() throws Exception {
        assertCode(Code.ABORTED, this::shortCall);
        resource.awaitChecks(3); // absent and started, then CREATING at least once

        Deadline deadline = Deadline.after(Duration.ofSeconds(2));
        CsiException aborted = assertCode(Code.ABORTED, () -> waiters.await(KEY, resource.operation(), deadline));

        assertTrue(deadline.timeLeft().isPositive(), "answered at or after its deadline: " + deadline);
        assertTrue(aborted.getMessage().contains("fake resource is CREATING after "), aborted.getMessage());
        assertTrue(aborted.getMessage().matches(".* after \\d+(\\.\\d)? s;.*"), aborted.getMessage());
    }

    @Test
    void withoutADeadlineACallWaitsUntilTheWorkIsDone() throws Exception {
        CompletableFuture<String> call = call(Deadline.NONE);
        resource.awaitChecks(10);
        assertFalse(call.isDone());

        resource.set(Progress.done("fs-1"));

        assertEquals("fs-1", call.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void answersLeaveAMarginOfAFifthOfTheTimeLeftBetweenHalfASecondAnd5Seconds() {
        assertEquals(Duration.ZERO, OperationWaiters.answerBefore(Deadline.after(Duration.ofMillis(400))));
        assertBetween(Duration.ofMillis(400), Duration.ofMillis(500), OperationWaiters.answerBefore(Deadline.after(Duration.ofSeconds(1))));
        assertBetween(Duration.ofMillis(7900), Duration.ofSeconds(8), OperationWaiters.answerBefore(Deadline.after(Duration.ofSeconds(10))));
        assertBetween(Duration.ofSeconds(114), Duration.ofSeconds(115), OperationWaiters.answerBefore(Deadline.after(Duration.ofMinutes(2))));
    }

    // ---- failures

    @Test
    void aFailedResourceIsDiscardedReportedWithItsMessageAndTheNextCallStartsAfresh() throws Exception {
        CompletableFuture<String> call = call(Deadline.NONE);
        resource.awaitChecks(2);

        resource.set(Progress.failed("fs-1", "insufficient capacity in subnet"));

        CsiException failure = assertFailure(Code.INTERNAL, call);
        assertTrue(failure.getMessage().contains("insufficient capacity in subnet"), failure.getMessage());
        assertEquals(List.of("fs-1"), resource.discarded());

        CompletableFuture<String> next = call(Deadline.NONE);
        resource.awaitChecks(resource.checks() + 2);
        assertEquals(2, resource.starts());
        resource.set(Progress.done("fs-2"));
        assertEquals("fs-2", next.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void aFailureWhileNoCallWaitsGoesToTheNextCallAndTheOneAfterStartsAfresh() throws Exception {
        assertCode(Code.ABORTED, this::shortCall);
        resource.awaitStarts(1);
        resource.set(Progress.failed("fs-1", "insufficient capacity in subnet"));
        resource.awaitDiscards(1);
        until(() -> waiters.holdsFailure(KEY), "the failure to be held for the next call");

        CsiException failure = assertCode(Code.INTERNAL, () -> waiters.await(KEY, resource.operation(), Deadline.NONE));
        assertTrue(failure.getMessage().contains("insufficient capacity in subnet"), failure.getMessage());
        assertEquals(1, resource.starts());

        assertCode(Code.ABORTED, this::shortCall);
        resource.awaitStarts(2);
        assertEquals(List.of("fs-1"), resource.discarded());
    }

    @Test
    void transientErrorsKeepTheWaiterPollingAndShowInTheAbortedMessage() throws Exception {
        CompletableFuture<String> call = call(Deadline.NONE);
        resource.awaitChecks(2);
        resource.failChecks(CsiException.unavailable("Rate exceeded"));
        int checks = resource.checks();
        resource.awaitChecks(checks + 3);

        CsiException aborted = assertCode(Code.ABORTED, this::shortCall);
        assertTrue(aborted.getMessage().contains("UNAVAILABLE: Rate exceeded"), aborted.getMessage());
        assertFalse(call.isDone());

        resource.failChecks(null);
        resource.failNextChecks(CsiException.aborted("conflict"), new CsiException(Code.DEADLINE_EXCEEDED, "slow"));
        resource.set(Progress.done("fs-1"));
        assertEquals("fs-1", call.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
        assertEquals(1, resource.starts());
    }

    @Test
    void aNonTransientErrorEndsTheWaiterAndGoesToTheCaller() throws Exception {
        CompletableFuture<String> call = call(Deadline.NONE);
        resource.awaitChecks(2);

        resource.failNextChecks(CsiException.invalidArgument("ThroughputCapacity 64 is not valid"));

        CsiException failure = assertFailure(Code.INVALID_ARGUMENT, call);
        assertEquals("ThroughputCapacity 64 is not valid", failure.getMessage());
        until(() -> waiters.running() == 0, "the ended waiter to be released");
    }

    @Test
    void aStartThatIsRefusedGoesToTheCaller() {
        resource.failStart(CsiException.resourceExhausted("file system limit reached"));

        CsiException failure = assertCode(Code.RESOURCE_EXHAUSTED, () -> waiters.await(KEY, resource.operation(), Deadline.NONE));

        assertEquals("file system limit reached", failure.getMessage());
        assertEquals(1, resource.starts());
    }

    @Test
    void aWaiterThatDiesOfAnErrorStillAnswersItsCallers() throws Exception {
        CompletableFuture<String> call = call(Deadline.NONE);
        resource.awaitChecks(2);

        resource.failNextChecks(new IllegalStateException("bug in the backend"));

        CsiException failure = assertFailure(Code.INTERNAL, call);
        assertTrue(failure.getMessage().contains("bug in the backend"), failure.getMessage());
    }

    // ---- stopping

    @Test
    void aWaiterNoCallAsksForStopsAndTheNextCallWaitsOnWithoutStartingAgain() throws Exception {
        waiters = new OperationWaiters(Duration.ofMillis(50));
        assertCode(Code.ABORTED, this::shortCall);
        resource.awaitStarts(1);

        until(() -> waiters.running() == 0, "the idle waiter to stop");
        resource.set(Progress.done("fs-1"));

        assertEquals("fs-1", waiters.await(KEY, resource.operation(), Deadline.NONE));
        assertEquals(1, resource.starts());
    }

    @Test
    void aWaiterDoesNotStopForIdlenessWhileACallWaits() throws Exception {
        waiters = new OperationWaiters(Duration.ofMillis(50));
        CompletableFuture<String> call = call(Deadline.NONE);

        // 30 checks at 10-20 ms each take far longer than the idle timeout.
        resource.awaitChecks(30);
        resource.set(Progress.done("fs-1"));

        assertEquals("fs-1", call.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
        assertEquals(1, resource.starts());
    }

    @Test
    void closeEndsTheWaitersAndCallsGetUnavailable() throws Exception {
        CompletableFuture<String> call = call(Deadline.NONE);
        until(() -> waiters.callers(KEY) == 1, "the call to wait");

        waiters.close();

        assertFailure(Code.UNAVAILABLE, call);
        assertEquals(0, waiters.running());
        assertCode(Code.UNAVAILABLE, () -> waiters.await(KEY, resource.operation(), Deadline.NONE));
    }

    // ---- restarts and backends

    @Test
    void aRestartedDriverWaitsOnWhatTheEarlierOneStarted() throws Exception {
        assertCode(Code.ABORTED, this::shortCall);
        resource.awaitChecks(2);
        waiters.close();

        waiters = new OperationWaiters(Duration.ofMinutes(1));
        CompletableFuture<String> retry = call(Deadline.NONE);
        resource.awaitChecks(resource.checks() + 2);
        resource.set(Progress.done("fs-1"));

        assertEquals("fs-1", retry.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
        assertEquals(1, resource.starts());
        assertEquals(2, resource.pollers(), "a waiter in each driver");
    }

    @Test
    void twoBackendsNeverShareAWaiter() throws Exception {
        FakeResource other = new FakeResource();
        LongOperations a = waiters.forBackend("a");
        LongOperations b = waiters.forBackend("b");

        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> a.await(KEY, resource.operation(), Deadline.NONE), callers);
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> b.await(KEY, other.operation(), Deadline.NONE), callers);
        resource.awaitChecks(2);
        other.awaitChecks(2);
        resource.set(Progress.done("from a"));
        other.set(Progress.done("from b"));

        assertEquals("from a", first.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
        assertEquals("from b", second.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
        assertEquals(1, resource.starts());
        assertEquals(1, other.starts());
    }

    // ---- helpers

    /** A call with so little time that it answers ABORTED at once unless the work is already done. */
    private String shortCall() {
        return waiters.await(KEY, resource.operation(), Deadline.after(Duration.ofMillis(300)));
    }

    private CompletableFuture<String> call(Deadline deadline) {
        return CompletableFuture.supplyAsync(() -> waiters.await(KEY, resource.operation(), deadline), callers);
    }

    private static CsiException assertCode(Code code, org.junit.jupiter.api.function.Executable call) {
        CsiException e = assertThrows(CsiException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    private static CsiException assertFailure(Code code, CompletableFuture<String> call) throws Exception {
        try {
            String value = call.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS);
            return fail("expected " + code + ", got " + value);
        } catch (ExecutionException e) {
            CsiException failure = assertInstanceOf(CsiException.class, e.getCause());
            assertEquals(code, failure.code(), failure.getMessage());
            return failure;
        }
    }

    private static void assertBetween(Duration low, Duration high, Duration actual) {
        assertTrue(actual.compareTo(low) >= 0 && actual.compareTo(high) <= 0, actual + " not in [" + low + ", " + high + "]");
    }

    /** Polls a condition on the waiters' state, with a guard against hangs. */
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
