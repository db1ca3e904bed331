package dev.polycsi.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each controller runs the sidecars its driver needs and no sidecar that would refuse to start:
 * polycsi.jar is started with the manifest's own arguments against the embedded AWS simulator,
 * and its ControllerGetCapabilities decide. csi-attacher needs PUBLISH_UNPUBLISH_VOLUME (and
 * then the CSIDriver must say attachRequired: true), csi-snapshotter CREATE_DELETE_SNAPSHOT,
 * csi-resizer EXPAND_VOLUME or MODIFY_VOLUME; csi-provisioner CREATE_DELETE_VOLUME.
 */
class SidecarCapabilitiesTest {

    private static final Map<String, Set<String>> NEEDS = Map.of(
            "csi-provisioner", Set.of("CREATE_DELETE_VOLUME"),
            "csi-attacher", Set.of("PUBLISH_UNPUBLISH_VOLUME"),
            "csi-snapshotter", Set.of("CREATE_DELETE_SNAPSHOT"),
            "csi-resizer", Set.of("EXPAND_VOLUME", "MODIFY_VOLUME"));

    static Stream<Installation> installations() {
        return Manifests.installations();
    }

    @ParameterizedTest
    @MethodSource("installations")
    void sidecarsMatchTheAdvertisedCapabilities(Installation installation, @TempDir Path dir) throws Exception {
        var jar = Repo.polycsiJar();
        assumeTrue(jar.isPresent(), "launcher/target/polycsi.jar is not built (run 'mvn verify' from the root)");
        List<String> simulation = List.of("--simulate", "--simulator-data", dir.resolve("data").toString());
        try (var driver = PolycsiProcess.serve(jar.get(), installation.controller(), simulation, dir, "controller")) {
            List<String> client = List.of(Repo.javaHome().resolve("bin/java").toString(), "-jar", jar.get().toString(),
                    "client", "--endpoint", driver.endpoint());
            JvmFlagsTest.Result caps = JvmFlagsTest.run(concat(client, "controller", "caps"));
            assertEquals(0, caps.exit(), caps.output());
            Set<String> advertised = Set.copyOf(caps.output().strip().lines().map(String::strip).toList());
            for (var need : NEEDS.entrySet()) {
                boolean served = need.getValue().stream().anyMatch(advertised::contains);
                boolean runs = installation.controller().findContainer(need.getKey()).isPresent();
                assertEquals(served, runs, installation + ": " + need.getKey() + (runs ? " runs but the driver lacks " : " is missing though the driver has ")
                        + need.getValue() + " (advertised: " + advertised + ")");
            }
            assertEquals(advertised.contains("PUBLISH_UNPUBLISH_VOLUME"), installation.attachRequired(),
                    installation + ": attachRequired must match PUBLISH_UNPUBLISH_VOLUME");
            JvmFlagsTest.Result info = JvmFlagsTest.run(concat(client, "identity", "info"));
            assertTrue(info.output().startsWith(installation.csiDriver().name() + " "), "GetPluginInfo names " + info.output());
        }
    }

    private static List<String> concat(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }
}
