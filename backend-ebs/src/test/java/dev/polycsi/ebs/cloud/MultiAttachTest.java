package dev.polycsi.ebs.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.simulator.AwsSimulator;
import dev.polycsi.simulator.SimulatedInstance;
import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.ec2.Ec2Service;
import dev.polycsi.simulator.imds.ImdsService;
import dev.polycsi.simulator.knobs.Knobs;
import dev.polycsi.simulator.storage.BlockStorage;
import dev.polycsi.spi.AwsAccess;
import dev.polycsi.spi.CsiException.Code;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attaching one volume to two instances: only io2 Multi-Attach, and only when the caller allows sharing. */
class MultiAttachTest {

    private static final String ZONE = "us-east-1a";
    private static final String NODE_A = "i-0aaaaaaaaaaaaaaa1";
    private static final String NODE_B = "i-0bbbbbbbbbbbbbbb2";

    @TempDir
    Path dir;
    private AwsSimulator simulator;
    private EbsCloud cloud;

    @BeforeEach
    void start() throws Exception {
        SimulatorConfig config = SimulatorConfig.defaults(dir).withPort(0)
                .withInstances(List.of(new SimulatedInstance(NODE_A, "m5.large", ZONE), new SimulatedInstance(NODE_B, "m5.large", ZONE)));
        simulator = AwsSimulator.start(config, new Knobs(), BlockStorage.NONE, List.of(ImdsService::new, Ec2Service::new));
        cloud = new SdkEbsCloud(Ec2Clients.build(AwsAccess.simulated("us-east-1", simulator.endpoint()), 3),
                new CloudOptions(true, Duration.ofMillis(50), Duration.ofMillis(100)), SdkEbsCloud.Waits.DEFAULT, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        cloud.close();
        simulator.close();
    }

    private Disk disk(String name, String type, boolean multiAttach) {
        return cloud.createDisk(new NewDisk(name, 10, ZONE, type, type.equals("io2") ? Optional.of(1000) : Optional.empty(),
                Optional.empty(), false, Optional.empty(), Map.of(), Optional.empty(), multiAttach, Optional.empty()));
    }

    @Test
    void aMultiAttachVolumeIsSharedOnlyWhenTheCallerAllowsIt() {
        Disk shared = disk("pvc-shared", "io2", true);
        cloud.attachDisk(shared.volumeId(), NODE_A, true);

        EbsCloudException alone = assertThrows(EbsCloudException.class, () -> cloud.attachDisk(shared.volumeId(), NODE_B, false));
        assertEquals(Code.FAILED_PRECONDITION, alone.code());
        assertTrue(alone.getMessage().contains(NODE_A), alone.getMessage());

        cloud.attachDisk(shared.volumeId(), NODE_B, true);
        Disk both = cloud.getDisk(shared.volumeId()).orElseThrow();
        assertEquals(2, both.attachments().size(), both.attachments().toString());
    }

    @Test
    void aVolumeWithoutMultiAttachIsNeverShared() {
        Disk single = disk("pvc-single", "gp3", false);
        cloud.attachDisk(single.volumeId(), NODE_A);
        EbsCloudException e = assertThrows(EbsCloudException.class, () -> cloud.attachDisk(single.volumeId(), NODE_B, true));
        assertEquals(Code.FAILED_PRECONDITION, e.code());
        assertEquals("VolumeInUse", e.awsErrorCode());
    }
}
