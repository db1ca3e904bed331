package dev.polycsi.launcher.client;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Follows a list call's {@code next_token} from page to page. */
final class Pages {

    private Pages() {
    }

    /**
     * @param firstToken where to start, empty for the first page
     * @throws RpcCommand.Failure when the plugin hands out a token a second time, which would never end
     */
    static <P> List<P> all(String firstToken, Function<String, P> fetch, Function<P, String> nextToken) {
        List<P> pages = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String token = firstToken;
        if (!token.isEmpty()) {
            seen.add(token);
        }
        do {
            P page = fetch.apply(token);
            pages.add(page);
            token = nextToken.apply(page);
            if (!token.isEmpty() && !seen.add(token)) {
                throw new RpcCommand.Failure("the plugin returned next_token '" + token + "' twice; stopped following pages");
            }
        } while (!token.isEmpty());
        return pages;
    }
}
