package dev.polycsi.aws.batch;

import dev.polycsi.spi.CsiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Merges concurrent look-ups by key into one call, at most one call per {@code window}: a key
 * that finds no call sent within the last window goes out at once, alone (no added latency
 * when the driver is idle); otherwise it opens a batch that later keys join, and that goes out
 * when the window since the last call ends or {@code maxBatch} keys have joined. Under load this
 * is one call per window, as aws-ebs-csi-driver's fixed 500 ms windows, without their
 * half-window of latency on every single call. Every caller gets its own key's value (empty
 * when the call did not return it).
 *
 * <p>A batch that fails fails all its callers, except when the failure is one that a single
 * unknown key causes (EC2 fails a whole {@code DescribeVolumes} for one unknown volume id): then
 * the batch is split in halves and retried, so only the unknown keys end up empty and the others
 * get their values, in O(unknown × log batch) extra calls.
 *
 * <p>Callers block; that is cheap on virtual threads, which also carry the timers and the calls.
 *
 * @param <K> the key, e.g. a volume id, a file system id, a name tag's value
 * @param <V> what the call returns per key, e.g. the SDK's {@code Volume}
 */
public final class Batcher<K, V> {

    /** One call for many keys; keys it does not return are absent. */
    @FunctionalInterface
    public interface Fetch<K, V> {
        Map<K, V> fetch(List<K> keys);
    }

    private final String name;
    private final Duration window;
    private final int maxBatch;
    private final Fetch<K, V> fetch;
    private final Predicate<RuntimeException> missingKeyFailure;
    private final ReentrantLock lock = new ReentrantLock();
    private Batch open;
    /** System.nanoTime() before which no new batch may go out. */
    private long nextSendNanos = System.nanoTime();

    /**
     * @param missingKeyFailure whether a failure means that some key of the batch does not exist
     *                          (the batch is then split, and a single such key is empty)
     */
    public Batcher(String name, Duration window, int maxBatch, Fetch<K, V> fetch, Predicate<RuntimeException> missingKeyFailure) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        this.name = name;
        this.window = window;
        this.maxBatch = maxBatch;
        this.fetch = fetch;
        this.missingKeyFailure = missingKeyFailure;
    }

    /** The value for {@code key}, from the batch it joins; failures are rethrown as the fetch threw them. */
    public Optional<V> get(K key) {
        if (maxBatch == 1 || window.isZero()) {
            // no batching: the caller's own call
            return Optional.ofNullable(fetchIsolatingMissing(List.of(key)).get(key));
        }
        CompletableFuture<Optional<V>> result = enqueue(key);
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CsiException(CsiException.Code.ABORTED, "interrupted while waiting for " + name, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                // the fetch's own exception, carrying its CSI code; rethrown on the caller's thread
                throw runtime;
            }
            throw new CsiException(CsiException.Code.INTERNAL, name + " failed: " + e.getCause(), e.getCause());
        }
    }

    private CompletableFuture<Optional<V>> enqueue(K key) {
        Batch full = null;
        CompletableFuture<Optional<V>> result;
        lock.lock();
        try {
            if (open == null) {
                Batch batch = new Batch();
                open = batch;
                long now = System.nanoTime();
                long delay = Math.max(0, nextSendNanos - now);
                nextSendNanos = now + delay + window.toNanos();
                if (delay == 0) {
                    full = batch; // idle: this key goes out now, alone
                } else {
                    Duration wait = Duration.ofNanos(delay);
                    Thread.ofVirtual().name(name + "-window").start(() -> {
                        sleep(wait);
                        sendIfStillOpen(batch);
                    });
                }
            }
            result = open.callers.computeIfAbsent(key, k -> new CompletableFuture<>());
            if (full != null || open.callers.size() >= maxBatch) {
                full = open;
                open = null;
            }
        } finally {
            lock.unlock();
        }
        if (full != null) {
            Batch batch = full;
            Thread.ofVirtual().name(name + "-send").start(() -> send(batch));
        }
        return result;
    }

    private void sendIfStillOpen(Batch batch) {
        lock.lock();
        try {
            if (open != batch) {
                return; // it filled up and went out already
            }
            open = null;
        } finally {
            lock.unlock();
        }
        send(batch);
    }

    private void send(Batch batch) {
        Map<K, CompletableFuture<Optional<V>>> callers = batch.callers;
        try {
            Map<K, V> values = fetchIsolatingMissing(new ArrayList<>(callers.keySet()));
            callers.forEach((key, caller) -> caller.complete(Optional.ofNullable(values.get(key))));
        } catch (RuntimeException | Error e) {
            callers.values().forEach(caller -> caller.completeExceptionally(e));
        }
    }

    private Map<K, V> fetchIsolatingMissing(List<K> keys) {
        try {
            return fetch.fetch(keys);
        } catch (RuntimeException e) {
            if (!missingKeyFailure.test(e)) {
                throw e;
            }
            if (keys.size() == 1) {
                return Map.of();
            }
            int half = keys.size() / 2;
            Map<K, V> values = new LinkedHashMap<>(fetchIsolatingMissing(keys.subList(0, half)));
            values.putAll(fetchIsolatingMissing(keys.subList(half, keys.size())));
            return values;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Batch {
        /** Insertion-ordered, so that a batch's call names its keys in arrival order. */
        final Map<K, CompletableFuture<Optional<V>>> callers = new LinkedHashMap<>();
    }
}
