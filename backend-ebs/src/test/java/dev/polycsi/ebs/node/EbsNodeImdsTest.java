package dev.polycsi.ebs.node;

import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.node.UnstageRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.core.conformance.HostRequirements;
import dev.polycsi.core.mount.LinuxMounter;
import dev.polycsi.simulator.AwsSimulator;
import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.imds.ImdsService;
import dev.polycsi.simulator.knobs.Knobs;
import dev.polycsi.simulator.storage.BlockStorage;
import dev.polycsi.simulator.storage.LoopBlockStorage;
import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.AwsAccess;
import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.mount.Mounter;
import dev.polycsi.spi.node.NodeDetails;
import dev.polycsi.spi.node.NodeOps;
import dev.polycsi.spi.node.StageRequest;
import dev.polycsi.spi.param.Parameters;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EbsNode.create as the backend calls it: identity from the simulator's IMDS, devices in the simulator's device directory. */
class EbsNodeImdsTest {

    static final NodeOptions DEFAULTS = new NodeOptions(Optional.empty(), Optional.empty(), false);

    @TempDir
    Path dir;

    record Context(String nodeId, AwsAccess aws, Path diskByIdDirectory, Mounter mounter) implements BackendContext {
        @Override
        public String driverName() {
            return "aws.polycsi.dev";
        }

        @Override
        public Set<Role> roles() {
            return Set.of(Role.NODE);
        }

        @Override
        public Parameters options() {
            return Parameters.none();
        }
    }

    @Test
    void createReadsTheInstanceFromImdsAndStagesFromTheContextsDeviceDirectory() throws IOException {
        SimulatorConfig config = SimulatorConfig.defaults(dir).withPort(0);
        boolean root = LoopBlockStorage.runningAsRoot();
        LoopBlockStorage storage = new LoopBlockStorage(config.dataDir(), config.deviceDir(), root);
        Mounter mounter = new LinuxMounter();
        Path staging = dir.resolve("staging");
        String volume = "vol-0c0ffee0c0ffee001";
        try (AwsSimulator simulator = AwsSimulator.start(config, new Knobs(), BlockStorage.NONE, List.of(ImdsService::new))) {
            NodeOps node = EbsNode.create(new Context(SimulatorConfig.DEFAULT_INSTANCE, AwsAccess.simulated(config.region(),
                    simulator.endpoint()), config.deviceDir(), mounter), DEFAULTS);

            NodeDetails details = node.details();
            assertEquals(Map.of("topology.kubernetes.io/zone", "us-east-1a"), details.topology());
            // m5.large: 27 shared slots with its one ENI, less the root; the simulated mapping lists no ebsN volumes
            assertEquals(26, details.maxVolumes());
            assertEquals(new InstanceIdentity(SimulatorConfig.DEFAULT_INSTANCE, "m5.large", "us-east-1a", 0, 1),
                    ((EbsNode) node).identity());

            if (root && formatOptionsAvailable() && toolsToStageExt4()) {
                storage.create(volume, 64L << 20, Optional.empty());
                storage.attach(volume);
                node.stage(new StageRequest(volume, staging, VolumeCapability.filesystem("", AccessMode.SINGLE_NODE_WRITER),
                        Map.of("devicePath", "/dev/xvdaa"), Map.of(), Secrets.none(), Deadline.NONE));
                assertEquals("ext4", mounter.findMount(staging).orElseThrow().fsType());
                node.unstage(new UnstageRequest(volume, staging, Deadline.NONE));
                assertFalse(mounter.isMounted(staging));
            }
        } finally {
            if (root) {
                mounter.unmount(staging);
                storage.delete(volume);
            }
        }
    }

    /** The stage formats ext4 on a loop device; without the tools for it only that part is left out, saying why. */
    static boolean toolsToStageExt4() {
        List<String> tools = Stream.concat(HostRequirements.LOOP_DEVICE_TOOLS.stream(), HostRequirements.filesystemTools("ext4").stream())
                .toList();
        Optional<String> missing = HostRequirements.missingTools(tools);
        missing.ifPresent(reason -> System.err.println("skipping the stage through EbsNode.create: " + reason));
        return missing.isEmpty();
    }

    /** FormatOptions comes from another branch; until it is merged it throws, and staging through create cannot run. */
    static boolean formatOptionsAvailable() {
        try {
            FormatArguments.FROM_VOLUME_CONTEXT.of(Map.of(), "ext4", false);
            return true;
        } catch (UnsupportedOperationException e) {
            System.err.println("FormatOptions is not written yet on this branch; skipping the stage through EbsNode.create");
            return false;
        }
    }

    @Test
    void aMissingImdsFailsWithinSecondsSayingWhere() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort);
        AwsAccess access = new AwsAccess(Optional.of("us-east-1"), Optional.of(nowhere), Optional.of(nowhere), Optional.empty(),
                Optional.empty());
        long start = System.nanoTime();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> EbsNode.create(new Context("i-0123456789abcdef0", access, dir, new RecordingMounter()), DEFAULTS));
        long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(e.getMessage().contains(nowhere.toString()) && e.getMessage().contains("instance-id"), e.getMessage());
        assertTrue(took < 10_000, "took " + took + " ms");
    }
}
