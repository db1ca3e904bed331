package dev.polycsi.core.plugin;

import java.util.Set;

import java.util.EnumSet;

import java.nio.file.attribute.PosixFilePermission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.core.plugin.testplugin.NamedFactory;
import dev.polycsi.spi.Backend;
import dev.polycsi.spi.BackendFactory;
import dev.polycsi.spi.SpiVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugins in JARs built at test time: their own class loaders, the shared SPI, and the errors that name the JAR. */
class PluginLoaderTest {

    @TempDir
    Path pluginDir;

    private final PluginLoader loader = new PluginLoader(PluginLoaderTest.class.getClassLoader());

    /**
     * Writes a plugin JAR holding {@link NamedFactory} and its nested classes, a resource with
     * the backend's name, and (if {@code withProvider}) the ServiceLoader file naming the factory.
     */
    static Path pluginJar(Path jar, String backendName, boolean withProvider) throws IOException {
        return pluginJar(jar, backendName, withProvider, Optional.empty());
    }

    /** Like {@link #pluginJar(Path, String, boolean)}, with a manifest naming {@code spiVersion} if given. */
    static Path pluginJar(Path jar, String backendName, boolean withProvider, Optional<String> spiVersion) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        spiVersion.ifPresent(version -> manifest.getMainAttributes().putValue(SpiVersion.MANIFEST_ATTRIBUTE, version));
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (Class<?> type : NamedFactory.class.getNestMembers()) {
                String entry = type.getName().replace('.', '/') + ".class";
                try (InputStream bytes = NamedFactory.class.getClassLoader().getResourceAsStream(entry)) {
                    if (bytes == null) {
                        throw new IOException("no class file for " + type.getName());
                    }
                    out.putNextEntry(new JarEntry(entry));
                    bytes.transferTo(out);
                    out.closeEntry();
                }
            }
            out.putNextEntry(new JarEntry(NamedFactory.NAME_RESOURCE.substring(1)));
            out.write(backendName.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            if (withProvider) {
                out.putNextEntry(new JarEntry("META-INF/services/" + BackendFactory.class.getName()));
                out.write((NamedFactory.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void eachPluginLoadsWithItsOwnClassLoaderAndSharesTheSpi() throws Exception {
        pluginJar(pluginDir.resolve("alpha.jar"), "alpha", true);
        pluginJar(pluginDir.resolve("beta").resolve("beta-backend.jar"), "beta", true);
        Files.writeString(pluginDir.resolve("README.txt"), "not a plugin; ignored");

        Map<String, DiscoveredBackend> found = loader.discover(Optional.of(pluginDir));

        assertEquals(java.util.Set.of("alpha", "beta"), found.keySet());
        DiscoveredBackend alpha = found.get("alpha");
        DiscoveredBackend beta = found.get("beta");
        ClassLoader appLoader = PluginLoaderTest.class.getClassLoader();
        for (DiscoveredBackend backend : found.values()) {
            Class<?> factoryClass = backend.factory().getClass();
            assertEquals(NamedFactory.class.getName(), factoryClass.getName());
            assertNotSame(NamedFactory.class, factoryClass, "the factory must come from the plugin JAR, not the class path");
            assertNotSame(appLoader, factoryClass.getClassLoader());
            assertSame(backend.loader(), factoryClass.getClassLoader());
            // The SPI is the driver's: one BackendFactory interface for all.
            assertSame(BackendFactory.class, factoryClass.getInterfaces()[0]);
            assertTrue(BackendFactory.class.isInstance(backend.factory()));
        }
        assertNotSame(alpha.loader(), beta.loader(), "two plugins share a class loader");
        assertTrue(alpha.origin().contains("alpha.jar"), alpha.origin());
        assertTrue(beta.origin().contains("beta-backend.jar"), beta.origin());

        // The nested class came along, and the backend it makes is the plugin's too.
        Backend backend = alpha.factory().create(null);
        assertSame(alpha.loader(), backend.getClass().getClassLoader());
        assertSame(Backend.class, backend.getClass().getInterfaces()[0]);
        assertEquals(java.util.Set.of(), backend.capabilities().controller());
    }

    @Test
    void twoPluginsWithTheSameBackendNameFailNamingBothJars() throws Exception {
        pluginJar(pluginDir.resolve("first.jar"), "same", true);
        pluginJar(pluginDir.resolve("second.jar"), "same", true);
        PluginException e = assertThrows(PluginException.class, () -> loader.discover(Optional.of(pluginDir)));
        assertTrue(e.getMessage().contains("same"), e.getMessage());
        assertTrue(e.getMessage().contains("first.jar") && e.getMessage().contains("second.jar"), e.getMessage());
    }

    @Test
    void aPluginWithoutProviderFailsNamingTheJar() throws Exception {
        pluginJar(pluginDir.resolve("good.jar"), "good", true);
        pluginJar(pluginDir.resolve("empty-plugin.jar"), "empty", false);
        PluginException e = assertThrows(PluginException.class, () -> loader.discover(Optional.of(pluginDir)));
        assertTrue(e.getMessage().contains("empty-plugin.jar"), e.getMessage());
        assertTrue(e.getMessage().contains("META-INF/services/" + BackendFactory.class.getName()), e.getMessage());
    }

    @Test
    void aDirectoryWithoutJarsFailsNamingIt() throws Exception {
        Files.createDirectories(pluginDir.resolve("hollow"));
        PluginException e = assertThrows(PluginException.class, () -> loader.discover(Optional.of(pluginDir)));
        assertTrue(e.getMessage().contains("hollow"), e.getMessage());
    }

    @Test
    void anInvalidBackendNameFails() throws Exception {
        for (String invalid : new String[] {"Not_Valid", "-leading-dash", "x".repeat(33)}) {
            Path dir = Files.createDirectories(pluginDir.resolve("case-" + Math.abs(invalid.hashCode())));
            pluginJar(dir.resolve("bad.jar"), invalid, true);
            PluginException e = assertThrows(PluginException.class, () -> loader.discover(Optional.of(dir)), invalid);
            assertTrue(e.getMessage().contains(invalid), e.getMessage());
            assertTrue(e.getMessage().contains("bad.jar"), e.getMessage());
        }
    }

    @Test
    void aPluginDirectoryOrJarThatAnyUserCanWriteIsRefused() throws Exception {
        Path jar = pluginJar(pluginDir.resolve("shared").resolve("backend.jar"), "shared", true);
        assertEquals(Set.of("shared"), loader.discover(Optional.of(pluginDir)).keySet());
        for (Path writable : List.of(pluginDir, jar.getParent(), jar)) {
            Set<PosixFilePermission> before = Files.getPosixFilePermissions(writable);
            Set<PosixFilePermission> open = EnumSet.copyOf(before);
            open.add(PosixFilePermission.OTHERS_WRITE);
            Files.setPosixFilePermissions(writable, open);
            try {
                PluginException e = assertThrows(PluginException.class, () -> loader.discover(Optional.of(pluginDir)));
                assertTrue(e.getMessage().contains(writable + " is writable by every user"), e.getMessage());
                assertTrue(e.getMessage().contains("chmod o-w " + writable), e.getMessage());
            } finally {
                Files.setPosixFilePermissions(writable, before);
            }
        }
    }

    @Test
    void aMissingPluginDirectoryFails() {
        PluginException e = assertThrows(PluginException.class,
                () -> loader.discover(Optional.of(pluginDir.resolve("does-not-exist"))));
        assertTrue(e.getMessage().contains("does-not-exist"), e.getMessage());
    }

    @Test
    void withoutPluginDirectoryOnlyTheClassPathIsSearched() {
        // The test class path holds no provider file, so nothing is found, and nothing fails.
        assertEquals(Map.of(), loader.discover(Optional.empty()));
    }

    // ---- the SPI version in the manifest

    @Test
    void aPluginBuiltAgainstAnotherMajorOrANewerMinorSpiIsRefusedNamingTheJarAndBothVersions() throws Exception {
        for (String built : List.of("1.0", "2.9", "3.0")) {
            Path dir = Files.createDirectories(pluginDir.resolve("spi-" + built));
            Path jar = pluginJar(dir.resolve("old-plugin.jar"), "old", true, Optional.of(built));
            PluginException e = assertThrows(PluginException.class, () -> loader.discover(Optional.of(dir)), built);
            assertTrue(e.getMessage().contains(jar.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("SPI " + built) && e.getMessage().contains(SpiVersion.CURRENT), e.getMessage());
        }
    }

    @Test
    void oneIncompatibleJarRefusesTheWholePluginDirectory() throws Exception {
        Path plugin = Files.createDirectories(pluginDir.resolve("mixed"));
        pluginJar(plugin.resolve("a-backend.jar"), "mixed", true, Optional.of(SpiVersion.CURRENT));
        Path library = pluginJar(plugin.resolve("b-library.jar"), "unused", false, Optional.of("1.4"));
        PluginException e = assertThrows(PluginException.class, () -> loader.discover(Optional.of(pluginDir)));
        assertTrue(e.getMessage().contains(library.toString()) && e.getMessage().contains("1.4"), e.getMessage());
    }

    @Test
    void anUnreadableSpiVersionIsRefusedNamingTheJar() throws Exception {
        Path jar = pluginJar(pluginDir.resolve("odd.jar"), "odd", true, Optional.of("two"));
        PluginException e = assertThrows(PluginException.class, () -> loader.discover(Optional.of(pluginDir)));
        assertTrue(e.getMessage().contains(jar.toString()) && e.getMessage().contains("'two'"), e.getMessage());
    }

    @Test
    void aPluginBuiltAgainstThisSpiOrAnOlderMinorLoadsWithoutWarning() throws Exception {
        int[] current = SpiVersion.parse(SpiVersion.CURRENT);
        pluginJar(pluginDir.resolve("current.jar"), "current", true, Optional.of(SpiVersion.CURRENT));
        pluginJar(pluginDir.resolve("older.jar"), "older", true, Optional.of(current[0] + ".0"));
        try (LogCapture log = new LogCapture(PluginLoader.class)) {
            assertEquals(java.util.Set.of("current", "older"), loader.discover(Optional.of(pluginDir)).keySet());
            assertEquals(List.of(), log.messages());
        }
    }

    @Test
    void aPluginThatDoesNotNameItsSpiLoadsWithAWarningNamingIt() throws Exception {
        pluginJar(pluginDir.resolve("unversioned.jar"), "unversioned", true, Optional.empty());
        try (LogCapture log = new LogCapture(PluginLoader.class)) {
            assertEquals(java.util.Set.of("unversioned"), loader.discover(Optional.of(pluginDir)).keySet());
            assertEquals(1, log.messages().size(), log.messages()::toString);
            String warning = log.messages().getFirst();
            assertTrue(warning.contains("unversioned.jar") && warning.contains(SpiVersion.MANIFEST_ATTRIBUTE)
                    && warning.contains(SpiVersion.CURRENT), warning);
        }
    }

    @Test
    void aPluginDoesNotSeeTheDriversClassPath() throws Exception {
        pluginJar(pluginDir.resolve("alpha.jar"), "alpha", true);
        ClassLoader pluginLoader = loader.discover(Optional.of(pluginDir)).get("alpha").loader();
        // Guava is on the driver's class path, not in the plugin.
        assertThrows(ClassNotFoundException.class, () -> pluginLoader.loadClass("com.google.common.collect.ImmutableList"));
        assertThrows(ClassNotFoundException.class, () -> pluginLoader.loadClass(PluginLoaderTest.class.getName()));
        assertNotEquals(null, pluginLoader.loadClass("java.util.List"));
    }
}
