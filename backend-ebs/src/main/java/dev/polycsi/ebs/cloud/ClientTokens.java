package dev.polycsi.ebs.cloud;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * EC2 ClientTokens for creating a named volume: sha256(name), and after EC2 answered
 * IdempotentParameterMismatch for a token (it remembers tokens for hours), sha256(name-2),
 * sha256(name-3)… The generation in use per name is remembered for an hour, so that retries do
 * not burn through the rejected tokens again.
 */
final class ClientTokens {

    static final Duration REMEMBER = Duration.ofHours(1);

    private record Generation(int number, Instant until) {}

    private final Clock clock;
    private final Map<String, Generation> generations = new ConcurrentHashMap<>();

    ClientTokens(Clock clock) {
        this.clock = clock;
    }

    /** The generation to use now for {@code name}: 1 unless an earlier one was rejected recently. */
    int current(String name) {
        Generation g = generations.get(name);
        return g == null || g.until().isBefore(clock.instant()) ? 1 : g.number();
    }

    /** The token of {@code generation} was rejected; use the next one from now on. */
    void reject(String name, int generation) {
        generations.merge(name, new Generation(generation + 1, clock.instant().plus(REMEMBER)),
                (old, fresh) -> old.number() > fresh.number() ? old : fresh);
    }

    static String token(String name, int generation) {
        String source = generation <= 1 ? name : name + "-" + generation;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest); // 64 characters, EC2's maximum token length
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
