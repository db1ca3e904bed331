package dev.polycsi.spi.operation;

import dev.polycsi.spi.Deadline;

/**
 * Carries work that outlives one RPC: a file system that takes ten minutes to create, a backup
 * that takes five. Given by the core through {@link dev.polycsi.spi.BackendContext#operations()};
 * the package documentation shows how a backend uses it.
 *
 * <p>The first call for a key starts one background waiter, which checks the resource, starts
 * it if it is absent, and polls it until it ends. Each call waits for that waiter until shortly
 * before its own deadline and then throws ABORTED with the state and the time waited, which the
 * sidecars retry; the retry joins the same waiter. After a restart there is no waiter: the retry
 * starts a new one, whose first {@link LongOperation#check()} finds the resource the earlier
 * process started (by client token or tag) and waits on. A resource that ends FAILED is
 * discarded and its failure, with the service's own message, goes to the calls waiting then or,
 * if none is, to the next call; the call after that starts afresh. A waiter that no call has
 * waited for in a while stops.
 */
public interface LongOperations {

    /**
     * The operation's result once it is done; ABORTED when the deadline comes first; the
     * failure when it failed; UNAVAILABLE when the driver shuts down meanwhile. Without a
     * deadline ({@link Deadline#NONE}) it waits until the operation ends.
     *
     * <p>Calls with the same key share one waiter and its result: a call that joins a running
     * waiter does not run its own {@code operation}. So the key names the work, and a backend
     * that must refuse a conflicting request (CreateVolume's ALREADY_EXISTS for a reused name)
     * compares the result with its own request.
     *
     * @param key what the work is about, stable across calls and restarts, e.g.
     *            {@code "create:pvc-1234"} or {@code "expand:fs-0abc"}; one waiter per key.
     *            Keys are the backend's own: two backends never share a waiter.
     */
    <T> T await(String key, LongOperation<T> operation, Deadline deadline);
}
