package dev.polycsi.deploy;

import dev.polycsi.spi.BackendFactory;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The backends built into the launcher, found as the driver finds them. */
final class Backends {

    private Backends() {
    }

    static Map<String, BackendFactory> builtIn() {
        Map<String, BackendFactory> factories = new TreeMap<>();
        ServiceLoader.load(BackendFactory.class).forEach(f -> factories.put(f.name(), f));
        return factories;
    }
}
