package dev.polycsi.core.backend;

import dev.polycsi.core.plugin.DiscoveredBackend;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.param.Parameters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Splits {@code <backend>.<key>=<value>} command-line options by backend and parses them against each backend's schema. */
public final class BackendOptions {

    private BackendOptions() {
    }

    /** @throws IllegalArgumentException naming the option, for the command line to print */
    public static Map<String, Parameters> parse(List<String> options, Map<String, DiscoveredBackend> enabled) {
        Map<String, Map<String, String>> raw = new HashMap<>();
        for (String option : options) {
            int dot = option.indexOf('.');
            int equals = option.indexOf('=');
            if (dot <= 0 || equals < dot + 2) {
                throw new IllegalArgumentException("backend option '" + option + "' is not <backend>.<key>=<value>");
            }
            String backend = option.substring(0, dot);
            if (!enabled.containsKey(backend)) {
                throw new IllegalArgumentException("backend option '" + option + "' names backend '" + backend
                        + "', which is not enabled; enabled: " + enabled.keySet());
            }
            raw.computeIfAbsent(backend, b -> new HashMap<>()).put(option.substring(dot + 1, equals), option.substring(equals + 1));
        }
        Map<String, Parameters> parsed = new HashMap<>();
        for (DiscoveredBackend backend : enabled.values()) {
            try {
                parsed.put(backend.name(), backend.factory().options().parse(raw.getOrDefault(backend.name(), Map.of())));
            } catch (CsiException e) {
                throw new IllegalArgumentException("backend '" + backend.name() + "' option: " + e.getMessage(), e);
            }
        }
        return parsed;
    }
}
