package dev.polycsi.launcher;

import dev.polycsi.core.server.Endpoint;
import dev.polycsi.spi.BackendContext.Role;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Everything the command line decides about a driver process. */
record DriverSettings(
        Set<Role> roles,
        Endpoint endpoint,
        String driverName,
        String nodeId,
        Optional<Path> pluginDir,
        List<String> enabledBackends,
        List<String> backendOptions,
        Optional<String> defaultFsType,
        Duration shutdownGrace,
        Optional<SimulatorOptions> simulator,
        Optional<InetSocketAddress> metricsAddress) {

    /** Without a metrics endpoint. */
    DriverSettings(Set<Role> roles, Endpoint endpoint, String driverName, String nodeId, Optional<Path> pluginDir,
            List<String> enabledBackends, List<String> backendOptions, Optional<String> defaultFsType, Duration shutdownGrace,
            Optional<SimulatorOptions> simulator) {
        this(roles, endpoint, driverName, nodeId, pluginDir, enabledBackends, backendOptions, defaultFsType, shutdownGrace,
                simulator, Optional.empty());
    }

    DriverSettings {
        roles = Set.copyOf(roles);
        enabledBackends = List.copyOf(enabledBackends);
        backendOptions = List.copyOf(backendOptions);
    }

    boolean controller() {
        return roles.contains(Role.CONTROLLER);
    }

    boolean node() {
        return roles.contains(Role.NODE);
    }
}
