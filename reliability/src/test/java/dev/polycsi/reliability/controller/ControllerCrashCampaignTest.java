package dev.polycsi.reliability.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short version of benchmarks/crash-controller.sh: a dozen SIGKILLs of the controller while
 * the workload runs on every built-in backend, and nothing may leak, be duplicated or go missing,
 * nor may the driver answer a code the sidecars do not expect or leave an operation hanging.
 */
class ControllerCrashCampaignTest {

    private static final int KILLS = 12;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aControllerKilledAtRandomMomentsLeavesEveryResourceExactlyOnce() throws Exception {
        CampaignResult result = new Campaign(ControllerCrashCampaign.settings(dir, KILLS, 1, Duration.ofSeconds(3), 15L), System.out).run();
        result.print(System.out);

        assertEquals(KILLS, result.kills());
        assertTrue(result.operationsByName().getOrDefault("CreateVolume", 0L) >= 5, "every backend created a volume: " + result.operationsByName());
        assertTrue(result.clean(), result.problems());
    }
}
