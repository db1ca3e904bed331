package dev.polycsi.examples.hostpath;

import dev.polycsi.core.conformance.CsiConformanceSuite;
import dev.polycsi.core.conformance.DriverUnderTest;
import dev.polycsi.core.conformance.EmbeddedDriver;
import java.nio.file.Path;
import java.util.Map;

/**
 * The CSI conformance suite against hostpath, served from this module's class path by the core in
 * the test's JVM, as a plugin outside this repository runs it (backend-spi/README.md). The
 * launcher's HostpathConformanceTest runs it again against the packaged JAR in a plugin directory.
 * Node tests bind-mount, so they run only as root.
 */
class HostPathConformanceTest extends CsiConformanceSuite {

    @Override
    protected DriverUnderTest startDriver(Path workDir) throws Exception {
        return EmbeddedDriver.start(workDir, "hostpath", Map.of("root", workDir.resolve("hostpath").toString()));
    }

    @Override
    protected Map<String, String> storageClassParameters() {
        return Map.of("backend", "hostpath");
    }
}
