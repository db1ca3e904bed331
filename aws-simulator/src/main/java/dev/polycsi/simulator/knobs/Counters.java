package dev.polycsi.simulator.knobs;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Calls and errors per {@code <service>.<Action>}, for benchmarks that report AWS calls per volume. */
public final class Counters {

    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> throttled = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> dropped = new ConcurrentHashMap<>();

    public void countCall(String service, String action) {
        add(calls, service, action);
    }

    public void countError(String service, String action) {
        add(errors, service, action);
    }

    public void countThrottled(String service, String action) {
        add(throttled, service, action);
    }

    public void countDropped(String service, String action) {
        add(dropped, service, action);
    }

    public long calls(String service, String action) {
        return get(calls, service, action);
    }

    public long errors(String service, String action) {
        return get(errors, service, action);
    }

    public long throttled(String service, String action) {
        return get(throttled, service, action);
    }

    public long dropped(String service, String action) {
        return get(dropped, service, action);
    }

    /** {@code <service>.<Action>} → [calls, errors, throttled, dropped], sorted. */
    public Map<String, long[]> snapshot() {
        Map<String, long[]> out = new TreeMap<>();
        calls.forEach((key, count) -> out.put(key, new long[] {count.sum(), sum(errors, key), sum(throttled, key), sum(dropped, key)}));
        return out;
    }

    public void reset() {
        calls.clear();
        errors.clear();
        throttled.clear();
        dropped.clear();
    }

    private static void add(Map<String, LongAdder> counters, String service, String action) {
        counters.computeIfAbsent(service + "." + action, k -> new LongAdder()).increment();
    }

    private static long get(Map<String, LongAdder> counters, String service, String action) {
        return sum(counters, service + "." + action);
    }

    private static long sum(Map<String, LongAdder> counters, String key) {
        LongAdder adder = counters.get(key);
        return adder == null ? 0 : adder.sum();
    }
}
