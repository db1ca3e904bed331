package dev.polycsi.launcher.client;

import csi.v1.Csi;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code KEY=VALUE} options, and topologies written as {@code KEY=VALUE,KEY2=VALUE2}. */
final class KeyValues {

    /** One {@code KEY=VALUE}; the value may be empty and may itself contain '='. */
    record KeyValue(String key, String value) {
    }

    private KeyValues() {
    }

    /** @throws IllegalArgumentException without '=' or with an empty key */
    static KeyValue parse(String text) {
        int equals = text.indexOf('=');
        if (equals < 0) {
            throw new IllegalArgumentException("'" + text + "' is not KEY=VALUE");
        }
        if (equals == 0) {
            throw new IllegalArgumentException("'" + text + "' has an empty key: expected KEY=VALUE");
        }
        return new KeyValue(text.substring(0, equals), text.substring(equals + 1));
    }

    /** In the order given; a key given twice keeps its last value, as a later flag overrides an earlier one. */
    static Map<String, String> toMap(List<KeyValue> pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (KeyValue pair : pairs) {
            map.put(pair.key(), pair.value());
        }
        return map;
    }

    /**
     * A topology segment map such as {@code topology.kubernetes.io/zone=us-east-1a,kubernetes.io/hostname=n1}.
     *
     * @throws IllegalArgumentException for an empty list, a pair that is not KEY=VALUE, or a key given twice
     */
    static Csi.Topology parseTopology(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("a topology needs at least one KEY=VALUE");
        }
        Csi.Topology.Builder topology = Csi.Topology.newBuilder();
        for (String part : text.split(",", -1)) {
            KeyValue pair = parse(part);
            if (topology.containsSegments(pair.key())) {
                // Two values for one key would be two topologies, which need two flags.
                throw new IllegalArgumentException("'" + text + "' names '" + pair.key() + "' twice");
            }
            topology.putSegments(pair.key(), pair.value());
        }
        return topology.build();
    }
}
