package dev.polycsi.launcher;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.polycsi.core.backend.BackendOptions;
import dev.polycsi.core.backend.BackendRegistry;
import dev.polycsi.core.csi.ControllerService;
import dev.polycsi.core.csi.IdentityService;
import dev.polycsi.core.csi.InFlight;
import dev.polycsi.core.csi.NodeService;
import dev.polycsi.core.csi.ProvisionerFsType;
import dev.polycsi.core.plugin.DiscoveredBackend;
import dev.polycsi.core.plugin.PluginLoader;
import dev.polycsi.core.plugin.PluginException;
import dev.polycsi.core.telemetry.DriverMetrics;
import dev.polycsi.spi.cluster.ClusterObjects;
import dev.polycsi.spi.param.Parameters;
import dev.polycsi.spi.mount.Mounter;
import java.io.IOException;
import io.grpc.BindableService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Wires a driver process from its settings. */
final class DriverModule extends AbstractModule {

    private final DriverSettings settings;
    private final DriverMetrics metrics;

    DriverModule(DriverSettings settings) {
        this(settings, DriverMetrics.NONE);
    }

    /** @param metrics where the driver reports what it does: the metrics endpoint's, or {@link DriverMetrics#NONE} */
    DriverModule(DriverSettings settings, DriverMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    protected void configure() {
        bind(DriverSettings.class).toInstance(settings);
        bind(DriverMetrics.class).toInstance(metrics);
        bind(InFlight.class).in(Singleton.class);
    }

    /** AWS and this host, or a simulator; started only once the backends' options have parsed. */
    @Provides
    @Singleton
    HostEnvironment environment() throws IOException {
        return HostEnvironment.of(settings);
    }

    @Provides
    @Singleton
    Mounter mounter(HostEnvironment environment) {
        return environment.mounter();
    }

    /** The backends found, narrowed to {@code --backends}; naming one that does not exist stops the start. */
    @Provides
    @Singleton
    Map<String, DiscoveredBackend> enabledBackends() {
        Map<String, DiscoveredBackend> found = new PluginLoader(DriverModule.class.getClassLoader()).discover(settings.pluginDir());
        if (settings.enabledBackends().isEmpty()) {
            if (found.isEmpty()) {
                throw new PluginException("no backend found on the class path or in the plugin directory");
            }
            return found;
        }
        Map<String, DiscoveredBackend> enabled = new LinkedHashMap<>();
        for (String name : settings.enabledBackends()) {
            DiscoveredBackend backend = found.get(name);
            if (backend == null) {
                throw new PluginException("--backends names '" + name + "', which was not found; found: " + found.keySet());
            }
            enabled.put(name, backend);
        }
        return enabled;
    }

    /** Each enabled backend's --backend-option values, parsed by its schema. */
    @Provides
    @Singleton
    Map<String, Parameters> backendOptions(Map<String, DiscoveredBackend> enabled) {
        return BackendOptions.parse(settings.backendOptions(), enabled);
    }

    /** The cluster's ConfigMaps and Secrets: a client made on the first read in a pod, else none. */
    @Provides
    @Singleton
    ClusterObjects cluster() {
        return ClusterAccess.forEnvironment(System.getenv());
    }

    /** Guice provides the arguments in order: a bad option stops the start before the simulator starts. */
    @Provides
    @Singleton
    BackendRegistry registry(Map<String, DiscoveredBackend> enabled, Map<String, Parameters> options, HostEnvironment environment,
            ClusterObjects cluster) {
        return new BackendRegistry(enabled.values(), options, settings.driverName(), settings.nodeId(), settings.roles(),
                environment.mounter(), environment.aws(), environment.deviceDir(), metrics, cluster);
    }

    @Provides
    @Singleton
    List<BindableService> services(BackendRegistry registry, InFlight inFlight, Mounter mounter) {
        List<BindableService> services = new ArrayList<>();
        ProvisionerFsType fsTypes = ProvisionerFsType.of(settings.defaultFsType());
        services.add(new IdentityService(settings.driverName(), Version.current(), settings.controller(), registry));
        if (settings.controller()) {
            services.add(new ControllerService(registry, inFlight, fsTypes));
        }
        if (settings.node()) {
            services.add(new NodeService(registry, inFlight, mounter, settings.nodeId(), fsTypes));
        }
        return services;
    }
}
