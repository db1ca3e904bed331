package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.SpiVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * The hostpath plugin JAR, as Maven built it, names the SPI this driver runs: the manifest gets
 * the {@code polycsi.spi.version} property of the root POM, the driver compares it with
 * {@link SpiVersion#CURRENT}, so the two cannot drift apart unnoticed.
 */
class HostpathPluginManifestTest {

    @Test
    void theHostpathPluginNamesTheCurrentSpiVersion() throws Exception {
        String pluginDir = System.getProperty("polycsi.test.pluginDir");
        assertNotNull(pluginDir, "system property polycsi.test.pluginDir is not set; run the test through Maven");
        Path jar = Path.of(pluginDir, "hostpath", "backend-hostpath.jar");
        assertTrue(Files.isRegularFile(jar), jar + " is missing");
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            assertNotNull(manifest, jar + " has no manifest");
            assertEquals(SpiVersion.CURRENT, manifest.getMainAttributes().getValue(SpiVersion.MANIFEST_ATTRIBUTE),
                    jar + ": " + SpiVersion.MANIFEST_ATTRIBUTE + " differs from SpiVersion.CURRENT; keep the root POM's "
                            + "polycsi.spi.version equal to it");
        }
    }
}
