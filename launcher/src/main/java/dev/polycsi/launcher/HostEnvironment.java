package dev.polycsi.launcher;

import dev.polycsi.core.mount.LinuxMounter;
import dev.polycsi.spi.AwsAccess;
import dev.polycsi.spi.mount.Mounter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a driver process's AWS calls, mounts and disks go: AWS and this host, or a simulator.
 * The simulated side is a class of its own so that a driver on AWS never loads simulator code.
 */
interface HostEnvironment extends AutoCloseable {

    AwsAccess aws();

    Mounter mounter();

    /** Where attached EBS volumes appear by id. */
    Path deviceDir();

    @Override
    void close();

    static HostEnvironment of(DriverSettings settings) throws IOException {
        if (settings.simulator().isPresent()) {
            return SimulatedEnvironment.start(settings.simulator().get());
        }
        return new OnAws();
    }

    /** The instance's own credentials and metadata, the kernel's mounts, its disks. */
    final class OnAws implements HostEnvironment {
        private final Mounter mounter = new LinuxMounter();

        @Override
        public AwsAccess aws() {
            return AwsAccess.DEFAULT;
        }

        @Override
        public Mounter mounter() {
            return mounter;
        }

        @Override
        public Path deviceDir() {
            return Path.of("/dev/disk/by-id");
        }

        @Override
        public void close() {
        }
    }
}
