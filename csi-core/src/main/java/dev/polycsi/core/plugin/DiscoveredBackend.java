package dev.polycsi.core.plugin;

import dev.polycsi.spi.BackendFactory;

/**
 * A backend factory and where it came from.
 *
 * @param loader the class loader to make current while the backend runs
 * @param origin the JAR or directory it was loaded from, for messages
 */
public record DiscoveredBackend(BackendFactory factory, ClassLoader loader, String origin) {

    public String name() {
        return factory.name();
    }
}
