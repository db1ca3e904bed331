package dev.polycsi.fsx.ontap.cloud;

import dev.polycsi.aws.client.AwsClients;
import dev.polycsi.aws.client.ClientConfig;
import dev.polycsi.core.conformance.MutableClock;
import dev.polycsi.simulator.AwsSimulator;
import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.fsx.FsxService;
import dev.polycsi.simulator.knobs.Knobs;
import dev.polycsi.simulator.storage.BlockStorage;
import dev.polycsi.spi.AwsAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.fsx.FSxClient;

/**
 * The simulator with FSx for ONTAP on it (its seeded file system and SVM), on a clock the test
 * moves, and {@link SdkOntapCloud}s built as the backend builds them. Public for the controller's
 * tests on the simulator.
 */
public final class SimulatedOntap implements AutoCloseable {

    /** Time that passes only when the test says; the simulator's and the controller's. */
    public final MutableClock clock = new MutableClock();
    private final AwsSimulator simulator;
    private final List<SdkOntapCloud> clouds = new ArrayList<>();

    /** With FSx's quotas but {@code volumesPerFileSystem} volumes per file system. */
    public SimulatedOntap(Path dir, int volumesPerFileSystem) {
        try {
            simulator = AwsSimulator.start(SimulatorConfig.defaults(dir).withPort(0), new Knobs(), BlockStorage.NONE,
                    List.of(context -> new FsxService(context, 100, 100, volumesPerFileSystem, 10_000)), clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SimulatedOntap(Path dir) {
        this(dir, 500);
    }

    public Knobs knobs() {
        return simulator.knobs();
    }

    public long calls(String action) {
        return simulator.counters().calls("fsx", action);
    }

    /** A cloud with two attempts per call (failures come back soon) and no merging of look-ups. */
    public SdkOntapCloud cloud() {
        AwsAccess access = AwsAccess.simulated("us-east-1", simulator.endpoint());
        FSxClient fsx = AwsClients.build(FSxClient.builder(), access, new ClientConfig(2, Duration.ofSeconds(10), Duration.ofSeconds(30)));
        SdkOntapCloud cloud = new SdkOntapCloud(fsx, Duration.ZERO);
        clouds.add(cloud);
        return cloud;
    }

    @Override
    public void close() {
        clouds.forEach(SdkOntapCloud::close);
        simulator.close();
    }
}
