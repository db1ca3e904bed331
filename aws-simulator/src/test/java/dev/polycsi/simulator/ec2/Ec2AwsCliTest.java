package dev.polycsi.simulator.ec2;

import static dev.polycsi.simulator.ec2.Ec2Fixture.ZONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.polycsi.simulator.SimulatorConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS CLI (botocore, another reader of the EC2 model) against the simulated EC2, for the
 * restore and snapshot protection actions. Skipped where {@code aws} is not installed.
 */
class Ec2AwsCliTest {

    /** Any non-zero exit: CLI v1 exits 255 on a service error, v2 254. */
    private static final int FAILED = -1;

    @TempDir
    Path dataDir;

    private Ec2Fixture sim;

    @BeforeEach
    void start() {
        assumeTrue(awsOnPath(), "the AWS CLI is not installed");
        sim = Ec2Fixture.start(SimulatorConfig.defaults(dataDir));
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void theCliRestoresAtARateAndSeesTheInitialization() throws Exception {
        sim.knobs().set("delay.volume.initialized", "1h");
        String snapshotId = aws(0, "ec2", "create-snapshot", "--volume-id", sim.createVolume(), "--query", "SnapshotId", "--output", "text").strip();

        String volumeId = aws(0, "ec2", "create-volume", "--availability-zone", ZONE, "--snapshot-id", snapshotId,
                "--volume-initialization-rate", "150", "--query", "VolumeId", "--output", "text").strip();

        assertEquals("150", aws(0, "ec2", "describe-volumes", "--volume-ids", volumeId, "--query", "Volumes[0].VolumeInitializationRate",
                "--output", "text").strip());
        assertEquals("initializing\tprovisioned-rate", aws(0, "ec2", "describe-volume-status", "--volume-ids", volumeId, "--query",
                "VolumeStatuses[0].[VolumeStatus.Details[?Name=='initialization-state'].Status | [0], InitializationStatusDetails.InitializationType]",
                "--output", "text").strip());
        String refused = aws(FAILED, "ec2", "create-volume", "--availability-zone", ZONE, "--size", "10", "--volume-initialization-rate", "150");
        assertTrue(refused.contains("InvalidParameterCombination"), refused);
    }

    @Test
    void theCliLocksEnablesFastRestoreAndCannotDeleteALockedSnapshot() throws Exception {
        String snapshotId = aws(0, "ec2", "create-snapshot", "--volume-id", sim.createVolume(), "--query", "SnapshotId", "--output", "text").strip();

        assertEquals("compliance-cooloff", aws(0, "ec2", "lock-snapshot", "--snapshot-id", snapshotId, "--lock-mode", "compliance",
                "--lock-duration", "2", "--cool-off-period", "1", "--query", "LockState", "--output", "text").strip());
        assertEquals("enabling", aws(0, "ec2", "enable-fast-snapshot-restores", "--source-snapshot-ids", snapshotId, "--availability-zones",
                ZONE, "--query", "Successful[0].State", "--output", "text").strip());
        assertEquals(ZONE, aws(0, "ec2", "describe-fast-snapshot-restores", "--query", "FastSnapshotRestores[0].AvailabilityZone",
                "--output", "text").strip());
        assertEquals(snapshotId, aws(0, "ec2", "describe-locked-snapshots", "--query", "Snapshots[0].SnapshotId", "--output", "text").strip());

        String refused = aws(FAILED, "ec2", "delete-snapshot", "--snapshot-id", snapshotId);
        assertTrue(refused.contains("SnapshotLocked"), refused);
        aws(0, "ec2", "unlock-snapshot", "--snapshot-id", snapshotId);
        aws(0, "ec2", "delete-snapshot", "--snapshot-id", snapshotId);
    }

    /** Runs the CLI against the simulator with throwaway credentials; its output and error together. */
    private String aws(int expectedExit, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", sim.simulator.endpoint().toString(), "--region", "us-east-1"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.put("AWS_ACCESS_KEY_ID", "test");
        environment.put("AWS_SECRET_ACCESS_KEY", "test");
        environment.put("AWS_CONFIG_FILE", dataDir.resolve("no-config").toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", dataDir.resolve("no-credentials").toString());
        environment.put("AWS_MAX_ATTEMPTS", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the CLI did not finish");
        if (expectedExit == FAILED) {
            assertTrue(process.exitValue() != 0, output);
        } else {
            assertEquals(expectedExit, process.exitValue(), output);
        }
        return output;
    }

    private static boolean awsOnPath() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(":")).filter(dir -> !dir.isEmpty()).anyMatch(dir -> Files.isExecutable(Path.of(dir, "aws")));
    }
}
