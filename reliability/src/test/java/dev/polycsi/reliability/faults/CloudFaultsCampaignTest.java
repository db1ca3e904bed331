package dev.polycsi.reliability.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.reliability.controller.Campaign;
import dev.polycsi.reliability.controller.CampaignResult;
import dev.polycsi.reliability.controller.CampaignSettings;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The short version of benchmarks/cloud-faults.sh: one lane per backend under each fault, and
 * nothing may leak or be duplicated, nor may the driver answer a code the sidecars do not expect
 * (INTERNAL only for a resource that ended FAILED) or leave an operation hanging.
 */
class CloudFaultsCampaignTest {

    @TempDir
    Path dir;

    static Stream<FaultProfile> faults() {
        return FaultProfile.all().stream().filter(p -> !p.name().equals("none"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void theWorkloadUnderACloudFaultLeavesEveryResourceExactlyOnce(FaultProfile fault) throws Exception {
        CampaignResult result = new Campaign(CloudFaultsCampaign.settings(fault, dir, CampaignSettings.ALL_BACKENDS, 1, 1, 15L), System.out).run();
        result.print(System.out);

        assertEquals(fault.kills(), result.kills());
        assertTrue(result.cyclesDone() >= 5, "every backend's lane made its cycle");
        assertTrue(result.clean(), result.problems());
    }
}
