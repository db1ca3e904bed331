package dev.polycsi.simulator.ec2;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * MaxResults/NextToken paging over a listing in creation order. A token names the creation
 * sequence of the last item returned, so that items created or deleted between pages neither
 * repeat nor shift the rest.
 */
final class Pagination {

    record Page<T>(List<T> items, String nextToken) {}

    private static final String TOKEN_PREFIX = "after:";

    private Pagination() {
    }

    /**
     * MaxResults as EC2 takes it: below {@code min} is an error, above {@code max} returns {@code max}.
     * Empty if not given.
     */
    static Optional<Integer> maxResults(QueryParams params, int min, int max) {
        return params.integer("MaxResults").map(value -> {
            if (value < min) {
                throw Ec2Errors.invalidParameterValue("Value ( %d ) for parameter maxResults is invalid. Expecting a value greater than %d.", value, min - 1);
            }
            return Math.min(value, max);
        });
    }

    /** One page of {@code items} (sorted by {@code sequence}); everything if neither MaxResults nor NextToken is given. */
    static <T> Page<T> page(List<T> items, ToLongFunction<T> sequence, Optional<Integer> maxResults, Optional<String> nextToken, int max) {
        long after = nextToken.map(Pagination::decode).orElse(0L);
        List<T> rest = items.stream().filter(item -> sequence.applyAsLong(item) > after).toList();
        int size = maxResults.orElse(nextToken.isPresent() ? max : Integer.MAX_VALUE);
        if (rest.size() <= size) {
            return new Page<>(rest, null);
        }
        List<T> page = rest.subList(0, size);
        return new Page<>(page, encode(sequence.applyAsLong(page.getLast())));
    }

    private static String encode(long sequence) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((TOKEN_PREFIX + sequence).getBytes(StandardCharsets.UTF_8));
    }

    private static long decode(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(TOKEN_PREFIX)) {
                return Long.parseLong(text.substring(TOKEN_PREFIX.length()));
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw Ec2Errors.invalidPaginationToken(token);
    }
}
