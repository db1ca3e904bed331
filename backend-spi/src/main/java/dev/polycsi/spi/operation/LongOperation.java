package dev.polycsi.spi.operation;

import dev.polycsi.spi.CsiException;
import java.time.Duration;

/**
 * One piece of long-running work, as the backend knows it. Called from the waiter's thread, one
 * method at a time, and not under the core's per-volume claim: other calls for the resource may
 * run meanwhile. Every method must be idempotent: after a restart, {@link #check()} must find
 * what an earlier process started.
 *
 * <p>A {@link CsiException} from {@link #check()} or {@link #start()} with code UNAVAILABLE,
 * ABORTED or DEADLINE_EXCEEDED (throttling, a network error) is transient: the waiter checks
 * again at the next poll and the calls' ABORTED messages show it. Any other exception ends the
 * waiter, and the calls get it as they would from a backend call.
 */
public interface LongOperation<T> {

    /** For messages and logs, e.g. "creation of file system for volume pvc-1234". */
    String description();

    /** Where the work stands now. Polled until it is {@link Progress.Done} or {@link Progress.Failed}. */
    Progress<T> check();

    /**
     * Starts the work; called when {@link #check()} says {@link Progress.Absent}, right after the
     * first check and again if the resource stays absent for several checks. Idempotent (client
     * token), since a start whose answer was lost is started again.
     */
    void start();

    /**
     * Removes what a failed attempt left behind (deletes the FAILED file system), so that the next
     * call starts afresh and nothing failed stays in the account. May leave the deletion running;
     * until it has gone, {@link #check()} should keep reporting it as failed.
     */
    default void discard(Progress.Failed<T> failed) {
    }

    /** The error the caller gets for a failure; INTERNAL with the resource's own message by default. */
    default CsiException failure(Progress.Failed<T> failed) {
        return CsiException.internal("%s failed: %s", description(), failed.message());
    }

    /** The first pause between checks; it grows by half each time up to {@link #maxPollInterval()}. */
    default Duration firstPollInterval() {
        return Duration.ofSeconds(1);
    }

    default Duration maxPollInterval() {
        return Duration.ofSeconds(30);
    }
}
