package dev.polycsi.fsx.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.ParameterSchema;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PollOptionsTest {

    @Test
    void fiveSecondsUnlessGiven() {
        assertEquals(PollOptions.DEFAULTS, PollOptions.from(PollOptions.SCHEMA.parse(Map.of())));
        assertEquals(Duration.ofSeconds(1), PollOptions.from(PollOptions.SCHEMA.parse(Map.of("first-poll-seconds", "1"))).firstPoll());
        assertThrows(CsiException.class, () -> PollOptions.SCHEMA.parse(Map.of("first-poll-seconds", "0")));
        assertThrows(CsiException.class, () -> PollOptions.SCHEMA.parse(Map.of("first-poll-seconds", "301")));
        assertThrows(IllegalArgumentException.class, () -> new PollOptions(Duration.ZERO));
    }

    @Test
    void aBackendsOwnDescriptionIsTheSameOption() {
        Parameter<Long> own = PollOptions.firstPoll("Controller: how long after starting a cache's creation …");
        assertEquals(PollOptions.FIRST_POLL.key(), own.key());
        assertEquals(PollOptions.FIRST_POLL.allowed(), own.allowed());
        assertEquals(PollOptions.FIRST_POLL.defaultValue(), own.defaultValue());
        assertEquals("Controller: how long after starting a cache's creation …", own.description());
        ParameterSchema schema = ParameterSchema.builder().add(own).build();
        assertEquals(Duration.ofSeconds(2), PollOptions.from(schema.parse(Map.of("first-poll-seconds", "2"))).firstPoll());
    }
}
