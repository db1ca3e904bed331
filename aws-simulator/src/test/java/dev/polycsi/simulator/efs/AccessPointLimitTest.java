package dev.polycsi.simulator.efs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.efs.model.AccessPointLimitExceededException;

class AccessPointLimitTest {

    @Test
    void aFileSystemTakesNoMoreAccessPointsThanItsQuota(@TempDir Path dataDir) {
        try (EfsFixture fixture = EfsFixture.start(dataDir, 2)) {
            fixture.createAccessPoint("one", "/one");
            String second = fixture.createAccessPoint("two", "/two").accessPointId();

            AccessPointLimitExceededException e = assertThrows(AccessPointLimitExceededException.class,
                    () -> fixture.createAccessPoint("three", "/three"));
            assertEquals("AccessPointLimitExceeded", e.awsErrorDetails().errorCode());
            assertEquals(403, e.statusCode());

            fixture.efs.deleteAccessPoint(r -> r.accessPointId(second));
            fixture.createAccessPoint("three", "/three");
        }
    }

    @Test
    void theDefaultQuotaIsEfssTenThousand() {
        assertEquals(10_000, EfsState.ACCESS_POINTS_PER_FILE_SYSTEM);
    }
}
