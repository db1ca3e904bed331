package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.polycsi.core.backend.BackendRegistry;
import dev.polycsi.core.plugin.DiscoveredBackend;
import dev.polycsi.core.server.Endpoint;
import dev.polycsi.spi.BackendContext.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DriverModuleTest {

    static final Path PLUGIN_DIR = Path.of(System.getProperty("polycsi.test.pluginDir"));

    static DriverSettings settings(List<String> backends) {
        return new DriverSettings(Set.of(Role.CONTROLLER), new Endpoint.Unix(Path.of("/tmp/unused.sock")), "test.polycsi.dev",
                "", Optional.of(PLUGIN_DIR), backends, List.of(), Optional.empty(), Duration.ofSeconds(1), Optional.empty());
    }

    static Map<String, DiscoveredBackend> enabled(List<String> backends) {
        return Guice.createInjector(new DriverModule(settings(backends)))
                .getInstance(Key.get(new TypeLiteral<Map<String, DiscoveredBackend>>() {}));
    }

    @Test
    void everyBackendFoundIsEnabledByDefault() {
        assertEquals(Set.of("ebs", "efs", "filecache", "fsx-lustre", "fsx-ontap", "hostpath", "inert"), enabled(List.of()).keySet());
    }

    @Test
    void backendsFlagEnablesASubset() {
        assertEquals(Set.of("hostpath"), enabled(List.of("hostpath")).keySet());
        assertEquals(Set.of("inert"), Guice.createInjector(new DriverModule(settings(List.of("inert"))))
                .getInstance(BackendRegistry.class).names());
    }
}
