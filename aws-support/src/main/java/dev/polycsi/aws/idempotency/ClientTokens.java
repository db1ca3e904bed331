package dev.polycsi.aws.idempotency;

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
 * Client tokens for creating a named resource (EC2's ClientToken, FSx's ClientRequestToken):
 * sha256(name), and after the service refused a token (it remembers tokens for hours, with the
 * parameters they were first used with), sha256(name-2), sha256(name-3)… The generation in use
 * per name is remembered for an hour, so that retries do not burn through the refused tokens
 * again.
 */
public final class ClientTokens {

    static final Duration REMEMBER = Duration.ofHours(1);
    /** EC2's and EFS's longest token, and the length of a SHA-256 in hex. */
    public static final int MAX_LENGTH = 64;

    private record Generation(int number, Instant until) {
    }

    private final Clock clock;
    private final int length;
    private final Map<String, Generation> generations = new ConcurrentHashMap<>();

    /** Tokens of {@link #MAX_LENGTH} characters. */
    public ClientTokens(Clock clock) {
        this(clock, MAX_LENGTH);
    }

    /** Tokens cut to {@code length} characters, e.g. 63 for FSx. */
    public ClientTokens(Clock clock, int length) {
        if (length < 16 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("a token of " + length + " hex digits is too short to be unique or longer than a SHA-256");
        }
        this.clock = clock;
        this.length = length;
    }

    /** The generation to use now for {@code name}: 1 unless an earlier one was refused recently. */
    public int current(String name) {
        Generation g = generations.get(name);
        return g == null || g.until().isBefore(clock.instant()) ? 1 : g.number();
    }

    /** The token of {@code generation} was refused; use the next one from now on. */
    public void reject(String name, int generation) {
        generations.merge(name, new Generation(generation + 1, clock.instant().plus(REMEMBER)),
                (old, fresh) -> old.number() > fresh.number() ? old : fresh);
    }

    /** The token of {@code generation} for {@code name}, as long as these tokens are. */
    public String of(String name, int generation) {
        return token(name, generation).substring(0, length);
    }

    /** The 64-character token of {@code generation} for {@code name}. */
    public static String token(String name, int generation) {
        return sha256(generation <= 1 ? name : name + "-" + generation);
    }

    /** SHA-256 of the UTF-8 text, as 64 lower-case hex digits. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
