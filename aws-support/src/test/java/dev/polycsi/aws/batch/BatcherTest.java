package dev.polycsi.aws.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.aws.errors.AwsCallException;
import dev.polycsi.spi.CsiException.Code;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class BatcherTest {

    /** A fake Describe: knows some keys, records every call's keys. */
    private static final class FakeDescribe implements Batcher.Fetch<String, String> {
        final List<List<String>> calls = new CopyOnWriteArrayList<>();
        final Set<String> known = ConcurrentHashMap.newKeySet();
        volatile boolean failAll;

        @Override
        public Map<String, String> fetch(List<String> keys) {
            calls.add(List.copyOf(keys));
            if (failAll) {
                throw new AwsCallException(Code.UNAVAILABLE, "RequestLimitExceeded", "throttled", null);
            }
            List<String> unknown = keys.stream().filter(k -> !known.contains(k)).toList();
            if (!unknown.isEmpty()) {
                // as EC2: one unknown id fails the whole call
                throw new AwsCallException(Code.NOT_FOUND, "InvalidVolume.NotFound", "The volume '" + unknown + "' does not exist.", null);
            }
            Map<String, String> values = new HashMap<>();
            keys.forEach(k -> values.put(k, "value-" + k));
            return values;
        }
    }

    private static Batcher<String, String> batcher(FakeDescribe describe, Duration window, int max) {
        return new Batcher<>("test", window, max, describe, BatcherTest::isNotFound);
    }

    private static boolean isNotFound(RuntimeException e) {
        return e instanceof AwsCallException aws && aws.awsErrorCode().equals("InvalidVolume.NotFound");
    }

    private static List<Optional<String>> concurrently(Batcher<String, String> batcher, List<String> keys) throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Optional<String>>> futures = new ArrayList<>();
            for (String key : keys) {
                futures.add(threads.submit(() -> batcher.get(key)));
            }
            List<Optional<String>> results = new ArrayList<>();
            for (Future<Optional<String>> f : futures) {
                results.add(f.get());
            }
            return results;
        }
    }

    private static List<String> keys(int n) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add("vol-" + i);
        }
        return keys;
    }

    @Test
    void twoHundredConcurrentLookUpsCostOneCall() throws Exception {
        FakeDescribe describe = new FakeDescribe();
        describe.known.addAll(keys(200));
        List<Optional<String>> results = concurrently(batcher(describe, Duration.ofMillis(200), 500), keys(200));
        assertTrue(describe.calls.size() <= 2, "calls: " + describe.calls.size());
        for (int i = 0; i < 200; i++) {
            assertEquals(Optional.of("value-vol-" + i), results.get(i));
        }
    }

    @Test
    void anIdleBatcherSendsAtOnceThenAtMostOncePerWindowUnlessFull() throws Exception {
        FakeDescribe describe = new FakeDescribe();
        describe.known.addAll(List.of("vol-a", "vol-b"));
        Batcher<String, String> batcher = batcher(describe, Duration.ofMillis(300), 500);
        long start = System.nanoTime();
        assertEquals(Optional.of("value-vol-a"), batcher.get("vol-a"));
        long firstMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(firstMs < 250, "an idle batcher held a look-up for " + firstMs + " ms");
        assertEquals(Optional.of("value-vol-b"), batcher.get("vol-b"));
        long secondMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(secondMs >= 290, "a second call went out " + secondMs + " ms after the first, within the window");

        // a full batch does not wait for the window
        FakeDescribe second = new FakeDescribe();
        second.known.addAll(keys(5));
        Batcher<String, String> full = batcher(second, Duration.ofSeconds(30), 4);
        full.get("vol-4");
        start = System.nanoTime();
        concurrently(full, keys(4));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "a full batch waited for its window");
        assertEquals(2, second.calls.size());
    }

    @Test
    void noBatchIsLargerThanTheMaximum() throws Exception {
        FakeDescribe describe = new FakeDescribe();
        describe.known.addAll(keys(120));
        List<Optional<String>> results = concurrently(batcher(describe, Duration.ofMillis(200), 50), keys(120));
        assertTrue(describe.calls.stream().allMatch(call -> call.size() <= 50), "batch sizes " + describe.calls.stream().map(List::size).toList());
        assertTrue(describe.calls.size() >= 3);
        assertTrue(results.stream().allMatch(Optional::isPresent));
    }

    @Test
    void duplicateKeysShareOneSlot() throws Exception {
        FakeDescribe describe = new FakeDescribe();
        describe.known.add("vol-x");
        List<Optional<String>> results = concurrently(batcher(describe, Duration.ofMillis(200), 500), Collections.nCopies(30, "vol-x"));
        assertTrue(results.stream().allMatch(r -> r.equals(Optional.of("value-vol-x"))));
        // the first goes out alone at once, the 29 others share the next call
        assertTrue(describe.calls.size() <= 2, "calls: " + describe.calls);
        assertTrue(describe.calls.stream().allMatch(List.of("vol-x")::equals), "calls: " + describe.calls);
    }

    @Test
    void anUnknownKeyDoesNotFailTheOthers() throws Exception {
        FakeDescribe describe = new FakeDescribe();
        List<String> keys = keys(64);
        describe.known.addAll(keys);
        describe.known.remove("vol-17");
        List<Optional<String>> results = concurrently(batcher(describe, Duration.ofMillis(200), 500), keys);
        for (int i = 0; i < 64; i++) {
            assertEquals(i == 17 ? Optional.empty() : Optional.of("value-vol-" + i), results.get(i), "vol-" + i);
        }
        // the first key goes out alone; halving finds one unknown among the other 63 in
        // 1 + 2·log2(64) calls: 14 at most, far below one call per key
        assertTrue(describe.calls.size() <= 14, "calls: " + describe.calls.size());
    }

    @Test
    void aFailedBatchFailsEveryCallerWithTheMappedError() throws Exception {
        FakeDescribe describe = new FakeDescribe();
        describe.known.addAll(keys(10));
        describe.failAll = true;
        Batcher<String, String> batcher = batcher(describe, Duration.ofMillis(100), 500);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Optional<String>>> futures = keys(10).stream().map(k -> threads.submit(() -> batcher.get(k))).toList();
            for (Future<Optional<String>> f : futures) {
                var e = assertThrows(java.util.concurrent.ExecutionException.class, f::get);
                AwsCallException cause = (AwsCallException) e.getCause();
                assertEquals(Code.UNAVAILABLE, cause.code());
                assertEquals("RequestLimitExceeded", cause.awsErrorCode());
            }
        }
        assertTrue(describe.calls.size() <= 2, "calls: " + describe.calls.size());
    }

    @Test
    void withoutAWindowEveryCallerCallsAlone() {
        FakeDescribe describe = new FakeDescribe();
        describe.known.add("vol-a");
        Batcher<String, String> direct = batcher(describe, Duration.ZERO, 500);
        assertEquals(Optional.of("value-vol-a"), direct.get("vol-a"));
        assertEquals(Optional.empty(), direct.get("vol-b"));
        assertEquals(2, describe.calls.size());
    }
}
