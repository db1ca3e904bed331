package dev.polycsi.ebs.cloud;

import dev.polycsi.spi.CsiException.Code;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Polls with growing pauses until a check yields a result or the time is up. The first pause is
 * short because most EBS transitions finish in a second or two (and at once in the simulator);
 * pauses grow by {@code factor} up to {@code cap}, so that long waits cost few calls.
 */
record Backoff(Duration first, double factor, Duration cap, Duration limit) {

    /** Volume creation, attachment, detachment, modification: 250 ms, ×1.5, at most 5 s apart. */
    static Backoff transitions(Duration limit) {
        return new Backoff(Duration.ofMillis(250), 1.5, Duration.ofSeconds(5), limit);
    }

    /**
     * Calls {@code check} until it returns a value. When {@code limit} has passed, fails
     * DEADLINE_EXCEEDED naming {@code what}.
     */
    <T> T await(String what, Supplier<Optional<T>> check) {
        long deadline = System.nanoTime() + limit.toNanos();
        Duration pause = first;
        while (true) {
            Optional<T> done = check.get();
            if (done.isPresent()) {
                return done.get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new EbsCloudException(Code.DEADLINE_EXCEEDED, "", "timed out after " + limit.toSeconds() + " s waiting for " + what, null);
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
            throw new EbsCloudException(Code.ABORTED, "", "interrupted", e);
        }
    }
}
