package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.polycsi.core.conformance.CsiConformanceSuite;
import dev.polycsi.core.conformance.DriverUnderTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The CSI conformance suite against {@code polycsi all} with the hostpath example plugin, run as
 * a separate process on a unix socket, as in a cluster. The plugin directory is the one Maven
 * prepares ({@code polycsi.test.pluginDir}); the hostpath JAR is not on the test class path, so
 * the driver finds it only as a plugin. Node tests bind-mount, so they run only as root.
 */
class HostpathConformanceTest extends CsiConformanceSuite {

    @Override
    protected DriverUnderTest startDriver(Path workDir) throws Exception {
        String pluginDir = System.getProperty("polycsi.test.pluginDir");
        assertNotNull(pluginDir, "system property polycsi.test.pluginDir is not set; run the test through Maven");
        return SubprocessDriver.start(workDir, Duration.ofSeconds(30), List.of("all",
                "--plugin-dir", pluginDir,
                "--backends", "hostpath",
                "--node-id", "conformance-node",
                "--backend-option", "hostpath.root=" + workDir.resolve("hostpath")));
    }

    @Override
    protected Map<String, String> storageClassParameters() {
        return Map.of("backend", "hostpath");
    }

    @Override
    protected boolean needsRoot() {
        return true;
    }
}
