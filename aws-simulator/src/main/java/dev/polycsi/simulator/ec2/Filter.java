package dev.polycsi.simulator.ec2;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * One {@code Filter.N}: a resource matches if one of its values for the name matches one of the
 * filter's values, where {@code *} and {@code ?} are wildcards as in EC2. All filters of a request
 * must match.
 */
record Filter(String name, List<String> values) {

    Filter {
        values = List.copyOf(values);
    }

    boolean matchesAny(Collection<String> candidates) {
        return values.stream().map(Filter::glob).anyMatch(pattern -> candidates.stream().anyMatch(c -> pattern.matcher(c).matches()));
    }

    /** Refuses names outside {@code known} (tag filters are always known). */
    static void requireKnown(List<Filter> filters, Set<String> known) {
        for (Filter filter : filters) {
            if (!filter.name().startsWith("tag:") && !known.contains(filter.name())) {
                throw Ec2Errors.invalidFilter(filter.name());
            }
        }
    }

    /**
     * Whether a resource passes every filter; {@code valuesOf} gives its values for a filter name.
     * The tag filters ({@code tag:KEY}, {@code tag-key}, {@code tag-value}) are answered from {@code tags}.
     */
    static <T> boolean all(List<Filter> filters, T resource, Map<String, String> tags, BiFunction<T, String, List<String>> valuesOf) {
        for (Filter filter : filters) {
            List<String> candidates;
            if (filter.name().startsWith("tag:")) {
                String value = tags.get(filter.name().substring(4));
                candidates = value == null ? List.of() : List.of(value);
            } else if (filter.name().equals("tag-key")) {
                candidates = List.copyOf(tags.keySet());
            } else if (filter.name().equals("tag-value")) {
                candidates = List.copyOf(tags.values());
            } else {
                candidates = valuesOf.apply(resource, filter.name());
            }
            if (!filter.matchesAny(candidates)) {
                return false;
            }
        }
        return true;
    }

    private static Pattern glob(String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
