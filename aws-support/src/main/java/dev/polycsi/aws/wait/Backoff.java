package dev.polycsi.aws.wait;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.CsiException.Code;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Polls with growing pauses until a check yields a result or the time is up. Pauses grow by
 * {@code factor} up to {@code cap}, so that long waits cost few calls.
 *
 * @param first  the first pause
 * @param factor how much each pause grows
 * @param cap    the longest pause
 * @param limit  how long the whole wait may take
 */
public record Backoff(Duration first, double factor, Duration cap, Duration limit) {

    public Backoff {
        if (first.isNegative() || factor < 1 || cap.compareTo(first) < 0) {
            throw new IllegalArgumentException("need 0 <= first <= cap and factor >= 1");
        }
    }

    /**
     * Resource transitions (creating → available, attaching → attached): 250 ms, ×1.5, at most 5 s
     * apart. The first pause is short because most transitions finish in a second or two (and at
     * once in the simulator).
     */
    public static Backoff transitions(Duration limit) {
        return new Backoff(Duration.ofMillis(250), 1.5, Duration.ofSeconds(5), limit);
    }

    /**
     * Calls {@code check} until it returns a value. When {@code limit} has passed, fails
     * DEADLINE_EXCEEDED naming {@code what}; interrupted, ABORTED. What {@code check} throws
     * ends the wait as it is.
     */
    public <T> T await(String what, Supplier<Optional<T>> check) {
        long deadline = System.nanoTime() + limit.toNanos();
        Duration pause = first;
        while (true) {
            Optional<T> done = check.get();
            if (done.isPresent()) {
                return done.get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new CsiException(Code.DEADLINE_EXCEEDED, "timed out after " + limit.toSeconds() + " s waiting for " + what);
            }
            sleep(Duration.ofNanos(Math.min(pause.toNanos(), left)));
            pause = Duration.ofNanos(Math.min(cap.toNanos(), (long) (pause.toNanos() * factor)));
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CsiException(Code.ABORTED, "interrupted", e);
        }
    }
}
