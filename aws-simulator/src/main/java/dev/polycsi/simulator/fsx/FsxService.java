package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.SimContext;
import dev.polycsi.simulator.http.AwsError;
import dev.polycsi.simulator.http.AwsService;
import dev.polycsi.simulator.http.SimRequest;
import dev.polycsi.simulator.http.SimResponse;
import dev.polycsi.simulator.storage.NetworkMountProvider;
import java.io.UncheckedIOException;

/**
 * Amazon FSx (AWS JSON 1.1, {@code POST /} with {@code X-Amz-Target: AWSSimbaAPIService_v20180301.<Action>},
 * signing name {@code fsx}) for FSx for Lustre file systems and Amazon File Caches, for the SDK's
 * {@code FSxClient}: CreateFileSystem, DescribeFileSystems, UpdateFileSystem, DeleteFileSystem,
 * CreateFileCache, DescribeFileCaches, DeleteFileCache, DescribeDataRepositoryAssociations (a
 * cache's), TagResource, UntagResource, ListTagsForResource.
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
 * ThrottlingException "Rate exceeded", which the SDK retries. Each file system's and cache's
 * data is a directory under {@code <dataDir>/fsx/}, which {@link #mounts()} resolves Lustre
 * mounts to.
 */
public final class FsxService implements AwsService, NetworkMountProvider {

    static final String TARGET_PREFIX = "AWSSimbaAPIService_v20180301.";

    private final FsxState state;
    private final FileSystemApi fileSystems;
    private final FileCacheApi fileCaches;
    private final TagApi tags;
    private final LustreMounts mounts;

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
        this.state = new FsxState(context, fileSystemLimit, fileCacheLimit);
        context.config().stateDir().map(FsxStateFile::new).ifPresent(file -> file.keep(state));
        this.fileSystems = new FileSystemApi(state, context.config());
        this.fileCaches = new FileCacheApi(state, context.config());
        this.tags = new TagApi(state);
        this.mounts = new LustreMounts(state, context.config().region());
    }

    @Override
    public LustreMounts mounts() {
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
                case "TagResource" -> tags.tag(request);
                case "UntagResource" -> tags.untag(request);
                case "ListTagsForResource" -> tags.list(request);
                default -> throw FsxError.unknownOperation(request.header("x-amz-target"));
            };
        } catch (FsxError e) {
            return FsxJson.error(e);
        }
    }

    /** File systems and caches whose deletion has ended leave the state, and their data the disk. */
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
