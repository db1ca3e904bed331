package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import csi.v1.Csi;
import dev.polycsi.core.conformance.CsiClient;
import dev.polycsi.core.conformance.Mounts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code --simulate} and {@code polycsi simulator}, as processes: no AWS account, credentials or network. */
class SimulateModeTest {

    static final String PLUGIN_DIR = System.getProperty("polycsi.test.pluginDir");

    static List<String> java(String... args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void simulateRunsTheDriverOnTheSimulatedInstance() throws Exception {
        Path work = Files.createTempDirectory("polycsi-sim-");
        Path log = work.resolve("driver.log");
        Process driver = new ProcessBuilder(java("all", "--simulate", "--simulator-data", work.resolve("sim").toString(),
                "--endpoint", "unix://" + work.resolve("csi.sock"), "--plugin-dir", PLUGIN_DIR, "--backends", "hostpath",
                "--backend-option", "hostpath.root=" + work.resolve("hp")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (CsiClient csi = new CsiClient(work.resolve("csi.sock"), Duration.ofSeconds(30))) {
            csi.waitUntilReady(Duration.ofSeconds(60), driver::isAlive);
            assertEquals("i-0123456789abcdef0", csi.node().nodeGetInfo(Csi.NodeGetInfoRequest.getDefaultInstance()).getNodeId());
        } finally {
            driver.destroy();
            boolean exited = driver.waitFor(30, TimeUnit.SECONDS);
            String output = Files.readString(log);
            Mounts.unmountAllUnder(work);
            Mounts.deleteTree(work);
            assertTrue(exited && driver.exitValue() == 0, output);
        }
    }

    @Test
    void simulatorAloneServesImdsAndItsControlEndpoint() throws Exception {
        Path work = Files.createTempDirectory("polycsi-sim-");
        Path state = work.resolve("state");
        Process simulator = new ProcessBuilder(java("simulator", "--port", "0", "--simulator-data", work.toString(),
                "--simulator-state", state.toString(), "--knob", "delay.volume.available=1s"))
                .redirectError(work.resolve("stderr.log").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(simulator.getInputStream(), StandardCharsets.UTF_8));
            URI endpoint = URI.create(out.readLine());
            assertEquals("127.0.0.1", endpoint.getHost(), "the simulator binds loopback only");
            HttpClient http = HttpClient.newHttpClient();
            String token = http.send(HttpRequest.newBuilder(endpoint.resolve("/latest/api/token"))
                    .header("X-aws-ec2-metadata-token-ttl-seconds", "60").PUT(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String instance = http.send(HttpRequest.newBuilder(endpoint.resolve("/latest/meta-data/instance-id"))
                    .header("X-aws-ec2-metadata-token", token).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertEquals("i-0123456789abcdef0", instance);
            String knobs = http.send(HttpRequest.newBuilder(endpoint.resolve("/_polycsi/knobs")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertEquals("delay.volume.available=1s\n", knobs);
            String counters = http.send(HttpRequest.newBuilder(endpoint.resolve("/_polycsi/counters")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(counters.contains("\"imds.GetMetadata\":{\"calls\":1"), counters);
            assertTrue(Files.isRegularFile(state.resolve("ec2.json")) && Files.isRegularFile(state.resolve("efs.json")),
                    "the simulated AWS state is kept in --simulator-state");
        } finally {
            simulator.destroy();
            boolean exited = simulator.waitFor(30, TimeUnit.SECONDS);
            Mounts.deleteTree(work);
            assertTrue(exited && simulator.exitValue() == 0, "the simulator stops cleanly on SIGTERM");
        }
    }
}
