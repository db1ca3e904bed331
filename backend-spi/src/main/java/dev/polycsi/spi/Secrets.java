package dev.polycsi.spi;

import java.util.Map;
import java.util.Optional;

/** CSI secrets. {@link #toString()} never shows a value, so secrets cannot leak into a log line. */
public final class Secrets {

    private static final Secrets NONE = new Secrets(Map.of());

    private final Map<String, String> values;

    private Secrets(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Secrets of(Map<String, String> values) {
        return values == null || values.isEmpty() ? NONE : new Secrets(values);
    }

    public static Secrets none() {
        return NONE;
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public String toString() {
        return "Secrets" + values.keySet() + " (values redacted)";
    }
}
