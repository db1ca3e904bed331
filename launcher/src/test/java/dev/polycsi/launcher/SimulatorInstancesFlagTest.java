package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.core.conformance.Mounts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;

/** {@code --simulator-instances N}: the simulated account has N instances, the node's first. */
class SimulatorInstancesFlagTest {

    @Test
    void theSimulatorHasAsManyInstancesAsAsked() throws Exception {
        Path work = Files.createTempDirectory("polycsi-sim-");
        Process simulator = new ProcessBuilder(SimulateModeTest.java("simulator", "--port", "0", "--simulator-data", work.toString(),
                "--simulator-instances", "3"))
                .redirectError(work.resolve("stderr.log").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(simulator.getInputStream(), StandardCharsets.UTF_8));
            URI endpoint = URI.create(out.readLine());
            try (Ec2Client ec2 = Ec2Client.builder()
                    .endpointOverride(endpoint)
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build()) {
                List<Instance> instances = ec2.describeInstances().reservations().stream()
                        .flatMap(reservation -> reservation.instances().stream()).toList();

                assertEquals(List.of("i-0123456789abcdef0", "i-0123456789abd0001", "i-0123456789abd0002"),
                        instances.stream().map(Instance::instanceId).toList());
                assertEquals(List.of("us-east-1a", "us-east-1b", "us-east-1c"),
                        instances.stream().map(instance -> instance.placement().availabilityZone()).toList());
            }
        } finally {
            simulator.destroy();
            boolean exited = simulator.waitFor(30, TimeUnit.SECONDS);
            String errors = Files.readString(work.resolve("stderr.log"));
            Mounts.deleteTree(work);
            assertTrue(exited && simulator.exitValue() == 0, "the simulator stops cleanly on SIGTERM: " + errors);
        }
    }

    @Test
    void noInstancesIsRefusedNamingTheFlag() throws Exception {
        Path work = Files.createTempDirectory("polycsi-sim-");
        try {
            Process simulator = new ProcessBuilder(SimulateModeTest.java("simulator", "--port", "0", "--simulator-data", work.toString(),
                    "--simulator-instances", "0"))
                    .redirectErrorStream(true).start();
            String output = new String(simulator.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertTrue(simulator.waitFor(30, TimeUnit.SECONDS));
            assertEquals(1, simulator.exitValue(), output);
            assertTrue(output.contains("polycsi: --simulator-instances 0: give 1 to 65535"), output);
        } finally {
            Mounts.deleteTree(work);
        }
    }
}
