package dev.polycsi.deploy;

import static dev.polycsi.deploy.K8sObject.map;
import static dev.polycsi.deploy.K8sObject.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The node's memory request follows its last measurement: the output of benchmarks/run.sh
 * recorded in benchmarks/README.md, which names the flags it measured as shipped and the node's
 * resident memory after 10,000 calls. Changing the flags without measuring again fails here.
 */
class NodeMemoryTest {

    private static final Pattern MEASURED = Pattern.compile(
            "- as shipped: deploy/kubernetes/base/node\\.yaml gives the polycsi container JDK_JAVA_OPTIONS=\"([^\"]+)\"");
    /** The aims table: node-shipped's column comes first. */
    private static final Pattern LOADED = Pattern.compile("\\nRSS after 10,000 calls, MiB +([0-9.]+) ");

    static Stream<Installation> installations() {
        return Manifests.installations();
    }

    @ParameterizedTest
    @MethodSource("installations")
    void requestCoversTheMeasuredRssAfterLoad(Installation installation) {
        String readme = Repo.read(Repo.root().resolve("benchmarks/README.md"));
        Matcher measured = ControllerMemoryTest.last(MEASURED, readme);
        Matcher loaded = ControllerMemoryTest.last(LOADED, readme);
        K8sObject node = installation.node();
        assertEquals(JvmFlags.split(measured.group(1)), JvmFlags.of(node), node + ": flags other than the measured ones");
        Map<String, Object> resources = map(node.container(Installation.POLYCSI), "resources");
        String request = string(map(resources, "requests"), "memory");
        double loadedMiB = Double.parseDouble(loaded.group(1));
        assertTrue(Manifests.mebibytes(request) >= loadedMiB, node + ": request " + request + " below the measured " + loadedMiB + " MiB");
    }
}
