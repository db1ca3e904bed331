package dev.polycsi.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimulatorConfigTest {

    private static final SimulatorConfig DEFAULTS = SimulatorConfig.defaults(Path.of("/tmp/sim"));

    @Test
    void theDefaultAccountHasOnlyTheNodesInstanceInTheFirstZone() {
        assertEquals(List.of(new SimulatedInstance("i-0123456789abcdef0", "m5.large", "us-east-1a")), DEFAULTS.instances());
        assertEquals("i-0123456789abcdef0", DEFAULTS.instanceId());
        assertEquals("m5.large", DEFAULTS.instanceType());
        assertEquals("us-east-1a", DEFAULTS.instanceZone());
    }

    @Test
    void moreInstancesKeepTheNodesFirstAndTakeTurnsOverTheZones() {
        SimulatorConfig config = DEFAULTS.withInstanceCount(5);

        assertEquals(List.of(
                new SimulatedInstance("i-0123456789abcdef0", "m5.large", "us-east-1a"),
                new SimulatedInstance("i-0123456789abd0001", "m5.large", "us-east-1b"),
                new SimulatedInstance("i-0123456789abd0002", "m5.large", "us-east-1c"),
                new SimulatedInstance("i-0123456789abd0003", "m5.large", "us-east-1a"),
                new SimulatedInstance("i-0123456789abd0004", "m5.large", "us-east-1b")), config.instances());
        assertEquals("i-0123456789abcdef0", config.instanceId(), "IMDS still answers the node's instance");
        assertTrue(config.isNodeInstance("i-0123456789abcdef0"));
        assertTrue(!config.isNodeInstance("i-0123456789abd0001"));
        assertEquals(DEFAULTS, config.withInstanceCount(1));
    }

    @Test
    void derivedIdsAreDistinctEc2IdsUpToTheMaximum() {
        SimulatorConfig config = DEFAULTS.withInstanceCount(SimulatorConfig.MAX_INSTANCES);

        assertEquals(SimulatorConfig.MAX_INSTANCES, new HashSet<>(config.instances()).size());
        assertTrue(config.instances().stream().allMatch(i -> i.id().matches("i-[0-9a-f]{17}")));
        assertNotEquals(SimulatorConfig.DEFAULT_INSTANCE, SimulatorConfig.derivedInstanceId(0xdef0));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, SimulatorConfig.MAX_INSTANCES + 1})
    void aCountOutsideTheRangeIsRefused(int total) {
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withInstanceCount(total));
    }

    @Test
    void instancesMustBeDistinctInZonesOfTheRegionAndWellFormed() {
        SimulatedInstance node = DEFAULTS.nodeInstance();
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withInstances(List.of(node, node)));
        assertThrows(IllegalArgumentException.class,
                () -> DEFAULTS.withInstances(List.of(node, new SimulatedInstance("i-0123456789abd0001", "m5.large", "eu-west-1a"))));
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withInstances(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new SimulatedInstance("i-xyz", "m5.large", "us-east-1a"));
    }
}
