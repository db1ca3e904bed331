package dev.polycsi.reliability.controller;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What should exist once every operation the sidecars finished has taken effect: each CSI name
 * of each kind present (exactly once) or absent. An operation that never ended leaves its name
 * in doubt, and the checks skip it.
 */
public final class Ledger {

    public enum Expect { PRESENT, ABSENT, IN_DOUBT }

    /** A CSI name of a kind: a volume's, a snapshot's, or for an attachment its volume's. */
    public record Key(Kind kind, String name) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int byKind = kind.compareTo(other.kind);
            return byKind != 0 ? byKind : name.compareTo(other.name);
        }

        @Override
        public String toString() {
            return kind.label() + " " + name;
        }
    }

    private final Map<Key, Expect> expected = new ConcurrentHashMap<>();

    void present(Kind kind, String name) {
        expected.put(new Key(kind, name), Expect.PRESENT);
    }

    void absent(Kind kind, String name) {
        expected.put(new Key(kind, name), Expect.ABSENT);
    }

    void inDoubt(Kind kind, String name) {
        expected.put(new Key(kind, name), Expect.IN_DOUBT);
    }

    public Map<Key, Expect> expected() {
        return new TreeMap<>(expected);
    }
}
