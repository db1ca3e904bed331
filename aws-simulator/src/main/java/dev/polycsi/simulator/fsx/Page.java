package dev.polycsi.simulator.fsx;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * One page of a listing in a stable order. The NextToken is standard Base64 (FSx's pattern) of
 * the position to go on from, so that items removed between pages do not shift the next one.
 */
record Page<T>(List<T> items, Optional<String> nextToken) {

    private static final String PREFIX = "after:";

    static <T> Page<T> of(List<T> all, ToLongFunction<T> position, Optional<String> token, Optional<Long> maxResults) {
        long from = token.map(Page::decode).orElse(0L);
        if (maxResults.filter(size -> size < 1).isPresent()) {
            throw FsxError.badRequest("MaxResults must be at least 1.");
        }
        List<T> rest = all.stream().filter(item -> position.applyAsLong(item) >= from).toList();
        long size = maxResults.orElse(Long.MAX_VALUE);
        if (rest.size() <= size) {
            return new Page<>(rest, Optional.empty());
        }
        int cut = (int) size;
        return new Page<>(rest.subList(0, cut), Optional.of(encode(position.applyAsLong(rest.get(cut)))));
    }

    private static String encode(long position) {
        return Base64.getEncoder().encodeToString((PREFIX + position).getBytes(StandardCharsets.UTF_8));
    }

    private static long decode(String token) {
        try {
            String text = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX)) {
                return Long.parseLong(text.substring(PREFIX.length()));
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw FsxError.badRequest("The NextToken '%s' is not valid.", token);
    }
}
