package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.json.JsonRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * FSx's idempotency: a ClientRequestToken seen before for the same action with the same
 * parameters answers the resource (file system, cache, volume, backup) it was used on; with
 * other parameters it is IncompatibleParameterError naming the first member that differs. A
 * token is remembered for the {@code tokens.fsx.ttl} knob (unset: as long as its resource exists;
 * a DeleteBackup's also after its backup is gone); FSx does not document its window, and a retry
 * after it creates a second resource, as FSx does. Not thread-safe: {@link FsxState} guards it.
 */
final class ClientTokens {

    private static final Pattern CLIENT_TOKEN = Pattern.compile("[A-Za-z0-9_.-]{1,63}");

    /** One use of a token: for which action, with which parameters, on which resource, and when. */
    record Use(String action, String token, SortedMap<String, String> parameters, String resourceId, Instant recordedAt) {

        Use {
            parameters = new TreeMap<>(parameters);
        }
    }

    private final Map<String, Use> uses = new LinkedHashMap<>();

    /** The request's token; the SDK and the CLI always send one, and a caller that does not gets no idempotency, as with a token never seen. */
    static String tokenOf(JsonRequest body) {
        Optional<String> token = body.string("ClientRequestToken");
        token.filter(value -> !CLIENT_TOKEN.matcher(value).matches()).ifPresent(value -> {
            throw FsxError.badRequest("ClientRequestToken '%s' must be 1 to 63 letters, digits, '_', '.' or '-'.", value);
        });
        return token.orElseGet(() -> UUID.randomUUID().toString());
    }

    /** What a replay must repeat: every member but the token. */
    static SortedMap<String, String> parametersOf(JsonRequest body) {
        return body.canonical(Set.of("ClientRequestToken"));
    }

    /** The resource an earlier identical request made or changed; empty if the token is new or forgotten. */
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
        return Optional.of(use.resourceId());
    }

    void record(String action, String token, SortedMap<String, String> parameters, String resourceId, Instant now) {
        uses.put(key(action, token), new Use(action, token, parameters, resourceId, now));
    }

    /** A resource that is gone takes its tokens with it. */
    void forget(String resourceId) {
        uses.values().removeIf(use -> use.resourceId().equals(resourceId));
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
