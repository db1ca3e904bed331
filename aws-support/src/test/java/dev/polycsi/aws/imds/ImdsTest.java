package dev.polycsi.aws.imds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.simulator.AwsSimulator;
import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.imds.ImdsService;
import dev.polycsi.simulator.knobs.Knobs;
import dev.polycsi.simulator.storage.BlockStorage;
import dev.polycsi.spi.AwsAccess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared reader against the simulator's IMDSv2. */
class ImdsTest {

    @TempDir
    Path dir;

    private AwsSimulator simulator() throws IOException {
        return AwsSimulator.start(SimulatorConfig.defaults(dir).withPort(0), new Knobs(), BlockStorage.NONE, List.of(ImdsService::new));
    }

    @Test
    void readsTheInstanceAndAsksEachPathOncePerProcess() throws IOException {
        try (AwsSimulator simulator = simulator()) {
            AwsAccess access = AwsAccess.simulated("us-east-1", simulator.endpoint());
            Imds imds = Imds.at(access);
            assertEquals(Optional.of(SimulatorConfig.DEFAULT_INSTANCE), imds.instanceId());
            assertEquals("m5.large", imds.require("instance-type"));
            assertEquals(new InstanceZone(Optional.of("us-east-1a"), Optional.of("use1-az1")), imds.zone());
            assertEquals(Optional.of(List.of("ami", "root")), imds.list("block-device-mapping/"));
            long asked = simulator.counters().calls("imds", "GetMetadata");

            // another reader of the same endpoint (another backend, the launcher) gets the answers kept
            Imds again = Imds.at(AwsAccess.simulated("eu-west-1", simulator.endpoint()));
            assertSame(imds, again);
            assertEquals(Optional.of(SimulatorConfig.DEFAULT_INSTANCE), again.instanceId());
            assertEquals(new InstanceZone(Optional.of("us-east-1a"), Optional.of("use1-az1")), again.zone());
            assertEquals(asked, simulator.counters().calls("imds", "GetMetadata"));
            assertEquals(5, asked, "instance-id, instance-type, zone, zone id, block-device-mapping");
        }
    }

    @Test
    void concurrentReadersOfOnePathCostOneCall() throws Exception {
        try (AwsSimulator simulator = simulator()) {
            Imds imds = Imds.at(AwsAccess.simulated("us-east-1", simulator.endpoint()));
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<String>> readers = IntStream.range(0, 20).mapToObj(i -> threads.submit(() -> imds.require("instance-type"))).toList();
                for (Future<String> reader : readers) {
                    assertEquals("m5.large", reader.get());
                }
            }
            assertEquals(1, simulator.counters().calls("imds", "GetMetadata"));
        }
    }

    @Test
    void anUnknownPathIsEmptyAndRequiredSaysWhereAndWhat() throws IOException {
        try (AwsSimulator simulator = simulator()) {
            Imds imds = Imds.at(AwsAccess.simulated("us-east-1", simulator.endpoint()));
            assertEquals(Optional.empty(), imds.find("no/such/path"));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> imds.require("no/such/path"));
            assertTrue(e.getMessage().contains("no/such/path") && e.getMessage().contains(simulator.endpoint().toString()), e.getMessage());
            assertEquals(1, simulator.counters().calls("imds", "GetMetadata"), "the missing answer was kept, not asked again");
        }
    }

    @Test
    void anUnreachableImdsFailsWithinSecondsSayingWhere() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort);
        Imds imds = Imds.at(new AwsAccess(Optional.empty(), Optional.empty(), Optional.of(nowhere), Optional.empty(), Optional.empty()));
        long start = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> imds.require("instance-id"));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "took too long");
        assertTrue(e.getMessage().contains(nowhere.toString()) && e.getMessage().contains("instance-id"), e.getMessage());
        assertEquals(Optional.empty(), imds.instanceId());
        assertEquals(InstanceZone.UNKNOWN, imds.zone());
    }

    @Test
    void theDefaultEndpointHonoursTheSdksDisableSwitch() {
        // the build sets aws.disableEc2Metadata (and AWS_EC2_METADATA_DISABLED) so that no test can reach 169.254.169.254
        Imds imds = Imds.at(AwsAccess.DEFAULT);
        assertNotSame(imds, Imds.at(AwsAccess.simulated("us-east-1", URI.create("http://127.0.0.1:1"))));
        assertEquals(Optional.empty(), imds.instanceId());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> imds.require("instance-type"));
        assertTrue(e.getMessage().contains("AWS_EC2_METADATA_DISABLED"), e.getMessage());
    }
}
