package dev.polycsi.launcher;

import dev.polycsi.simulator.AwsSimulator;
import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.ec2.Ec2Service;
import dev.polycsi.simulator.efs.EfsService;
import dev.polycsi.simulator.fsx.FsxService;
import dev.polycsi.simulator.imds.ImdsService;
import dev.polycsi.simulator.knobs.Knobs;
import dev.polycsi.simulator.node.SimulatedMounter;
import dev.polycsi.simulator.storage.LoopBlockStorage;
import dev.polycsi.simulator.sts.StsService;
import dev.polycsi.spi.AwsAccess;
import dev.polycsi.spi.mount.Mounter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The AWS simulator running inside the driver (or alone, for {@code polycsi simulator}): the
 * backends get its endpoint through {@link AwsAccess}, and the node a mounter that turns network
 * mounts into bind mounts of the simulator's directories. Backends do not know the difference.
 */
final class EmbeddedSimulator implements AutoCloseable {

    private final AwsSimulator simulator;
    private final SimulatorConfig config;

    private EmbeddedSimulator(AwsSimulator simulator, SimulatorConfig config) {
        this.simulator = simulator;
        this.config = config;
    }

    static EmbeddedSimulator start(SimulatorOptions options, int port) throws IOException {
        Knobs knobs = new Knobs();
        if (options.knobsFile != null) {
            knobs.setAll(readKnobsFile(options.knobsFile));
        }
        for (String knob : options.knobs) {
            knobs.setAll(knob);
        }
        if (options.instances < 1 || options.instances > SimulatorConfig.MAX_INSTANCES) {
            throw new IllegalArgumentException("--simulator-instances " + options.instances + ": give 1 to " + SimulatorConfig.MAX_INSTANCES);
        }
        SimulatorConfig config = SimulatorConfig.defaults(options.dataDirOrDefault()).withPort(port).withInstanceCount(options.instances);
        if (options.stateDir != null) {
            config = config.withStateDir(options.stateDir);
        }
        Files.createDirectories(config.dataDir());
        Files.createDirectories(config.deviceDir());
        AwsSimulator simulator = AwsSimulator.start(config, knobs, new LoopBlockStorage(config),
                List.of(ImdsService::new, Ec2Service::new, EfsService::new, FsxService::new, StsService::new));
        return new EmbeddedSimulator(simulator, config);
    }

    private static String readKnobsFile(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("--knobs-file " + file + ": " + Main.reason(e), e);
        }
    }

    AwsAccess aws() {
        return AwsAccess.simulated(config.region(), simulator.endpoint());
    }

    /** The real mounter for block devices and bind mounts; simulated directories for network file systems. */
    Mounter mounter(Mounter real) {
        return new SimulatedMounter(real, simulator.networkMounts());
    }

    /** The simulated instance, which the node runs on. */
    String instanceId() {
        return config.instanceId();
    }

    SimulatorConfig config() {
        return config;
    }

    java.net.URI endpoint() {
        return simulator.endpoint();
    }

    @Override
    public void close() {
        simulator.close();
    }
}
