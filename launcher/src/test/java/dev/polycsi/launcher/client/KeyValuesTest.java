package dev.polycsi.launcher.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import csi.v1.Csi;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyValuesTest {

    @Test
    void aPairSplitsAtTheFirstEquals() {
        assertEquals(new KeyValues.KeyValue("backend", "hostpath"), KeyValues.parse("backend=hostpath"));
        assertEquals(new KeyValues.KeyValue("opts", "a=b,c"), KeyValues.parse("opts=a=b,c"));
        assertEquals(new KeyValues.KeyValue("empty", ""), KeyValues.parse("empty="));
    }

    @Test
    void aPairNeedsAKeyAndAnEquals() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> KeyValues.parse("backend"));
        assertTrue(missing.getMessage().contains("'backend'") && missing.getMessage().contains("KEY=VALUE"), missing.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> KeyValues.parse("=hostpath"));
        assertTrue(empty.getMessage().contains("empty key"), empty.getMessage());
    }

    @Test
    void aMapKeepsTheOrderGivenAndTheLastValueOfAKey() {
        Map<String, String> map = KeyValues.toMap(List.of(KeyValues.parse("b=1"), KeyValues.parse("a=2"), KeyValues.parse("b=3")));
        assertEquals(List.of("b", "a"), List.copyOf(map.keySet()));
        assertEquals("3", map.get("b"));
    }

    @Test
    void aTopologyIsACommaSeparatedList() {
        Csi.Topology topology = KeyValues.parseTopology("topology.kubernetes.io/zone=us-east-1a,kubernetes.io/hostname=n1");
        assertEquals(Map.of("topology.kubernetes.io/zone", "us-east-1a", "kubernetes.io/hostname", "n1"), topology.getSegmentsMap());
    }

    @Test
    void aTopologyRefusesEmptinessBadPairsAndAKeyTwice() {
        assertThrows(IllegalArgumentException.class, () -> KeyValues.parseTopology(""));
        assertThrows(IllegalArgumentException.class, () -> KeyValues.parseTopology("zone=a,"));
        assertThrows(IllegalArgumentException.class, () -> KeyValues.parseTopology("zone"));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> KeyValues.parseTopology("zone=a,zone=b"));
        assertTrue(twice.getMessage().contains("'zone' twice"), twice.getMessage());
    }
}
