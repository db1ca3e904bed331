package dev.polycsi.simulator.knobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The knob kinds FSx brought: failures, token memory, hours, and a service-wide throttle bucket. */
class KnobsTest {

    private final Knobs knobs = new Knobs();

    @Test
    void aFailureKnobHoldsItsMessageUntilReset() {
        knobs.set("fail.fsx.filesystem.create", " Insufficient capacity ");

        assertEquals(Optional.of("Insufficient capacity"), knobs.failure("fsx.filesystem.create"));
        assertEquals(Optional.empty(), knobs.failure("fsx.filesystem.update"));
        knobs.reset();
        assertEquals(Optional.empty(), knobs.failure("fsx.filesystem.create"));
        assertThrows(IllegalArgumentException.class, () -> knobs.set("fail.fsx.filesystem.create", " "));
        assertThrows(IllegalArgumentException.class, () -> knobs.set("fail.x", "m".repeat(257)));
    }

    @Test
    void dropIsAFractionPerActionOrForAll() {
        assertFalse(knobs.dropsAnswer("CreateVolume"));
        knobs.set("drop.*", "1");
        assertTrue(knobs.dropsAnswer("CreateVolume"));
        knobs.set("drop.CreateVolume", "0");
        assertFalse(knobs.dropsAnswer("CreateVolume"), "the action's own fraction wins over drop.*");
        assertTrue(knobs.dropsAnswer("DeleteVolume"));
        assertThrows(IllegalArgumentException.class, () -> knobs.set("drop.*", "1.5"));
        assertThrows(IllegalArgumentException.class, () -> knobs.set("drop", "0.1"));
    }

    @Test
    void tokenMemoryIsPerServiceAndDelaysTakeHours() {
        knobs.set("tokens.fsx.ttl", "5m");
        knobs.set("delay.fsx.filesystem.cooldown", "6h");

        assertEquals(Optional.of(Duration.ofMinutes(5)), knobs.tokenTtl("fsx"));
        assertEquals(Optional.empty(), knobs.tokenTtl("ec2"));
        assertEquals(Duration.ofHours(6), knobs.delay("fsx.filesystem.cooldown"));
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> knobs.set("tokens.ttl", "5m"));
        assertTrue(wrong.getMessage().contains("tokens.<service>.ttl"), wrong.getMessage());
    }

    @Test
    void theServiceWideBucketIsSharedByClassesWithoutTheirOwn() {
        knobs.set("throttle.fsx.*", "0/2");
        knobs.set("throttle.fsx.TagResource", "off");

        assertTrue(knobs.admit("fsx", "CreateFileSystem", 0));
        assertTrue(knobs.admit("fsx", "DescribeFileSystems", 0));
        assertFalse(knobs.admit("fsx", "UpdateFileSystem", 0), "the two tokens were shared");
        assertTrue(knobs.admit("fsx", "TagResource", 0), "a class's own knob wins");
        assertTrue(knobs.admit("efs", "CreateAccessPoint", 0), "another service is not throttled");
    }
}
