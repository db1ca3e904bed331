package dev.polycsi.reliability.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.core.conformance.HostRequirements;
import dev.polycsi.core.conformance.Mounts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short version of benchmarks/crash-node.sh: a dozen SIGKILLs of {@code polycsi node} while
 * one volume of each kind goes round stage, publish, write, expand, unpublish and unstage. No
 * double mount, no data lost, no call failing with a code a crash does not explain or never
 * succeeding, and nothing left mounted, looped or attached at the end.
 */
class NodeCrashCampaignTest {

    private static final int KILLS = 12;
    /** Below this many kills (a very slow machine hit the time limit first) the run proves too little. */
    private static final int ENOUGH_KILLS = 8;

    @TempDir
    Path dir;

    @Test
    void killingTheNodeLosesNothingAndLeavesNothingBehind() throws Exception {
        HostRequirements.assumeRootWithLoopDevices("runs a node that mounts loop devices of a separate simulator");
        HostRequirements.assumeTools(HostRequirements.filesystemTools("ext4"));
        List<CampaignVolume.Kind> kinds = new ArrayList<>(List.of(CampaignVolume.Kind.EBS_EXT4, CampaignVolume.Kind.EBS_BLOCK,
                CampaignVolume.Kind.EFS));
        if (HostRequirements.missingTools(HostRequirements.filesystemTools("xfs")).isEmpty()) {
            kinds.add(CampaignVolume.Kind.EBS_XFS);
        }
        NodeCrashCampaign.Settings settings = new NodeCrashCampaign.Settings(KILLS, 1, kinds, 15, Duration.ofMillis(900),
                Duration.ofMillis(600), Duration.ofSeconds(120), Duration.ofSeconds(60), dir.resolve("campaign"), false);

        NodeCrashCampaign.Report report = NodeCrashCampaign.run(settings);

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        NodeCrashCampaign.print(report, new PrintStream(printed, true, StandardCharsets.UTF_8));
        String figures = printed.toString(StandardCharsets.UTF_8);
        System.out.println(figures);
        try {
            assertEquals(List.of(), report.violations(), figures);
            assertEquals(List.of(), report.leftoverMounts(), figures);
            assertEquals(List.of(), report.leftoverLoops(), figures);
            assertEquals(List.of(), report.attachedVolumes(), figures);
            assertEquals(List.of(), report.leftoverRecords(), figures);
            assertTrue(report.kills() >= ENOUGH_KILLS, "the node was killed only " + report.kills() + " times\n" + figures);
            for (String kind : List.of("NodeStageVolume", "NodePublishVolume", "NodeUnpublishVolume", "NodeUnstageVolume")) {
                assertTrue(report.count("ok." + kind) >= kinds.size(), kind + " hardly ran\n" + figures);
            }
            assertTrue(report.count("data.checked") > 0, "no data was checked after a crash\n" + figures);
        } finally {
            assertEquals(List.of(), Mounts.unmountAllUnder(dir), "mounts the campaign could not clean up");
            assertEquals(List.of(), HostState.detachLoopDevicesUnder(dir), "loop devices the campaign could not clean up");
        }
    }
}
