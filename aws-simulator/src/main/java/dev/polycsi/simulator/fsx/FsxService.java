package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.SimContext;
import dev.polycsi.simulator.http.AwsError;
import dev.polycsi.simulator.http.AwsService;
import dev.polycsi.simulator.http.SimRequest;
import dev.polycsi.simulator.http.SimResponse;
import dev.polycsi.simulator.storage.NetworkMountProvider;
import dev.polycsi.simulator.storage.NetworkMountResolver;
import dev.polycsi.simulator.storage.NetworkMounts;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Amazon FSx (AWS JSON 1.1, {@code POST /} with {@code X-Amz-Target: AWSSimbaAPIService_v20180301.<Action>},
 * signing name {@code fsx}) for FSx for Lustre file systems, Amazon File Caches and FSx for NetApp
 * ONTAP volumes, for the SDK's {@code FSxClient}: CreateFileSystem, DescribeFileSystems,
 * UpdateFileSystem, DeleteFileSystem, CreateFileCache, DescribeFileCaches, DeleteFileCache,
 * DescribeDataRepositoryAssociations (a cache's), DescribeStorageVirtualMachines, CreateVolume,
 * CreateVolumeFromBackup, DescribeVolumes, UpdateVolume, DeleteVolume, CreateBackup,
 * DescribeBackups, DeleteBackup (of ONTAP volumes), TagResource, UntagResource, ListTagsForResource.
 *
 * <p>The ONTAP file system {@link OntapSeed#FILE_SYSTEM_ID} and its SVM {@link OntapSeed#SVM_ID}
 * exist from the start; volumes are created on the SVM (see {@link OntapState} for FSx's rules).
 *
 * <p>UpdateFileSystem runs a storage capacity increase, or a change of the throughput tier
 * (PerUnitStorageThroughput) and/or the metadata configuration (MetadataConfiguration Mode and
 * Iops), as a FILE_SYSTEM_UPDATE administrative action: PENDING, IN_PROGRESS with the file system
 * UPDATING, then the new values in force, UPDATED_OPTIMIZING (a capacity increase, with its
 * STORAGE_OPTIMIZATION; a throughput change), COMPLETED, or FAILED with the values unchanged. One
 * update at a time; FSx's rules and error codes for each kind (see {@link FsxState#update}).
 *
 * <p>Knobs: {@code delay.fsx.filesystem.available} (CREATING), {@code .pending}, {@code .updating}
 * (the file system UPDATING) and {@code .optimizing} (the phases of an update; {@code .optimizing}
 * a capacity increase's storage optimization), {@code .throughput-optimizing} (a throughput
 * change's UPDATED_OPTIMIZING; none by default), {@code .deleting}, {@code .cooldown} (between
 * two updates of a kind: capacity, throughput, metadata; FSx: 6 hours);
 * {@code fail.fsx.filesystem.create} / {@code fail.fsx.filesystem.update} (end FAILED with that
 * message); for caches {@code delay.fsx.cache.available} (CREATING), {@code delay.fsx.cache.deleting}
 * (DELETING) and {@code fail.fsx.cache.create} (end FAILED with that message);
 * {@code tokens.fsx.ttl}; {@code consistency}; throttling per action
 * ({@code throttle.fsx.DescribeFileSystems=…}) or for all ({@code throttle.fsx.*=…}), answered 400
 * ThrottlingException "Rate exceeded", which the SDK retries. For ONTAP volumes
 * {@code delay.fsx.volume.created} (CREATING; from a backup {@code delay.fsx.volume.restored}),
 * {@code .pending} and {@code .updating} (a size change's VOLUME_UPDATE action), {@code .deleting};
 * {@code delay.fsx.backup.available} (a backup CREATING); {@code fail.fsx.volume.create},
 * {@code fail.fsx.volume.update}, {@code fail.fsx.backup.create}. Each file system's, cache's and
 * volume's data is a directory under {@code <dataDir>/fsx/}, each backup's under
 * {@code <dataDir>/fsx/backups/}; {@link #mounts()} resolves Lustre mounts and NFS mounts of
 * volumes to them.
 */
public final class FsxService implements AwsService, NetworkMountProvider {

    static final String TARGET_PREFIX = "AWSSimbaAPIService_v20180301.";

    private final FsxState state;
    private final FileSystemApi fileSystems;
    private final FileCacheApi fileCaches;
    private final TagApi tags;
    private final StorageVirtualMachineApi svms;
    private final VolumeApi volumes;
    private final BackupApi backups;
    private final NetworkMounts mounts;

    /** With FSx's default quotas of 100 Lustre file systems and 100 caches. */
    public FsxService(SimContext context) {
        this(context, FsxState.FILE_SYSTEMS_PER_ACCOUNT);
    }

    /** With another quota of file systems, e.g. a small one to reach ServiceLimitExceeded in a test. */
    public FsxService(SimContext context, int fileSystemLimit) {
        this(context, fileSystemLimit, FsxState.FILE_CACHES_PER_ACCOUNT);
    }

    /** With other quotas of file systems and of caches. */
    public FsxService(SimContext context, int fileSystemLimit, int fileCacheLimit) {
        this(context, fileSystemLimit, fileCacheLimit, OntapState.VOLUMES_PER_FILE_SYSTEM, OntapState.USER_INITIATED_BACKUPS);
    }

    /**
     * With other quotas of file systems, caches, ONTAP volumes per file system (FSx: 500) and
     * user-initiated backups (FSx: 10,000), e.g. small ones to reach ServiceLimitExceeded in a test.
     */
    public FsxService(SimContext context, int fileSystemLimit, int fileCacheLimit, int volumesPerFileSystem, int userInitiatedBackups) {
        this.state = new FsxState(context, fileSystemLimit, fileCacheLimit, volumesPerFileSystem, userInitiatedBackups);
        context.config().stateDir().map(FsxStateFile::new).ifPresent(file -> file.keep(state));
        this.fileSystems = new FileSystemApi(state, context.config());
        this.fileCaches = new FileCacheApi(state, context.config());
        this.tags = new TagApi(state);
        this.svms = new StorageVirtualMachineApi(state, context.config());
        this.volumes = new VolumeApi(state, context.config());
        this.backups = new BackupApi(state, context.config());
        String region = context.config().region();
        this.mounts = new NetworkMounts(List.of(new LustreMounts(state, region), new OntapMounts(state, region)));
    }

    /** Lustre mounts of file systems and caches, and NFS mounts of ONTAP volumes. */
    @Override
    public NetworkMountResolver mounts() {
        return mounts;
    }

    @Override
    public String name() {
        return "fsx";
    }

    @Override
    public boolean accepts(SimRequest request) {
        String target = request.header("x-amz-target");
        return request.method().equals("POST") && request.path().equals("/") && target != null && target.startsWith(TARGET_PREFIX);
    }

    @Override
    public String actionOf(SimRequest request) {
        return request.header("x-amz-target").substring(TARGET_PREFIX.length());
    }

    @Override
    public SimResponse handle(SimRequest request) {
        try {
            removeGone();
            return switch (actionOf(request)) {
                case "CreateFileSystem" -> fileSystems.create(request);
                case "DescribeFileSystems" -> fileSystems.describe(request);
                case "UpdateFileSystem" -> fileSystems.update(request);
                case "DeleteFileSystem" -> fileSystems.delete(request);
                case "CreateFileCache" -> fileCaches.create(request);
                case "DescribeFileCaches" -> fileCaches.describe(request);
                case "DeleteFileCache" -> fileCaches.delete(request);
                case "DescribeDataRepositoryAssociations" -> fileCaches.describeAssociations(request);
                case "DescribeStorageVirtualMachines" -> svms.describe(request);
                case "CreateVolume" -> volumes.create(request);
                case "CreateVolumeFromBackup" -> volumes.createFromBackup(request);
                case "DescribeVolumes" -> volumes.describe(request);
                case "UpdateVolume" -> volumes.update(request);
                case "DeleteVolume" -> volumes.delete(request);
                case "CreateBackup" -> backups.create(request);
                case "DescribeBackups" -> backups.describe(request);
                case "DeleteBackup" -> backups.delete(request);
                case "TagResource" -> tags.tag(request);
                case "UntagResource" -> tags.untag(request);
                case "ListTagsForResource" -> tags.list(request);
                default -> throw FsxError.unknownOperation(request.header("x-amz-target"));
            };
        } catch (FsxError e) {
            return FsxJson.error(e);
        }
    }

    /** File systems, caches and volumes whose deletion has ended leave the state, and their data the disk. */
    private void removeGone() {
        try {
            for (String id : state.settle()) {
                state.directories().delete(id);
            }
        } catch (UncheckedIOException e) {
            throw FsxError.internal(e.getMessage());
        }
    }

    @Override
    public SimResponse error(AwsError error) {
        return FsxJson.error(FsxError.of(error));
    }
}
