package dev.polycsi.efs.controller;

import dev.polycsi.efs.cloud.SdkEfsCloud;
import dev.polycsi.simulator.AwsSimulator;
import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.efs.EfsService;
import dev.polycsi.simulator.imds.ImdsService;
import dev.polycsi.simulator.knobs.Knobs;
import dev.polycsi.simulator.storage.BlockStorage;
import dev.polycsi.spi.AwsAccess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The AWS simulator with EFS and IMDS, in this JVM, and clients of it as the backend builds them. */
final class SimulatedEfs implements AutoCloseable {

    final AwsSimulator simulator;
    final SimulatorConfig config;
    final AwsAccess aws;

    SimulatedEfs(Path dataDir) throws IOException {
        config = SimulatorConfig.defaults(dataDir).withPort(0);
        simulator = AwsSimulator.start(config, new Knobs(), BlockStorage.NONE, List.of(EfsService::new, ImdsService::new));
        aws = AwsAccess.simulated(config.region(), simulator.endpoint());
    }

    /** A new client, as a restarted controller would have; two attempts so that failures come back soon. */
    SdkEfsCloud cloud() {
        return SdkEfsCloud.create(aws, 2);
    }

    /** Where the simulator keeps the data of the file system. */
    Path fileSystemDirectory(String fileSystemId) {
        return config.dataDir().resolve("efs").resolve(fileSystemId);
    }

    @Override
    public void close() {
        simulator.close();
    }
}
