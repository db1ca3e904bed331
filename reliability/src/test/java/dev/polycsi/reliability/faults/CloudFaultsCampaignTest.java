package dev.polycsi.reliability.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.reliability.controller.Campaign;
import dev.polycsi.reliability.controller.CampaignResult;
import dev.polycsi.reliability.controller.CampaignSettings;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The short version of benchmarks/cloud-faults.sh: one lane per backend under some faults, and
 * nothing may leak or be duplicated, nor may the driver answer a code the sidecars do not expect
 * (INTERNAL only for a resource that ended FAILED) or leave an operation hanging.
 */
class CloudFaultsCampaignTest {

    @TempDir
    Path dir;

    /**
     * The mix (every knob at once, with kills) and the two faults that found leaks; each fault on
     * its own is the full campaign's, which would add minutes to every build.
     */
    static final Set<String> IN_THE_BUILD = Set.of("mix + 10 kills", "dropped connections 5 %", "consistency 2 s");

    static Stream<FaultProfile> faults() {
        return FaultProfile.all().stream().filter(p -> IN_THE_BUILD.contains(p.name()));
    }

    @Test
    void everyFaultTheBuildRunsIsOneOfTheCampaigns() {
        assertEquals(IN_THE_BUILD, FaultProfile.all().stream().map(FaultProfile::name).filter(IN_THE_BUILD::contains)
                .collect(Collectors.toSet()), "a renamed fault would silently drop out of the build");
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
