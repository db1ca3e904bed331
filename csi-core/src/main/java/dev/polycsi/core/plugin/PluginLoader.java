package dev.polycsi.core.plugin;

import dev.polycsi.spi.BackendFactory;
import dev.polycsi.spi.SpiVersion;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Finds backends with {@link ServiceLoader}: those on the driver's class path, and those in a
 * plugin directory, where each subdirectory (all its JARs) or each JAR directly in it is one
 * plugin with its own {@link PluginClassLoader}. Never scans classes.
 */
public final class PluginLoader {

    private static final Logger LOG = LogManager.getLogger(PluginLoader.class);
    private static final Pattern BACKEND_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?");

    private final ClassLoader driverLoader;

    public PluginLoader(ClassLoader driverLoader) {
        this.driverLoader = driverLoader;
    }

    /** Every backend found, by name; a duplicate name or a plugin without a provider is a {@link PluginException}. */
    public Map<String, DiscoveredBackend> discover(Optional<Path> pluginDir) {
        Map<String, DiscoveredBackend> found = new LinkedHashMap<>();
        for (BackendFactory factory : load(ServiceLoader.load(BackendFactory.class, driverLoader), "the class path")) {
            add(found, new DiscoveredBackend(factory, driverLoader, "class path (" + locationOf(factory.getClass()) + ")"));
        }
        if (pluginDir.isPresent()) {
            for (Path plugin : pluginsIn(pluginDir.get())) {
                for (DiscoveredBackend backend : loadPlugin(plugin)) {
                    add(found, backend);
                }
            }
        }
        return found;
    }

    private static void add(Map<String, DiscoveredBackend> found, DiscoveredBackend backend) {
        String name = backend.name();
        if (name == null || !BACKEND_NAME.matcher(name).matches()) {
            throw new PluginException("backend from " + backend.origin() + " has an invalid name '" + name
                    + "': use 1 to 32 lower-case letters, digits and '-'");
        }
        DiscoveredBackend previous = found.putIfAbsent(name, backend);
        if (previous != null) {
            throw new PluginException("backend name '" + name + "' is provided twice: by " + previous.origin()
                    + " and by " + backend.origin() + "; remove one of them");
        }
    }

    private static List<Path> pluginsIn(Path pluginDir) {
        if (!Files.isDirectory(pluginDir)) {
            throw new PluginException("plugin directory " + pluginDir + " does not exist or is not a directory");
        }
        requireNotWorldWritable(pluginDir);
        try (Stream<Path> entries = Files.list(pluginDir)) {
            return entries.filter(p -> Files.isDirectory(p) || isJar(p)).sorted().toList();
        } catch (IOException e) {
            throw new PluginException("cannot read plugin directory " + pluginDir + ": " + e.getMessage(), e);
        }
    }

    private List<DiscoveredBackend> loadPlugin(Path plugin) {
        requireNotWorldWritable(plugin);
        List<Path> jars = jarsOf(plugin);
        jars.forEach(PluginLoader::requireNotWorldWritable);
        if (jars.isEmpty()) {
            throw new PluginException("plugin " + plugin + " holds no JAR file");
        }
        String origin = plugin + " " + jars.stream().map(j -> j.getFileName().toString()).toList();
        requireCompatibleSpi(plugin, jars);
        PluginClassLoader loader = new PluginClassLoader("plugin-" + plugin.getFileName(), urls(jars), driverLoader);
        List<DiscoveredBackend> backends = new ArrayList<>();
        for (BackendFactory factory : load(ServiceLoader.load(BackendFactory.class, loader), origin)) {
            if (factory.getClass().getClassLoader() == loader) {
                backends.add(new DiscoveredBackend(factory, loader, plugin + " (" + locationOf(factory.getClass()) + ")"));
            }
        }
        if (backends.isEmpty()) {
            throw new PluginException("plugin " + origin + " provides no backend: it needs a "
                    + "META-INF/services/" + BackendFactory.class.getName() + " file naming its factory");
        }
        LOG.debug("plugin {} provides {}", origin, backends.stream().map(DiscoveredBackend::name).toList());
        return backends;
    }

