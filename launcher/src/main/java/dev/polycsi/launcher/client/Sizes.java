package dev.polycsi.launcher.client;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as people write them: plain bytes, or a number with a binary suffix as Kubernetes quantities have. */
final class Sizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+)(Ki|Mi|Gi|Ti|Pi)?");
    private static final Map<String, Integer> SHIFTS = Map.of("Ki", 10, "Mi", 20, "Gi", 30, "Ti", 40, "Pi", 50);

    private Sizes() {
    }

    /** @throws IllegalArgumentException for anything but digits with an optional Ki, Mi, Gi, Ti or Pi, or more than a long holds */
    static long parse(String text) {
        Matcher matcher = SIZE.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size: give bytes, or a number with Ki, Mi, Gi or Ti (e.g. 10Gi)");
        }
        try {
            long number = Long.parseLong(matcher.group(1));
            String suffix = matcher.group(2);
            return suffix == null ? number : Math.multiplyExact(number, 1L << SHIFTS.get(suffix));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too large: at most " + Long.MAX_VALUE + " bytes", e);
        }
    }
}
