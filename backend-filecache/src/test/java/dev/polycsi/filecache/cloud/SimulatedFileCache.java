package dev.polycsi.filecache.cloud;

import dev.polycsi.aws.client.AwsClients;
import dev.polycsi.aws.client.ClientConfig;
import dev.polycsi.core.conformance.MutableClock;
import dev.polycsi.filecache.params.CacheSettings;
import dev.polycsi.filecache.params.VolumeParameters;
import dev.polycsi.fsx.support.FsxTags;
import dev.polycsi.simulator.AwsSimulator;
import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.fsx.FsxService;
import dev.polycsi.simulator.imds.ImdsService;
import dev.polycsi.simulator.knobs.Knobs;
import dev.polycsi.simulator.storage.BlockStorage;
import dev.polycsi.spi.AwsAccess;
import dev.polycsi.spi.controller.CapacityRange;
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
 * The simulator with FSx (and IMDS, for the node) on it, on a clock the test moves, and
 * {@link SdkFileCacheCloud}s built as the backend builds them (AwsClients, the simulator's region,
 * endpoint and credentials). Public for the controller's and the factory's tests on the simulator.
 */
public final class SimulatedFileCache implements AutoCloseable {

    /** The simulated account's subnet and security group in us-east-1a. */
    public static final String SUBNET = "subnet-0123456789abcdef0";
    static final String SECURITY_GROUP = "sg-0123456789abcdef0";
    public static final String S3 = "FileCachePath=/ns1/,DataRepositoryPath=s3://training-data/set1/";

    public final MutableClock clock = new MutableClock();
    final AwsSimulator simulator;
    private final List<SdkFileCacheCloud> clouds = new ArrayList<>();

    public SimulatedFileCache(Path dir, int fileCacheLimit) {
        try {
            simulator = AwsSimulator.start(SimulatorConfig.defaults(dir).withPort(0), new Knobs(), BlockStorage.NONE,
                    List.of(ImdsService::new, context -> new FsxService(context, 100, fileCacheLimit)), clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SimulatedFileCache(Path dir) {
        this(dir, 100);
    }

    public Knobs knobs() {
        return simulator.knobs();
    }

    public long calls(String action) {
        return simulator.counters().calls("fsx", action);
    }

    /** How to reach the simulator, as the driver's {@code --simulate} gives it to the backend. */
    public AwsAccess access() {
        return AwsAccess.simulated("us-east-1", simulator.endpoint());
    }

    /** A cloud with two attempts per call (failures come back soon) and no merging of look-ups. */
    public SdkFileCacheCloud cloud() {
        return cloud(Duration.ZERO, SdkFileCacheCloud.PAGE_SIZE);
    }

    SdkFileCacheCloud cloud(Duration window, int pageSize) {
        SdkFileCacheCloud cloud = new SdkFileCacheCloud(client(), window, pageSize);
        clouds.add(cloud);
        return cloud;
    }

    /** The SDK's own client on the simulator, to see FSx as anyone else would. */
    FSxClient client() {
        return AwsClients.build(FSxClient.builder(), access(), new ClientConfig(2, Duration.ofSeconds(10), Duration.ofSeconds(30)));
    }

    /** The settings of a StorageClass with subnetId, one S3 association and {@code pairs} (key, value, …), for a volume without a size. */
    static CacheSettings settings(String... pairs) {
        Map<String, String> raw = new HashMap<>(Map.of("subnetId", SUBNET, "dataRepositoryAssociations", S3));
        for (int i = 0; i < pairs.length; i += 2) {
            raw.put(pairs[i], pairs[i + 1]);
        }
        return VolumeParameters.resolve(VolumeParameters.SCHEMA.parse(raw), CapacityRange.ANY);
    }

    /** A CreateFileCache for volume {@code name}, tagged with it as the controller tags. */
    static NewCache request(String name, String token, CacheSettings settings) {
        Map<String, String> tags = new LinkedHashMap<>(settings.extraTags());
        tags.put(FsxTags.VOLUME_NAME_TAG, name);
        return new NewCache(token, settings, tags);
    }

    @Override
    public void close() {
        clouds.forEach(SdkFileCacheCloud::close);
        simulator.close();
    }
}