    /**
     * Refuses a plugin whose JARs name an SPI version this driver cannot run, before any of its
     * classes is linked (which would fail later, and less clearly, with a LinkageError).
     */
    private static void requireCompatibleSpi(Path plugin, List<Path> jars) {
        boolean declared = false;
        for (Path jar : jars) {
            Optional<String> built = spiVersionOf(jar);
            if (built.isEmpty()) {
                continue;
            }
            declared = true;
            boolean compatible;
            try {
                compatible = SpiVersion.compatible(built.get(), SpiVersion.CURRENT);
            } catch (IllegalArgumentException e) {
                throw new PluginException("plugin JAR " + jar + " has an unreadable " + SpiVersion.MANIFEST_ATTRIBUTE
                        + " '" + built.get() + "'; this driver's SPI is " + SpiVersion.CURRENT);
            }
            if (!compatible) {
                throw new PluginException("plugin JAR " + jar + " was built against backend SPI " + built.get()
                        + ", but this driver's SPI is " + SpiVersion.CURRENT + "; rebuild the plugin against polycsi-backend-spi "
                        + SpiVersion.CURRENT + " (same major version, minor not newer)");
            }
        }
        if (!declared) {
            LOG.warn("plugin {} does not say which backend SPI it was built against (manifest attribute {}); loading it"
                    + " anyway with SPI {}", plugin, SpiVersion.MANIFEST_ATTRIBUTE, SpiVersion.CURRENT);
        }
    }

    private static Optional<String> spiVersionOf(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            return manifest == null ? Optional.empty()
                    : Optional.ofNullable(manifest.getMainAttributes().getValue(SpiVersion.MANIFEST_ATTRIBUTE));
        } catch (IOException e) {
            throw new PluginException("cannot read plugin JAR " + jar + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> jarsOf(Path plugin) {
        if (!Files.isDirectory(plugin)) {
            return List.of(plugin);
        }
        try (Stream<Path> files = Files.list(plugin)) {
            return files.filter(PluginLoader::isJar).sorted().toList();
        } catch (IOException e) {
            throw new PluginException("cannot read plugin directory " + plugin + ": " + e.getMessage(), e);
        }
    }

    private static List<BackendFactory> load(ServiceLoader<BackendFactory> loader, String origin) {
        List<BackendFactory> factories = new ArrayList<>();
        try {
            loader.forEach(factories::add);
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new PluginException("cannot load the backend from " + origin + " (this driver's backend SPI is "
                    + SpiVersion.CURRENT + "): " + e.getMessage(), e);
        }
        return factories;
    }

    /**
     * Plugins run inside the node's privileged pod: code that any user of the host could replace
     * (a JAR, or a directory that holds them, writable by others) is refused, not loaded.
     */
    static void requireNotWorldWritable(Path path) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(path);
        } catch (UnsupportedOperationException e) {
            return; // no POSIX permissions to judge by on this file system
        } catch (IOException e) {
            throw new PluginException("cannot read the permissions of " + path + ": " + e.getMessage(), e);
        }
        if (permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new PluginException(path + " is writable by every user (" + PosixFilePermissions.toString(permissions)
                    + "), so anyone on this host could change the code this driver would run with its privileges; "
                    + "remove that permission (chmod o-w " + path + ")");
        }
    }

    private static boolean isJar(Path path) {
        return Files.isRegularFile(path) && path.getFileName().toString().endsWith(".jar");
    }

    private static List<URL> urls(List<Path> jars) {
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new PluginException("bad plugin path " + jar, e);
            }
        }
        return urls;
    }

    private static String locationOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? type.getName() : source.getLocation().getPath();
    }
}
