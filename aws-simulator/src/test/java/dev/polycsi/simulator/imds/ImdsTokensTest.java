package dev.polycsi.simulator.imds;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class ImdsTokensTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock implements InstantSource {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }
    }

    @Test
    void aTokenIsValidUntilItsTtlRunsOut() {
        ManualClock clock = new ManualClock();
        ImdsTokens tokens = new ImdsTokens(clock);
        String token = tokens.issue(60);

        clock.advance(Duration.ofSeconds(59));
        assertTrue(tokens.valid(token));
        clock.advance(Duration.ofSeconds(1));
        assertFalse(tokens.valid(token));
    }

    @Test
    void tokensAreUniqueAndUnknownOnesInvalid() {
        ImdsTokens tokens = new ImdsTokens(new ManualClock());

        assertNotEquals(tokens.issue(1), tokens.issue(1));
        assertFalse(tokens.valid("made-up"));
        assertFalse(tokens.valid(null));
    }

    @Test
    void theTtlMustBeFromOneSecondToSixHours() {
        ImdsTokens tokens = new ImdsTokens(new ManualClock());

        assertThrows(IllegalArgumentException.class, () -> tokens.issue(0));
        assertThrows(IllegalArgumentException.class, () -> tokens.issue(21_601));
    }
}
