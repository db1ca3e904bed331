package dev.polycsi.launcher.testing;

import dev.polycsi.spi.Backend;
import dev.polycsi.spi.BackendCapabilities;
import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.BackendFactory;
import java.util.Set;

/** A backend on the launcher's test class path, beside the hostpath plugin, so that there are two to choose from. */
public final class InertBackendFactory implements BackendFactory {

    @Override
    public String name() {
        return "inert";
    }

    @Override
    public Backend create(BackendContext context) {
        return () -> new BackendCapabilities(Set.of(), Set.of(), Set.of(), Set.of());
    }
}
