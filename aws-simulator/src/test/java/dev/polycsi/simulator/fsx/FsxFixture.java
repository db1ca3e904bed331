package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.AwsSimulator;
import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.knobs.Knobs;
import dev.polycsi.simulator.storage.BlockStorage;
import dev.polycsi.simulator.storage.NetworkMountResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.fsx.FSxClient;
import software.amazon.awssdk.services.fsx.FSxClientBuilder;
import software.amazon.awssdk.services.fsx.model.Backup;
import software.amazon.awssdk.services.fsx.model.CreateFileCacheLustreConfiguration;
import software.amazon.awssdk.services.fsx.model.CreateOntapVolumeConfiguration;
import software.amazon.awssdk.services.fsx.model.CreateFileCacheRequest;
import software.amazon.awssdk.services.fsx.model.CreateFileSystemRequest;
import software.amazon.awssdk.services.fsx.model.FileCache;
import software.amazon.awssdk.services.fsx.model.FileCacheCreating;
import software.amazon.awssdk.services.fsx.model.FileCacheDataRepositoryAssociation;
import software.amazon.awssdk.services.fsx.model.FileCacheLustreDeploymentType;
import software.amazon.awssdk.services.fsx.model.FileCacheType;
import software.amazon.awssdk.services.fsx.model.FileSystem;
import software.amazon.awssdk.services.fsx.model.FileSystemType;
import software.amazon.awssdk.services.fsx.model.LustreDeploymentType;
import software.amazon.awssdk.services.fsx.model.NfsVersion;
import software.amazon.awssdk.services.fsx.model.Volume;
import software.amazon.awssdk.services.fsx.model.VolumeType;

/**
 * A simulator with only FSx on it, on a clock the test moves, and real SDK {@code FSxClient}s
 * with every endpoint, region and credential explicit.
 */
final class FsxFixture implements AutoCloseable {

    /** The simulated account's subnets in us-east-1a and us-east-1b. */
    static final String SUBNET_A = "subnet-0123456789abcdef0";
    static final String SUBNET_B = "subnet-0123456789abcdef1";
    static final String SECURITY_GROUP = "sg-0123456789abcdef0";

    final AwsSimulator simulator;
    final ManualClock clock;
    /** No retries: every error reaches the test as it left the simulator. */
    final FSxClient fsx;
    final Path dataDir;

    static FsxFixture start(Path dataDir) {
        return start(SimulatorConfig.defaults(dataDir), FsxState.FILE_SYSTEMS_PER_ACCOUNT, new ManualClock());
    }

    static FsxFixture start(SimulatorConfig config, int fileSystemLimit, ManualClock clock) {
        return start(config, fileSystemLimit, FsxState.FILE_CACHES_PER_ACCOUNT, clock);
    }

    static FsxFixture start(SimulatorConfig config, int fileSystemLimit, int fileCacheLimit, ManualClock clock) {
        return start(config, fileSystemLimit, fileCacheLimit, OntapState.VOLUMES_PER_FILE_SYSTEM, OntapState.USER_INITIATED_BACKUPS, clock);
    }

    /** With small quotas of ONTAP volumes per file system and of backups, to reach them cheaply. */
    static FsxFixture startWithOntapLimits(Path dataDir, int volumesPerFileSystem, int backups) {
        return start(SimulatorConfig.defaults(dataDir), FsxState.FILE_SYSTEMS_PER_ACCOUNT, FsxState.FILE_CACHES_PER_ACCOUNT,
                volumesPerFileSystem, backups, new ManualClock());
    }

