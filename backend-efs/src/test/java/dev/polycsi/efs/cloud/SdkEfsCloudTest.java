package dev.polycsi.efs.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.aws.errors.AwsCallException;
import dev.polycsi.simulator.AwsSimulator;
import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.efs.EfsService;
import dev.polycsi.simulator.knobs.Knobs;
import dev.polycsi.simulator.storage.BlockStorage;
import dev.polycsi.spi.AwsAccess;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.CsiException.Code;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How EFS's failures reach the controller: the shared mapping, and the cases EFS decides itself. */
class SdkEfsCloudTest {

    private static final String FS = SimulatorConfig.DEFAULT_FILE_SYSTEM;

    @TempDir
    Path dir;
    private AwsSimulator simulator;
    private SdkEfsCloud cloud;

    @BeforeEach
    void start() throws Exception {
        simulator = AwsSimulator.start(SimulatorConfig.defaults(dir).withPort(0), new Knobs(), BlockStorage.NONE, List.of(EfsService::new));
        cloud = SdkEfsCloud.create(AwsAccess.simulated("us-east-1", simulator.endpoint()), 2);
    }

    @AfterEach
    void stop() {
        cloud.close();
        simulator.close();
    }

    private static NewAccessPoint accessPoint(String token) {
        return new NewAccessPoint(FS, token, 1000, 1000, "/" + token, "0700", Map.of());
    }

    @Test
    void serverErrorsAndThrottlingAfterRetriesAreUnavailable() {
        simulator.knobs().set("errors.CreateAccessPoint", "1");
        AwsCallException failed = assertThrows(AwsCallException.class, () -> cloud.createAccessPoint(accessPoint("pvc-1")));
        assertEquals(Code.UNAVAILABLE, failed.code());
        assertEquals("InternalServerError", failed.awsErrorCode());
        assertEquals(2, simulator.counters().calls("efs", "CreateAccessPoint"), "retried once");

        simulator.knobs().reset();
        simulator.knobs().set("throttle.efs.DescribeAccessPoints", "0/1");
        cloud.accessPoints(FS); // takes the one token
        assertEquals(Code.UNAVAILABLE, assertThrows(CsiException.class, () -> cloud.accessPoints(FS)).code());
    }

    @Test
    void whatDoesNotExistIsDecidedPerCall() {
        assertEquals(Optional.empty(), cloud.fileSystem("fs-99999999999999999"));
        assertEquals(Optional.empty(), cloud.accessPoint("fsap-99999999999999999"));
        assertEquals(Code.NOT_FOUND, assertThrows(CsiException.class, () -> cloud.accessPoints("fs-99999999999999999")).code());
        CsiException create = assertThrows(CsiException.class, () -> cloud.createAccessPoint(
                new NewAccessPoint("fs-99999999999999999", "pvc-2", 1000, 1000, "/pvc-2", "0700", Map.of())));
        assertEquals(Code.INVALID_ARGUMENT, create.code());
        assertTrue(create.getMessage().contains("fileSystemId"), create.getMessage());
    }

    @Test
    void aTokenUsedBeforeNamesItsAccessPoint() {
        AccessPoint first = cloud.createAccessPoint(accessPoint("pvc-3"));
        AccessPointExistsException e = assertThrows(AccessPointExistsException.class,
                () -> cloud.createAccessPoint(new NewAccessPoint(FS, "pvc-3", 1001, 1001, "/other", "0700", Map.of())));
        assertEquals(first.id(), e.accessPointId());
    }

    @Test
    void unreachableEfsIsUnavailable() {
        try (SdkEfsCloud lost = SdkEfsCloud.create(AwsAccess.simulated("us-east-1", URI.create("http://127.0.0.1:1")), 1)) {
            CsiException e = assertThrows(CsiException.class, () -> lost.fileSystem(FS));
            assertEquals(Code.UNAVAILABLE, e.code());
            assertTrue(e.getMessage().contains("cannot reach EFS"), e.getMessage());
        }
    }
}
