package dev.polycsi.reliability.controller;

import io.grpc.Status;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The sidecars' figures: operations done, calls made, and the codes answered. */
public final class CallStats {

    private final LongAdder operations = new LongAdder();
    private final LongAdder calls = new LongAdder();
    private final Map<String, LongAdder> codes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> operationsByName = new ConcurrentHashMap<>();

    void call(Status.Code code) {
        calls.increment();
        codes.computeIfAbsent(code.name(), c -> new LongAdder()).increment();
    }

    void operation(String name) {
        operations.increment();
        operationsByName.computeIfAbsent(name, n -> new LongAdder()).increment();
    }

    /** Operations that ended in an answer the sidecar takes as done. */
    public long operations() {
        return operations.sum();
    }

    public long calls() {
        return calls.sum();
    }

    /** Calls beyond the first of each operation. */
    public long retries() {
        return calls() - operations();
    }

    /** Calls per answered code, OK included. */
    public Map<String, Long> codes() {
        Map<String, Long> out = new TreeMap<>();
        codes.forEach((code, count) -> out.put(code, count.sum()));
        return out;
    }

    public Map<String, Long> operationsByName() {
        Map<String, Long> out = new TreeMap<>();
        operationsByName.forEach((name, count) -> out.put(name, count.sum()));
        return out;
    }
}
