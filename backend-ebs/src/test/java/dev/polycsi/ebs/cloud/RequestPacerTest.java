package dev.polycsi.ebs.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.simulator.AwsSimulator;
import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.ec2.Ec2Service;
import dev.polycsi.simulator.imds.ImdsService;
import dev.polycsi.simulator.knobs.Knobs;
import dev.polycsi.simulator.storage.BlockStorage;
import dev.polycsi.spi.AwsAccess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestPacerTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstIsFreeThenRequestsWaitForTheRate() {
        // a burst of 3 here: one token is kept spare for EC2's bucket of 4
        RequestPacer fresh = new RequestPacer(5, 4);
        long start = System.nanoTime();
        assertEquals(0, fresh.reserve(start));
        assertEquals(0, fresh.reserve(start));
        assertEquals(0, fresh.reserve(start));
        assertEquals(SECOND / 5, fresh.reserve(start), 1_000);
        assertEquals(2 * SECOND / 5, fresh.reserve(start), 1_000);
        // a second later the debt of 2 is paid and 3 tokens are back
        assertEquals(0, fresh.reserve(start + SECOND + SECOND / 5));
    }

    @Test
    void specificationsAreParsedOrRefusedWithTheEntryNamed() {
        assertEquals(8, RequestPacer.parse(RequestPacer.EC2_DEFAULTS).size());
        assertTrue(RequestPacer.parse("none").isEmpty());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> RequestPacer.parse("Describe=20/100,mutating=fast"));
        assertTrue(bad.getMessage().contains("mutating=fast"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RequestPacer.parse("CreateVolume=0/10"));
    }

    @Test
    void pacedCallsAreNotThrottledWhereUnpacedOnesAre(@TempDir Path dir) throws Exception {
        try (AwsSimulator simulator = AwsSimulator.start(SimulatorConfig.defaults(dir).withPort(0), new Knobs(), BlockStorage.NONE,
                List.of(ImdsService::new, Ec2Service::new))) {
            simulator.knobs().set("throttle.ec2.describe", "5/5");
            AwsAccess access = AwsAccess.simulated("us-east-1", simulator.endpoint());

            try (Ec2Clients unpaced = Ec2Clients.build(access, 10)) {
                describeZones(unpaced, 10);
            }
            long throttledUnpaced = simulator.counters().throttled("ec2", "DescribeAvailabilityZones");
            assertTrue(throttledUnpaced > 0, "the simulator did not throttle 10 calls against a 5/5 bucket");

            simulator.knobs().set("throttle.ec2.describe", "off");
            simulator.knobs().set("throttle.ec2.describe", "5/5");
            simulator.counters().reset();
            long start = System.nanoTime();
            try (Ec2Clients paced = Ec2Clients.build(access, "Describe=5/5")) {
                describeZones(paced, 20);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(0, simulator.counters().throttled("ec2", "DescribeAvailabilityZones"), "paced calls were throttled");
            assertEquals(20, simulator.counters().calls("ec2", "DescribeAvailabilityZones"), "every call went out once");
            // 4 from the burst, 16 more at 5 per second
            assertTrue(took.toMillis() >= 3_000, "20 calls at 5/s after a burst of 5 took only " + took.toMillis() + " ms");
        }
    }

    private static void describeZones(Ec2Clients clients, int n) throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                calls.add(threads.submit(() -> clients.forAction("DescribeAvailabilityZones").describeAvailabilityZones()));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        }
    }
}
