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
 * signing name {@code fsx}) for FSx for Lustre file systems, for the SDK's {@code FSxClient}:
 * CreateFileSystem, DescribeFileSystems, UpdateFileSystem, DeleteFileSystem, TagResource,
 * UntagResource, ListTagsForResource.
 *
 * <p>Knobs: {@code delay.fsx.filesystem.available} (CREATING), {@code .pending}, {@code .updating}
 * (the file system UPDATING) and {@code .optimizing} (the phases of a capacity increase),
 * {@code .deleting}, {@code .cooldown} (between capacity increases; FSx: 6 hours);
 * {@code fail.fsx.filesystem.create} / {@code fail.fsx.filesystem.update} (end FAILED with that
 * message); {@code tokens.fsx.ttl}; {@code consistency}; throttling per action
 * ({@code throttle.fsx.DescribeFileSystems=…}) or for all ({@code throttle.fsx.*=…}), answered 400
 * ThrottlingException "Rate exceeded", which the SDK retries. Each file system's data is a
 * directory under {@code <dataDir>/fsx/}, which {@link #mounts()} resolves Lustre mounts to.
 */
public final class FsxService implements AwsService, NetworkMountProvider {

    static final String TARGET_PREFIX = "AWSSimbaAPIService_v20180301.";

    private final FsxState state;
    private final FileSystemApi fileSystems;
    private final TagApi tags;
    private final LustreMounts mounts;

    /** With FSx's default quota of 100 Lustre file systems. */
    public FsxService(SimContext context) {
        this(context, FsxState.FILE_SYSTEMS_PER_ACCOUNT);
    }

    /** With another quota of file systems, e.g. a small one to reach ServiceLimitExceeded in a test. */
    public FsxService(SimContext context, int fileSystemLimit) {
        this.state = new FsxState(context, fileSystemLimit);
        context.config().stateDir().map(FsxStateFile::new).ifPresent(file -> file.keep(state));
        this.fileSystems = new FileSystemApi(state, context.config());
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
                case "TagResource" -> tags.tag(request);
                case "UntagResource" -> tags.untag(request);
                case "ListTagsForResource" -> tags.list(request);
                default -> throw FsxError.unknownOperation(request.header("x-amz-target"));
            };
        } catch (FsxError e) {
            return FsxJson.error(e);
        }
    }

    /** File systems whose deletion has ended leave the state, and their data the disk. */
    private void removeGone() {
        for (String id : state.settle()) {
            try {
                state.directories().delete(id);
            } catch (UncheckedIOException e) {
                throw FsxError.internal(e.getMessage());
            }
        }
    }

    @Override
    public SimResponse error(AwsError error) {
        return FsxJson.error(FsxError.of(error));
    }
}
