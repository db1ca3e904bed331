package dev.polycsi.core.plugin;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

/**
 * One plugin's class loader: the plugin's own JARs first, so that it can bring any library
 * version it likes; the SPI and the logging API from the driver, so that the plugin's classes
 * and the driver's agree on them; everything else from the platform, never the driver's class
 * path (a plugin must not see, or clash with, the driver's libraries).
 */
final class PluginClassLoader extends URLClassLoader {

    /** Package prefixes loaded from the driver, never from the plugin's JARs. */
    static final List<String> SHARED_PACKAGES = List.of(
            "dev.polycsi.spi.",
            "org.apache.logging.log4j.",
            "org.slf4j.");

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader driverLoader;

    PluginClassLoader(String name, List<URL> jars, ClassLoader driverLoader) {
        super(name, jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        this.driverLoader = driverLoader;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isShared(name)) {
            return driverLoader.loadClass(name);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                try {
                    loaded = findClass(name);
                } catch (ClassNotFoundException notInPlugin) {
                    loaded = getParent().loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    static boolean isShared(String className) {
        for (String prefix : SHARED_PACKAGES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
