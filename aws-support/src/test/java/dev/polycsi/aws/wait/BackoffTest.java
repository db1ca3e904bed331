package dev.polycsi.aws.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.CsiException.Code;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void pausesGrowUpToTheCap() {
        List<Long> polls = new ArrayList<>();
        long start = System.nanoTime();
        String done = new Backoff(Duration.ofMillis(20), 2, Duration.ofMillis(80), Duration.ofSeconds(10)).await("test", () -> {
            polls.add((System.nanoTime() - start) / 1_000_000);
            return polls.size() == 6 ? Optional.of("done") : Optional.empty();
        });
        assertEquals("done", done);
        // pauses 20, 40, 80, 80, 80 ms: the last poll comes at 300 ms or a little later
        assertTrue(polls.getLast() >= 300 && polls.getLast() < 2000, "polls at " + polls);
        assertTrue(polls.get(1) >= 20 && polls.get(2) - polls.get(1) >= 40, "polls at " + polls);
    }

    @Test
    void theLimitIsDeadlineExceededNamingTheWait() {
        AtomicInteger polls = new AtomicInteger();
        long start = System.nanoTime();
        CsiException e = assertThrows(CsiException.class, () -> new Backoff(Duration.ofMillis(50), 1.5, Duration.ofMillis(200),
                Duration.ofMillis(400)).await("volume vol-1 to attach", () -> {
                    polls.incrementAndGet();
                    return Optional.empty();
                }));
        assertEquals(Code.DEADLINE_EXCEEDED, e.code());
        assertTrue(e.getMessage().contains("volume vol-1 to attach"), e.getMessage());
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs >= 400 && tookMs < 2000, "took " + tookMs + " ms");
        assertTrue(polls.get() >= 3 && polls.get() <= 6, "polls: " + polls.get());
    }

    @Test
    void whatTheCheckThrowsEndsTheWait() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Backoff.transitions(Duration.ofSeconds(5)).await("x", () -> {
                    throw new IllegalStateException("failed state");
                }));
        assertEquals("failed state", e.getMessage());
    }

    @Test
    void anInterruptedWaitIsAborted() {
        Thread.currentThread().interrupt();
        try {
            CsiException e = assertThrows(CsiException.class, () -> Backoff.transitions(Duration.ofSeconds(5)).await("x", Optional::empty));
            assertEquals(Code.ABORTED, e.code());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
        }
    }
}
