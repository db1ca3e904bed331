package dev.polycsi.reliability.node;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a campaign counted, by name ("ok.NodeStageVolume", "error.NodeStageVolume.UNAVAILABLE",
 * "kill.during.NodePublishVolume", …), and the invariants it found broken, each with what was seen.
 */
final class Figures {

    private final ConcurrentMap<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());

    void add(String name) {
        add(name, 1);
    }

    void add(String name, long amount) {
        counters.computeIfAbsent(name, key -> new LongAdder()).add(amount);
    }

    long get(String name) {
        LongAdder adder = counters.get(name);
        return adder == null ? 0 : adder.sum();
    }

    /** The counters whose names start with {@code prefix}, the prefix cut off, sorted. */
    Map<String, Long> withPrefix(String prefix) {
        Map<String, Long> found = new TreeMap<>();
        counters.forEach((name, value) -> {
            if (name.startsWith(prefix)) {
                found.put(name.substring(prefix.length()), value.sum());
            }
        });
        return found;
    }

    /** An invariant broken: counted, and kept with what was seen. */
    void violation(String kind, String detail) {
        add("violation." + kind);
        violations.add(kind + ": " + detail);
    }

    List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }
}
