package dev.polycsi.deploy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of PromQL to find the metric and label names an expression uses: string literals,
 * comments, range and subquery brackets, label matchers and grouping clauses are told apart, so
 * that what is left are functions, keywords, numbers and metric names. Metric names are those
 * starting with one of {@link #PREFIXES}: the families polycsi serves (ServedMetrics).
 */
final class PromQl {

    static final List<String> PREFIXES = List.of("polycsi_", "jvm_", "process_");

    private static final Pattern MATCHERS = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern MATCHER = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"\"\\s*");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\(([^()]*)\\)");
    private static final Pattern BRACKETS = Pattern.compile("\\[[^\\[\\]]*]");
    // Not after '$' (a Grafana variable outside a string), a digit or a '.' (a number such as 1e3).
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$:])[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private PromQl() {
    }

    /** The metric names an expression selects, in order of appearance. */
    static Set<String> metricNames(String expr) {
        String text = BRACKETS.matcher(MATCHERS.matcher(GROUPING.matcher(blankStrings(expr)).replaceAll(" ")).replaceAll(" ")).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher identifiers = IDENTIFIER.matcher(text);
        while (identifiers.find()) {
            String name = identifiers.group();
            if (PREFIXES.stream().anyMatch(name::startsWith)) {
                names.add(name);
            }
        }
        return names;
    }

    /** The label names an expression's matchers and grouping clauses use. */
    static Set<String> labelNames(String expr) {
        String text = blankStrings(expr);
        Set<String> labels = new LinkedHashSet<>();
        Matcher matchers = MATCHERS.matcher(text);
        while (matchers.find()) {
            for (String matcher : matchers.group(1).split(",")) {
                if (matcher.isBlank()) {
                    continue;
                }
                Matcher m = MATCHER.matcher(matcher);
                if (!m.matches()) {
                    throw new AssertionError("cannot read the label matcher '" + matcher.strip() + "' in: " + expr);
                }
                labels.add(m.group(1));
            }
        }
        Matcher groupings = GROUPING.matcher(text);
        while (groupings.find()) {
            for (String label : groupings.group(2).split(",")) {
                if (!label.isBlank()) {
                    if (!LABEL.matcher(label.strip()).matches()) {
                        throw new AssertionError("'" + label.strip() + "' is not a label name in: " + expr);
                    }
                    labels.add(label.strip());
                }
            }
        }
        return labels;
    }

    /** The metric names of {@code expr} that name no sample of the {@code served} families. */
    static Set<String> unknownMetrics(String expr, Map<String, ServedMetrics.Type> served) {
        Set<String> samples = ServedMetrics.sampleNames(served);
        Set<String> unknown = new TreeSet<>(metricNames(expr));
        unknown.removeAll(samples);
        return unknown;
    }

    /** {@link #unknownMetrics} for families known by name only. */
    static Set<String> unknownMetrics(String expr, Set<String> servedNames) {
        return unknownMetrics(expr, ServedMetrics.untyped(servedNames));
    }

    /**
     * The label names of {@code expr} that none of the documented families it uses carries (nor
     * the target labels, nor a histogram's {@code le} or a summary's {@code quantile}).
     */
    static Set<String> unknownLabels(String expr, Map<String, ServedMetrics.Family> documented) {
        Set<String> allowed = new TreeSet<>(ServedMetrics.TARGET_LABELS);
        for (String sample : metricNames(expr)) {
            documented.values().stream().filter(f -> ServedMetrics.sampleNames(Map.of(f.name(), f.type())).contains(sample))
                    .forEach(f -> {
                        allowed.addAll(f.labels());
                        if (f.type() == ServedMetrics.Type.HISTOGRAM) {
                            allowed.add("le");
                        }
                        if (f.type() == ServedMetrics.Type.SUMMARY) {
                            allowed.add("quantile");
                        }
                    });
        }
        Set<String> unknown = new TreeSet<>(labelNames(expr));
        unknown.removeAll(allowed);
        return unknown;
    }

    /**
     * The expression with each string literal emptied ("" for "…", '…' and `…` alike) and each
     * comment removed, so that no quoted text is read as a name, a brace or a bracket.
     */
    static String blankStrings(String expr) {
        StringBuilder out = new StringBuilder(expr.length());
        int i = 0;
        while (i < expr.length()) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                int end = i + 1;
                while (end < expr.length() && expr.charAt(end) != c) {
                    // Backslash escapes in "…" and '…'; a raw `…` string has none.
                    end += (c != '`' && expr.charAt(end) == '\\') ? 2 : 1;
                }
                if (end >= expr.length()) {
                    throw new AssertionError("unterminated string in: " + expr);
                }
                out.append("\"\"");
                i = end + 1;
            } else if (c == '#') {
                int end = expr.indexOf('\n', i);
                i = end < 0 ? expr.length() : end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
