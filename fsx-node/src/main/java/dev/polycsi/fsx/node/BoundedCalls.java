package dev.polycsi.fsx.node;

import dev.polycsi.spi.CsiException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs calls that can block in the kernel for good (a stat or statvfs of a Lustre mount whose
 * servers are gone) so that the caller waits at most a timeout and a CSI call always returns.
 *
 * <p>Each call runs on a platform thread of its own, not a virtual one: a virtual thread blocked in
 * stat(2) or in a native downcall (the mounter's statvfs) keeps its carrier, and the driver's gRPC
 * calls run on virtual threads with one carrier per core, so a few hung mounts would stall the
 * whole driver. A platform thread stuck in the kernel costs only its stack. A call for a key that is
 * still running is joined rather than started again, so a dead mount holds one thread per kind of
 * call however often the kubelet asks; once the kernel lets it go, the next call starts afresh.
 */
final class BoundedCalls {

    /** The call did not return within the timeout; it goes on in the background. */
    static final class NoAnswer extends Exception {
        private static final long serialVersionUID = 1L;

        NoAnswer(String what, Duration timeout) {
            super("%s has not returned within %s".formatted(what, describe(timeout)));
        }
    }

    private final ConcurrentMap<String, CompletableFuture<Object>> running = new ConcurrentHashMap<>();

    /**
     * The result of {@code call}, or what it threw. {@code key} names the call for joining and in
     * messages, e.g. "stat of /var/lib/kubelet/pods/…/mount".
     */
    @SuppressWarnings("unchecked") // a key is always used with calls of one result type
    <T> T call(String key, Duration timeout, Callable<T> call) throws IOException, NoAnswer {
        CompletableFuture<Object> started = new CompletableFuture<>();
        CompletableFuture<Object> joined = running.putIfAbsent(key, started);
        CompletableFuture<Object> future = joined == null ? started : joined;
        if (joined == null) {
            // Started only once it is in the map: a call quick enough to end before the put must not leave its result behind.
            Thread.ofPlatform().daemon().name("bounded " + key).start(() -> {
                Object result = null;
                Throwable failure = null;
                try {
                    result = call.call();
                } catch (Throwable e) {
                    failure = e;
                }
                // Out of the map before it completes: a later call must start afresh, not join this finished one.
                running.remove(key, started);
                if (failure == null) {
                    started.complete(result);
                } else {
                    started.completeExceptionally(failure);
                }
            });
        }
        try {
            return (T) future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new NoAnswer(key, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CsiException.aborted("interrupted while waiting for %s", key);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new CsiException(CsiException.Code.INTERNAL, "%s failed: %s".formatted(key, cause), cause);
        }
    }

    /** How many calls are running now, hung ones included. */
    int running() {
        return running.size();
    }

    static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
