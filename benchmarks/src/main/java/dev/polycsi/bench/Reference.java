package dev.polycsi.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Another driver's figures, given on the command line because its binary is not here to measure:
 * {@code NAME:KEY=VALUE,...}, e.g. {@code go-hostpath:ready=5ms,rss=13MiB,probe-p50=150us}.
 * Keys: {@code ready} (a time: ms, s, us or µs), {@code rss} and {@code loaded-rss} (a size: KiB,
 * MiB, GiB, kB, MB), and {@code probe-p50}, {@code probe-p90}, {@code probe-p99},
 * {@code nodegetinfo-p50}, … (a time). Kept in ms, MiB and µs.
 */
record Reference(String name, Map<String, Double> figures) {

    private static final Pattern VALUE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-zµ]*)");

    static Reference parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--reference: NAME:KEY=VALUE,... expected, not " + text);
        }
        Map<String, Double> figures = new LinkedHashMap<>();
        for (String pair : text.substring(colon + 1).split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--reference: KEY=VALUE expected, not " + pair);
            }
            String key = pair.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = pair.substring(eq + 1).strip();
            double parsed;
            if (key.equals("ready")) {
                parsed = micros(value, key) / 1000.0;
            } else if (key.equals("rss") || key.equals("loaded-rss")) {
                parsed = mebibytes(value, key);
            } else if (key.matches("(probe|nodegetinfo)-p(50|90|99)")) {
                parsed = micros(value, key);
            } else {
                throw new IllegalArgumentException("--reference: unknown key " + key
                        + " (ready, rss, loaded-rss, probe-p50|p90|p99, nodegetinfo-p50|p90|p99)");
            }
            figures.put(key, parsed);
        }
        return new Reference(text.substring(0, colon), figures);
    }

    OptionalDouble get(String key) {
        Double value = figures.get(key);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    private static double micros(String value, String key) {
        Matcher m = match(value, key);
        double n = Double.parseDouble(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "us", "µs" -> n;
            case "ms" -> n * 1e3;
            case "s" -> n * 1e6;
            case "ns" -> n / 1e3;
            default -> throw new IllegalArgumentException("--reference " + key + ": a time with its unit (ns, us, µs, ms, s), not " + value);
        };
    }

    private static double mebibytes(String value, String key) {
        Matcher m = match(value, key);
        double n = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "KiB" -> n / 1024;
            case "MiB" -> n;
            case "GiB" -> n * 1024;
            case "kB", "KB" -> n * 1000 / 1048576;
            case "MB" -> n * 1e6 / 1048576;
            default -> throw new IllegalArgumentException("--reference " + key + ": a size with its unit (KiB, MiB, GiB, kB, MB), not " + value);
        };
    }

    private static Matcher match(String value, String key) {
        Matcher m = VALUE.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("--reference " + key + ": not a number with a unit: " + value);
        }
        return m;
    }
}
