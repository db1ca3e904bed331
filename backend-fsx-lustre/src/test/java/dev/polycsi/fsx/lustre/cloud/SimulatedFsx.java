package dev.polycsi.fsx.lustre.cloud;

import dev.polycsi.aws.client.AwsClients;
import dev.polycsi.aws.client.ClientConfig;
import dev.polycsi.core.conformance.MutableClock;
import dev.polycsi.fsx.lustre.params.LustreSettings;
import dev.polycsi.fsx.lustre.params.MutableParameters;
import dev.polycsi.fsx.lustre.params.VolumeParameters;
import dev.polycsi.fsx.support.FsxTags;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.fsx.FSxClient;

/**
 * The simulator with FSx on it, on a clock the test moves, and {@link SdkLustreCloud}s built as
 * the backend builds them (AwsClients, the simulator's region, endpoint and credentials). Public
 * for the controller's tests on the simulator.
 */
public final class SimulatedFsx implements AutoCloseable {

    /** The simulated account's subnet and security group in us-east-1a. */
    public static final String SUBNET = "subnet-0123456789abcdef0";
    static final String SECURITY_GROUP = "sg-0123456789abcdef0";

    /** Time that passes only when the test says; the simulator's and the controller's. */
    public final MutableClock clock = new MutableClock();
    final AwsSimulator simulator;
    private final List<SdkLustreCloud> clouds = new ArrayList<>();

    public SimulatedFsx(Path dir, int fileSystemLimit) {
        try {
            simulator = AwsSimulator.start(SimulatorConfig.defaults(dir).withPort(0), new Knobs(), BlockStorage.NONE,
                    List.of(context -> new FsxService(context, fileSystemLimit)), clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SimulatedFsx(Path dir) {
        this(dir, 100);
    }

    public Knobs knobs() {
        return simulator.knobs();
    }

    public long calls(String action) {
        return simulator.counters().calls("fsx", action);
    }

    /** A cloud with two attempts per call (failures come back soon) and no merging of look-ups. */
    public SdkLustreCloud cloud() {
        return cloud(Duration.ZERO, SdkLustreCloud.PAGE_SIZE);
    }

    SdkLustreCloud cloud(Duration window, int pageSize) {
        AwsAccess access = AwsAccess.simulated("us-east-1", simulator.endpoint());
        FSxClient fsx = AwsClients.build(FSxClient.builder(), access, new ClientConfig(2, Duration.ofSeconds(10), Duration.ofSeconds(30)));
        SdkLustreCloud cloud = new SdkLustreCloud(fsx, window, pageSize);
        clouds.add(cloud);
        return cloud;
    }

    /** The settings of a StorageClass with subnetId and {@code pairs} (key, value, …). */
    static LustreSettings settings(String... pairs) {
        Map<String, String> raw = new HashMap<>(Map.of("subnetId", SUBNET));
        for (int i = 0; i < pairs.length; i += 2) {
            raw.put(pairs[i], pairs[i + 1]);
        }
        return VolumeParameters.resolve(VolumeParameters.SCHEMA.parse(raw), MutableParameters.SCHEMA.parse(Map.of()));
    }

    /** A CreateFileSystem for volume {@code name}, tagged with it as the controller tags. */
    static NewFileSystem request(String name, String token, long capacityGiB, LustreSettings settings) {
        Map<String, String> tags = new LinkedHashMap<>(settings.extraTags());
        tags.put(FsxTags.VOLUME_NAME_TAG, name);
        return new NewFileSystem(token, capacityGiB, settings, tags);
    }

    @Override
    public void close() {
        clouds.forEach(SdkLustreCloud::close);
        simulator.close();
    }
}