    private static FsxFixture start(SimulatorConfig config, int fileSystemLimit, int fileCacheLimit, int volumeLimit, int backupLimit,
            ManualClock clock) {
        try {
            AwsSimulator simulator = AwsSimulator.start(config, new Knobs(), BlockStorage.NONE,
                    List.of(context -> new FsxService(context, fileSystemLimit, fileCacheLimit, volumeLimit, backupLimit)), clock);
            return new FsxFixture(simulator, clock, config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FsxFixture(AwsSimulator simulator, ManualClock clock, Path dataDir) {
        this.simulator = simulator;
        this.clock = clock;
        this.dataDir = dataDir;
        this.fsx = client(b -> b.overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())));
    }

    /** A client with the SDK's standard retries, which retry throttling. */
    FSxClient retryingClient() {
        return client(b -> b.overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.standardRetryStrategy())));
    }

    private FSxClient client(Consumer<FSxClientBuilder> settings) {
        FSxClientBuilder builder = FSxClient.builder()
                .endpointOverride(simulator.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create());
        settings.accept(builder);
        return builder.build();
    }

    Knobs knobs() {
        return simulator.knobs();
    }

    NetworkMountResolver mounts() {
        return ((FsxService) simulator.services().getFirst()).mounts();
    }

    /** A file system's, cache's or ONTAP volume's data. */
    Path fileSystemDirectory(String fileSystemId) {
        return dataDir.resolve("fsx").resolve(fileSystemId);
    }

    /** A backup's copy of its volume's data. */
    Path backupDirectory(String backupId) {
        return dataDir.resolve("fsx/backups").resolve(backupId);
    }

    /** The ids DescribeFileSystems lists, every page. */
    List<String> fileSystemIds() {
        return fsx.describeFileSystemsPaginator(r -> { }).stream().flatMap(page -> page.fileSystems().stream())
                .map(FileSystem::fileSystemId).toList();
    }

    /** What DescribeFileSystems lists besides the Lustre file systems {@code ids}: the seeded ONTAP one, first. */
    static List<String> withOntapSeed(List<String> ids) {
        List<String> all = new ArrayList<>();
        all.add(OntapSeed.FILE_SYSTEM_ID);
        all.addAll(ids);
        return all;
    }

    /**
     * The body of a signed AWS JSON 1.1 call, as any client (not only the Java SDK) reads it: to
     * see which members an answer has at all.
     */
    String rawCall(String action, String body) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(simulator.endpoint() + "/"))
                    .header("X-Amz-Target", FsxService.TARGET_PREFIX + action)
                    .header("Content-Type", FsxJson.CONTENT_TYPE)
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/fsx/aws4_request, SignedHeaders=host, Signature=0")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A 1200 GiB SCRATCH_2 file system in us-east-1a, changed by {@code more}. */
    FileSystem create(String token, Consumer<CreateFileSystemRequest.Builder> more) {
        return fsx.createFileSystem(r -> {
            r.clientRequestToken(token).fileSystemType(FileSystemType.LUSTRE).storageCapacity(1200).subnetIds(SUBNET_A)
                    .lustreConfiguration(l -> l.deploymentType(LustreDeploymentType.SCRATCH_2));
            more.accept(r);
        }).fileSystem();
    }

    FileSystem create(String token) {
        return create(token, r -> { });
    }

    /** A PERSISTENT_2 file system at 125 MB/s/TiB, growable by 2400 GiB. */
    FileSystem createPersistent(String token) {
        return create(token, r -> r.lustreConfiguration(l -> l.deploymentType(LustreDeploymentType.PERSISTENT_2).perUnitStorageThroughput(125)));
    }

    FileSystem describe(String fileSystemId) {
        return fsx.describeFileSystems(r -> r.fileSystemIds(fileSystemId)).fileSystems().getFirst();
    }

    /** The one Lustre configuration a cache can have. */
    static final CreateFileCacheLustreConfiguration CACHE_1 = CreateFileCacheLustreConfiguration.builder()
            .deploymentType(FileCacheLustreDeploymentType.CACHE_1).perUnitStorageThroughput(1000)
            .metadataConfiguration(m -> m.storageCapacity(2400)).build();

    /** A 1200 GiB cache in us-east-1a linking {@code s3://training-data/images/} at {@code /images}, changed by {@code more}. */
    FileCacheCreating createCache(String token, Consumer<CreateFileCacheRequest.Builder> more) {
        return fsx.createFileCache(r -> {
            r.clientRequestToken(token).fileCacheType(FileCacheType.LUSTRE).fileCacheTypeVersion("2.12").storageCapacity(1200)
                    .subnetIds(SUBNET_A).lustreConfiguration(CACHE_1)
                    .dataRepositoryAssociations(s3("/images", "s3://training-data/images/"));
            more.accept(r);
        }).fileCache();
    }

    FileCacheCreating createCache(String token) {
        return createCache(token, r -> { });
    }

    FileCache describeCache(String fileCacheId) {
        return fsx.describeFileCaches(r -> r.fileCacheIds(fileCacheId)).fileCaches().getFirst();
    }

    static FileCacheDataRepositoryAssociation s3(String cachePath, String repositoryPath) {
        return FileCacheDataRepositoryAssociation.builder().fileCachePath(cachePath).dataRepositoryPath(repositoryPath).build();
    }

    /** An NFSv3 association; with subdirectories, {@code repositoryPath} is the filer's {@code nfs://host}. */
    static FileCacheDataRepositoryAssociation nfs(String cachePath, String repositoryPath, String... subdirectories) {
        FileCacheDataRepositoryAssociation.Builder builder = FileCacheDataRepositoryAssociation.builder().fileCachePath(cachePath)
                .dataRepositoryPath(repositoryPath).nfs(n -> n.version(NfsVersion.NFS3));
        if (subdirectories.length > 0) {
            builder.dataRepositorySubdirectories(subdirectories);
        }
        return builder.build();
    }

    /**
     * A 1 GiB RW FlexVol volume named {@code name} on the seeded SVM at {@code /<name>}, storage
     * efficiency on, changed by {@code more}.
     */
    Volume createVolume(String token, String name, Consumer<CreateOntapVolumeConfiguration.Builder> more) {
        return fsx.createVolume(r -> r.clientRequestToken(token).volumeType(VolumeType.ONTAP).name(name).ontapConfiguration(ontap(name, more)))
                .volume();
    }

    Volume createVolume(String token, String name) {
        return createVolume(token, name, o -> { });
    }

    static CreateOntapVolumeConfiguration ontap(String name, Consumer<CreateOntapVolumeConfiguration.Builder> more) {
        CreateOntapVolumeConfiguration.Builder builder = CreateOntapVolumeConfiguration.builder()
                .storageVirtualMachineId(OntapSeed.SVM_ID).junctionPath("/" + name).sizeInMegabytes(1024).storageEfficiencyEnabled(true);
        more.accept(builder);
        return builder.build();
    }

    Volume describeVolume(String volumeId) {
        return fsx.describeVolumes(r -> r.volumeIds(volumeId)).volumes().getFirst();
    }

    Backup createBackup(String token, String volumeId) {
        return fsx.createBackup(r -> r.clientRequestToken(token).volumeId(volumeId)).backup();
    }

    Backup describeBackup(String backupId) {
        return fsx.describeBackups(r -> r.backupIds(backupId)).backups().getFirst();
    }

    /** The NFS mount source of a junction path on the seeded SVM, by its DNS name. */
    static String nfsSource(String junctionPath) {
        return OntapSeed.nfsSource("us-east-1", junctionPath);
    }

    @Override
    public void close() {
        fsx.close();
        simulator.close();
    }
}
