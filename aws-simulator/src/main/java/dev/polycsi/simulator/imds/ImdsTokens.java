package dev.polycsi.simulator.imds;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** IMDSv2 session tokens: issued for 1 to 21600 seconds, valid until they expire. */
final class ImdsTokens {

    static final int MIN_TTL_SECONDS = 1;
    static final int MAX_TTL_SECONDS = 21_600;

    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();

    ImdsTokens(InstantSource clock) {
        this.clock = clock;
    }

    String issue(int ttlSeconds) {
        if (ttlSeconds < MIN_TTL_SECONDS || ttlSeconds > MAX_TTL_SECONDS) {
            throw new IllegalArgumentException("ttl " + ttlSeconds + " is outside " + MIN_TTL_SECONDS + "-" + MAX_TTL_SECONDS);
        }
        Instant now = clock.instant();
        expiries.values().removeIf(expiry -> !now.isBefore(expiry));
        byte[] bytes = new byte[42];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        expiries.put(token, now.plus(Duration.ofSeconds(ttlSeconds)));
        return token;
    }

    boolean valid(String token) {
        Instant expiry = token == null ? null : expiries.get(token);
        return expiry != null && clock.instant().isBefore(expiry);
    }
}
