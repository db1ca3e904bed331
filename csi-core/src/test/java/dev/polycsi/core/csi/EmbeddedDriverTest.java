package dev.polycsi.core.csi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.core.conformance.EmbeddedDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a plugin author sees when the conformance suite cannot find the backend: the fix, not a
 * suite that waits for a driver that will never be ready. (The suite passing through
 * EmbeddedDriver is shown by the hostpath example and OutOfTreePluginIT.)
 */
class EmbeddedDriverTest {

    @TempDir
    Path workDir;

    @Test
    void aBackendNotOnTheClassPathIsNamedWithTheServicesFileToWrite() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> EmbeddedDriver.start(workDir, "mybackend", Map.of()));

        assertTrue(e.getMessage().contains("'mybackend'"), e.getMessage());
        assertTrue(e.getMessage().contains("META-INF/services/dev.polycsi.spi.BackendFactory"), e.getMessage());
        assertFalse(Files.exists(workDir.resolve("csi.sock")), "nothing may be left serving");
    }
}
