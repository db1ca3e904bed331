package dev.polycsi.aws.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ClientTokensTest {

    @Test
    void clientTokensAreTheNamesSha256AndMoveOnWhenRejected() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ClientTokens.token("", 1));
        assertEquals(64, ClientTokens.token("pvc-1", 1).length());
        assertNotEquals(ClientTokens.token("pvc-1", 1), ClientTokens.token("pvc-1", 2));
        assertEquals(ClientTokens.token("pvc-1-2", 1), ClientTokens.token("pvc-1", 2));
        ClientTokens tokens = new ClientTokens(Clock.systemUTC());
        assertEquals(1, tokens.current("pvc-1"));
        tokens.reject("pvc-1", 1);
        assertEquals(2, tokens.current("pvc-1"));
        tokens.reject("pvc-1", 1); // a late report of an older rejection does not go back
        assertEquals(2, tokens.current("pvc-1"));
    }

    @Test
    void aRefusedGenerationIsForgottenAfterAnHour() {
        MutableClock clock = new MutableClock();
        ClientTokens tokens = new ClientTokens(clock);
        tokens.reject("pvc-1", 1);
        clock.now = clock.now.plus(ClientTokens.REMEMBER).minusSeconds(1);
        assertEquals(2, tokens.current("pvc-1"));
        clock.now = clock.now.plus(Duration.ofSeconds(2));
        assertEquals(1, tokens.current("pvc-1"), "an hour later the first token is tried again");
    }

    @Test
    void tokensAreCutToTheServicesLength() {
        ClientTokens fsx = new ClientTokens(Clock.systemUTC(), 63);
        assertEquals(63, fsx.of("pvc-1", 1).length());
        assertEquals(ClientTokens.token("pvc-1", 2).substring(0, 63), fsx.of("pvc-1", 2));
        assertEquals(ClientTokens.token("pvc-1", 1), new ClientTokens(Clock.systemUTC()).of("pvc-1", 1));
        assertThrows(IllegalArgumentException.class, () -> new ClientTokens(Clock.systemUTC(), 65));
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
