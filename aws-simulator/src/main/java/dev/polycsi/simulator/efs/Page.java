package dev.polycsi.simulator.efs;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * One page of a listing in creation order. The token names the sequence number to go on from,
 * so that resources deleted between pages do not shift the next page.
 */
record Page<T extends Sequenced>(List<T> items, Optional<String> nextToken) {

    private static final String PREFIX = "after:";

    static <T extends Sequenced> Page<T> of(List<T> all, Optional<String> token, int size) {
        long from = token.map(Page::decode).orElse(0L);
        List<T> rest = all.stream().filter(item -> item.sequence() >= from).toList();
        if (rest.size() <= size) {
            return new Page<>(rest, Optional.empty());
        }
        return new Page<>(rest.subList(0, size), Optional.of(encode(rest.get(size).sequence())));
    }

    private static String encode(long sequence) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + sequence).getBytes(StandardCharsets.UTF_8));
    }

    private static long decode(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX)) {
                return Long.parseLong(text.substring(PREFIX.length()));
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw EfsError.badRequest("The pagination token '%s' is not valid.", token);
    }
}
