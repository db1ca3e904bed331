package dev.polycsi.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The node and the controller run with exactly the README's recommended flags for each, and this
 * JDK 25 accepts every flag (a typo would stop the pod).
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
    void controllerUsesTheReadmeFlags(Installation installation) {
        assertEquals(JvmFlags.readmeControllerFlags(), JvmFlags.of(installation.controller()), installation.controller().toString());
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
