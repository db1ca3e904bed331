package dev.polycsi.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The node runs with exactly the README's recommended flags; the controller with the same minus
 * C1-only and with a larger heap; and this JDK 25 accepts every flag (a typo would stop the pod).
 */
class JvmFlagsTest {

    static Stream<Installation> installations() {
        return Manifests.installations();
    }

    @ParameterizedTest
    @MethodSource("installations")
    void nodeUsesTheReadmeFlags(Installation installation) {
        assertEquals(new HashSet<>(JvmFlags.readmeNodeFlags()), new HashSet<>(JvmFlags.of(installation.node())), installation.node().toString());
    }

    @ParameterizedTest
    @MethodSource("installations")
    void controllerKeepsC2AndAGreaterHeap(Installation installation) {
        List<String> controller = JvmFlags.of(installation.controller());
        assertFalse(controller.contains("-XX:TieredStopAtLevel=1"), "the README: drop TieredStopAtLevel=1 for the controller");
        Set<String> expected = new HashSet<>(JvmFlags.readmeNodeFlags());
        // Each role has its own AOT cache (DockerfileTest checks which).
        expected.removeIf(f -> f.equals("-XX:TieredStopAtLevel=1") || f.startsWith("-Xmx") || f.startsWith("-Xms")
                || f.startsWith("-XX:AOTCache="));
        Set<String> actual = new HashSet<>(controller);
        actual.removeIf(f -> f.startsWith("-Xmx") || f.startsWith("-Xms") || f.startsWith("-XX:AOTCache="));
        assertEquals(expected, actual, installation.controller().toString());
        assertTrue(heap(controller) > heap(JvmFlags.of(installation.node())), "the README: give the controller a larger heap");
    }

    @ParameterizedTest
    @MethodSource("installations")
    void thisJdkAcceptsTheFlags(Installation installation) throws Exception {
        for (K8sObject workload : List.of(installation.controller(), installation.node())) {
            List<String> command = new ArrayList<>();
            command.add(Repo.javaHome().resolve("bin/java").toString());
            // The AOT cache exists only in the image; without it the JVM runs on (with -Xlog:aot*=error, silently).
            command.addAll(JvmFlags.of(workload));
            command.add("-version");
            Result result = run(command);
            assertEquals(0, result.exit(), workload + ": the JVM refuses its flags:\n" + result.output());
            assertFalse(result.output().contains("Unrecognized") || result.output().contains("warning"), result.output());
        }
    }

    private static long heap(List<String> flags) {
        return flags.stream().filter(f -> f.startsWith("-Xmx")).map(f -> Manifests.jvmMebibytes(f.substring(4))).findFirst().orElseThrow();
    }

    record Result(int exit, String output) {
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        return new Result(process.exitValue(), output);
    }
}
