package dev.polycsi.launcher;

import csi.v1.Csi;
import dev.polycsi.core.conformance.CsiConformanceSuite;
import dev.polycsi.core.conformance.DriverUnderTest;
import dev.polycsi.core.conformance.HostRequirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;

/**
 * The CSI conformance suite against {@code polycsi all --simulate} with the built-in EBS backend:
 * the real EC2 SDK client against the simulator, volumes as sparse files that become loop
 * devices when attached, real mkfs, fsck and mounts (root). Run for ext4, xfs and raw block.
 */
class EbsConformanceTest {

    /** The simulated driver with the EBS backend alone, its simulator data in the suite's directory. */
    static DriverUnderTest startSimulated(Path workDir) throws Exception {
        return SubprocessDriver.start(workDir, Duration.ofSeconds(60), List.of("all",
                "--simulate",
                "--simulator-data", workDir.resolve("simulator").toString(),
                "--backends", "ebs"));
    }

    static Csi.VolumeCapability mount(String fsType) {
        return Csi.VolumeCapability.newBuilder()
                .setMount(Csi.VolumeCapability.MountVolume.newBuilder().setFsType(fsType))
                .setAccessMode(Csi.VolumeCapability.AccessMode.newBuilder()
                        .setMode(Csi.VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER))
                .build();
    }

    /** capabilities(7): the bit of CAP_SYS_RESOURCE, which the kernel asks of online ext4 resizing. */
    private static final int CAP_SYS_RESOURCE = 24;

    static Optional<String> withoutCapSysResource() {
        try {
            String effective = Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("CapEff:")).map(line -> line.substring("CapEff:".length()).strip())
                    .findFirst().orElse("0");
            boolean has = (Long.parseUnsignedLong(effective, 16) & (1L << CAP_SYS_RESOURCE)) != 0;
            return has ? Optional.empty()
                    : Optional.of("growing a mounted ext4 needs CAP_SYS_RESOURCE, which this root lacks (a node pod has it)");
        } catch (IOException e) {
            return Optional.of("cannot read /proc/self/status: " + e.getMessage());
        }
    }

    /** The suite on the simulated EBS backend; the nested classes pick the capability. */
    abstract static class OnSimulatedEbs extends CsiConformanceSuite {
        @Override
        protected DriverUnderTest startDriver(Path workDir) throws Exception {
            return startSimulated(workDir);
        }

        @Override
        protected Map<String, String> storageClassParameters() {
            return Map.of("backend", "ebs", "type", "gp3");
        }

        /** Volumes are loop devices; a filesystem capability adds the tools that format and grow it. */
        @Override
        protected List<String> nodeTools() {
            List<String> tools = new ArrayList<>(HostRequirements.LOOP_DEVICE_TOOLS);
            if (capability().hasMount()) {
                tools.addAll(HostRequirements.filesystemTools(capability().getMount().getFsType()));
            }
            return tools;
        }

        /** A filesystem made on a whole EBS volume is as large as the volume. */
        @Override
        protected boolean filesystemSizeFollowsCapacity() {
            return true;
        }
    }

    @Nested
    class Ext4 extends OnSimulatedEbs {
        @Override
        protected Csi.VolumeCapability capability() {
            return mount("ext4");
        }

        @Override
        protected Optional<String> onlineExpansionUnsupportedReason() {
            return withoutCapSysResource();
        }
    }

    @Nested
    class Xfs extends OnSimulatedEbs {
        @Override
        protected Csi.VolumeCapability capability() {
            return mount("xfs");
        }
    }

    @Nested
    class Block extends OnSimulatedEbs {
        @Override
        protected Csi.VolumeCapability capability() {
            return Csi.VolumeCapability.newBuilder()
                    .setBlock(Csi.VolumeCapability.BlockVolume.getDefaultInstance())
                    .setAccessMode(Csi.VolumeCapability.AccessMode.newBuilder()
                            .setMode(Csi.VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER))
                    .build();
        }
    }
}
