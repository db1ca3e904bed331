package dev.polycsi.simulator.fsx;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * FSx's idempotency: a ClientRequestToken seen before for the same action with the same
 * parameters answers the file system it was used on; with other parameters it is
 * IncompatibleParameterError naming the first member that differs. A token is remembered for
 * the {@code tokens.fsx.ttl} knob (unset: as long as its file system exists); FSx does not
 * document its window, and a retry after it creates a second file system, as FSx does. Not
 * thread-safe: {@link FsxState} guards it.
 */
final class ClientTokens {

    /** One use of a token: for which action, with which parameters, on which file system, and when. */
    record Use(String action, String token, SortedMap<String, String> parameters, String fileSystemId, Instant recordedAt) {

        Use {
            parameters = new TreeMap<>(parameters);
        }
    }

    private final Map<String, Use> uses = new LinkedHashMap<>();

    /** The file system an earlier identical request made or changed; empty if the token is new or forgotten. */
    Optional<String> replay(String action, String token, SortedMap<String, String> parameters, Instant now, Optional<Duration> ttl) {
        Use use = uses.get(key(action, token));
        if (use == null) {
            return Optional.empty();
        }
        if (ttl.isPresent() && !now.isBefore(use.recordedAt().plus(ttl.get()))) {
            uses.remove(key(action, token));
            return Optional.empty();
        }
        if (!use.parameters().equals(parameters)) {
            throw FsxError.incompatibleParameter(firstDifference(use.parameters(), parameters), token);
        }
        return Optional.of(use.fileSystemId());
    }

    void record(String action, String token, SortedMap<String, String> parameters, String fileSystemId, Instant now) {
        uses.put(key(action, token), new Use(action, token, parameters, fileSystemId, now));
    }

    /** A file system that is gone takes its tokens with it. */
    void forget(String fileSystemId) {
        uses.values().removeIf(use -> use.fileSystemId().equals(fileSystemId));
    }

    /** Drops what the TTL has expired, so that the SDK's random tokens do not pile up. */
    void expire(Instant now, Optional<Duration> ttl) {
        ttl.ifPresent(window -> uses.values().removeIf(use -> !now.isBefore(use.recordedAt().plus(window))));
    }

    List<Use> all() {
        return new ArrayList<>(uses.values());
    }

    void restore(List<Use> saved) {
        uses.clear();
        saved.forEach(use -> uses.put(key(use.action(), use.token()), use));
    }

    private static String firstDifference(SortedMap<String, String> before, SortedMap<String, String> now) {
        TreeMap<String, String> names = new TreeMap<>(before);
        now.forEach(names::putIfAbsent);
        return names.keySet().stream().filter(name -> !Objects.equals(before.get(name), now.get(name))).findFirst().orElse("ClientRequestToken");
    }

    private static String key(String action, String token) {
        return action + ":" + token;
    }
}
