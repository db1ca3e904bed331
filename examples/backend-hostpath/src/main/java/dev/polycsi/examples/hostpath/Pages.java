package dev.polycsi.examples.hostpath;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.controller.Page;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Pagination for ListVolumes and ListSnapshots.
 *
 * <p>The token handed out is the id of the first entry of the next page, not an offset: if
 * entries are created or deleted between two calls, the listing still resumes at the right
 * place, and a token needs no state on our side. A token that is not an id of ours was not
 * issued by us, which CSI says to answer with ABORTED.
 */
final class Pages {

    private Pages() {
    }

    /**
     * @param entries   all entries, sorted by id
     * @param idFormat  what a token we issue looks like
     */
    static <T> Page<T> page(List<T> entries, Function<T, String> idOf, int maxEntries, String startingToken, Pattern idFormat) {
        String token = startingToken == null ? "" : startingToken;
        if (!token.isEmpty() && !idFormat.matcher(token).matches()) {
            throw CsiException.aborted("starting_token '%s' was not issued by this backend", token);
        }
        int start = 0;
        while (start < entries.size() && idOf.apply(entries.get(start)).compareTo(token) < 0) {
            start++;
        }
        int remaining = entries.size() - start;
        int end = start + (maxEntries > 0 ? Math.min(remaining, maxEntries) : remaining);
        String next = end < entries.size() ? idOf.apply(entries.get(end)) : "";
        return new Page<>(entries.subList(start, end), next);
    }
}
