package dev.polycsi.launcher;

import dev.polycsi.core.mount.LinuxMounter;
import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.node.SimulatedMounter;
import dev.polycsi.simulator.storage.RemoteNetworkMounts;
import dev.polycsi.spi.AwsAccess;
import dev.polycsi.spi.mount.Mounter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code --simulate}: AWS calls go to a simulator (one this process starts, or the one at
 * {@code --simulator-url}), network mounts become bind mounts of its directories, and simulated
 * disks appear in its device directory, which an embedded and a standalone simulator sharing
 * {@code --simulator-data} agree on.
 */
final class SimulatedEnvironment implements HostEnvironment {

    private final Optional<EmbeddedSimulator> embedded;
    private final AwsAccess aws;
    private final Mounter mounter;
    private final Path deviceDir;

    private SimulatedEnvironment(Optional<EmbeddedSimulator> embedded, AwsAccess aws, Mounter mounter, Path deviceDir) {
        this.embedded = embedded;
        this.aws = aws;
        this.mounter = mounter;
        this.deviceDir = deviceDir;
    }

    static SimulatedEnvironment start(SimulatorOptions options) throws IOException {
        Path deviceDir = SimulatorConfig.defaults(options.dataDirOrDefault()).deviceDir();
        Mounter real = new LinuxMounter();
        if (options.url != null) {
            return new SimulatedEnvironment(Optional.empty(), AwsAccess.simulated(SimulatorConfig.DEFAULT_REGION, options.url),
                    new SimulatedMounter(real, new RemoteNetworkMounts(options.url)), deviceDir);
        }
        EmbeddedSimulator simulator = EmbeddedSimulator.start(options, 0);
        return new SimulatedEnvironment(Optional.of(simulator), simulator.aws(), simulator.mounter(real), deviceDir);
    }

    @Override
    public AwsAccess aws() {
        return aws;
    }

    @Override
    public Mounter mounter() {
        return mounter;
    }

    @Override
    public Path deviceDir() {
        return deviceDir;
    }

    @Override
    public void close() {
        embedded.ifPresent(EmbeddedSimulator::close);
    }
}
