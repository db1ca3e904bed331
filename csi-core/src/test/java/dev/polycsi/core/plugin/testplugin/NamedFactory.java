package dev.polycsi.core.plugin.testplugin;

import dev.polycsi.spi.Backend;
import dev.polycsi.spi.BackendCapabilities;
import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.BackendFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * A backend factory that {@code PluginLoaderTest} packs into plugin JARs at test time. Its name
 * comes from the resource {@value #NAME_RESOURCE} in the same JAR, so one class serves as many
 * plugins as a test needs. It depends on the SPI and the JDK alone, and on its nested class,
 * which the test copies along: a plugin's class loader sees nothing of the test class path.
 */
public final class NamedFactory implements BackendFactory {

    public static final String NAME_RESOURCE = "/polycsi-test-plugin.name";

    public NamedFactory() {
    }

    @Override
    public String name() {
        try (InputStream in = NamedFactory.class.getResourceAsStream(NAME_RESOURCE)) {
            return in == null ? "unnamed" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Backend create(BackendContext context) {
        return new NamedBackend();
    }

    /** The backend, a nested class, so that the test has to copy it into the JAR too. */
    @SuppressWarnings("try")
    static final class NamedBackend implements Backend {
        @Override
        public BackendCapabilities capabilities() {
            return new BackendCapabilities(Set.of(), Set.of(), Set.of(), Set.of());
        }
    }
}
