package dev.polycsi.fsx.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.polycsi.spi.CsiException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Blocked calls are real threads blocked on latches: the tests wait for events, never for durations. */
class BoundedCallsTest {

    private static final Duration LONG = Duration.ofMinutes(1);
    /** Long enough to start a thread; a blocked call times out however long it is. */
    private static final Duration SHORT = Duration.ofMillis(100);

    private final BoundedCalls calls = new BoundedCalls();

    @Test
    void aCallThatReturnsGivesItsResultOrWhatItThrew() throws Exception {
        assertEquals("answer", calls.call("k", LONG, () -> "answer"));
        IOException io = new FileSystemException("/mnt", null, "Stale file handle");
        assertEquals(io, assertThrows(IOException.class, () -> calls.call("k", LONG, () -> {
            throw io;
        })));
        assertEquals(CsiException.Code.NOT_FOUND, assertThrows(CsiException.class, () -> calls.call("k", LONG, () -> {
            throw CsiException.notFound("gone");
        })).code());
    }

    @Test
    @Timeout(60)
    void aHungCallIsNoAnswerAndIsJoinedInsteadOfStartedAgain() throws Exception {
        CountDownLatch kernel = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        BoundedCalls.NoAnswer first = assertThrows(BoundedCalls.NoAnswer.class, () -> calls.call("stat of /mnt", SHORT, () -> {
            started.incrementAndGet();
            kernel.await();
            return "late";
        }));
        assertEquals("stat of /mnt has not returned within 100 ms", first.getMessage());
        assertThrows(BoundedCalls.NoAnswer.class, () -> calls.call("stat of /mnt", SHORT, () -> {
            started.incrementAndGet();
            return "never asked";
        }));
        assertEquals(1, started.get(), "a hung call holds one thread, however often it is asked for");
        assertEquals(1, calls.running());

        assertEquals("other", calls.call("stat of /other", LONG, () -> "other"), "other keys are not held up");

        kernel.countDown();
        while (calls.running() > 0) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
        assertEquals("fresh", calls.call("stat of /mnt", LONG, () -> {
            started.incrementAndGet();
            return "fresh";
        }));
        assertEquals(2, started.get(), "once the hung call has returned, the next one starts afresh");
    }
}
