package dev.polycsi.simulator.efs;

import dev.polycsi.simulator.SimContext;
import dev.polycsi.simulator.http.AwsError;
import dev.polycsi.simulator.http.AwsService;
import dev.polycsi.simulator.http.Caller;
import dev.polycsi.simulator.storage.NetworkMountProvider;
import dev.polycsi.simulator.http.SimRequest;
import dev.polycsi.simulator.http.SimResponse;

/**
 * Amazon EFS (REST-JSON, API version 2015-02-01, signing name {@code elasticfilesystem}):
 * file systems, mount targets, access points and their tags, for the SDK's {@code EfsClient}.
 *
 * <p>The configuration's file systems exist from the start, available, with a mount target in
 * every zone; so does each file system created later. A new file system or access point is
 * {@code creating} for the knob {@code delay.filesystem.available} / {@code delay.accesspoint.available},
 * and Describe does not list it before the {@code consistency} window has passed. Throttling
 * classes are the action names ({@code throttle.efs.CreateAccessPoint=…}), answered with EFS's
 * 429 ThrottlingException. Each file system's data is the directory {@link #mounts()} resolves.
 */
public final class EfsService implements AwsService, NetworkMountProvider {

    public static final String API_VERSION = "2015-02-01";

    private final EfsState state;
    private final FileSystemApi fileSystems;
    private final AccessPointApi accessPoints;
    private final MountTargetApi mountTargets;
    private final TagApi tags;
    private final EfsMounts mounts;

    /** With EFS's quota of 10,000 access points per file system. */
    public EfsService(SimContext context) {
        this(context, EfsState.ACCESS_POINTS_PER_FILE_SYSTEM);
    }

    /** With another access point quota, e.g. a small one to reach AccessPointLimitExceeded in a test. */
    public EfsService(SimContext context, int accessPointsPerFileSystem) {
        this.state = new EfsState(context, accessPointsPerFileSystem);
        context.config().stateDir().map(EfsStateFile::new).ifPresent(file -> file.keep(state));
        EfsJson json = new EfsJson(context.config());
        this.fileSystems = new FileSystemApi(state, json);
        this.accessPoints = new AccessPointApi(state, json);
        this.mountTargets = new MountTargetApi(state, json);
        this.tags = new TagApi(state);
        this.mounts = new EfsMounts(state, context.config().region());
        // after the restore: a seeded file system that was saved is there already and stays as saved
        context.config().fileSystems().forEach(state::seed);
    }

    /** The node side: which local directory stands for an EFS or NFS mount of these file systems. */
    @Override
    public EfsMounts mounts() {
        return mounts;
    }

    @Override
    public String name() {
        return "efs";
    }

    @Override
    public boolean accepts(SimRequest request) {
        return request.path().startsWith(EfsRoute.PREFIX);
    }

    @Override
    public String actionOf(SimRequest request) {
        return EfsRoute.of(request).action();
    }

    @Override
    public AwsError throttled() {
        return new AwsError(429, "ThrottlingException", "Rate exceeded");
    }

    @Override
    public SimResponse handle(SimRequest request) {
        try {
            EfsRoute route = EfsRoute.of(request);
            // the account of the signing key: each account sees its own file systems only
            String caller = Caller.accountOf(request);
            return switch (route.action()) {
                case "CreateFileSystem" -> fileSystems.create(request, caller);
                case "DescribeFileSystems" -> fileSystems.describe(request, caller);
                case "DeleteFileSystem" -> fileSystems.delete(route.id(), caller);
                case "CreateAccessPoint" -> accessPoints.create(request, caller);
                case "DescribeAccessPoints" -> accessPoints.describe(request, caller);
                case "DeleteAccessPoint" -> accessPoints.delete(route.id(), caller);
                case "DescribeMountTargets" -> mountTargets.describe(request, caller);
                case "DeleteMountTarget" -> mountTargets.delete(route.id(), caller);
                case "TagResource" -> tags.tag(route.id(), request, caller);
                case "UntagResource" -> tags.untag(route.id(), request, caller);
                case "ListTagsForResource" -> tags.list(route.id(), request, caller);
                default -> throw new IllegalStateException("EfsRoute named an action with no handler: " + route.action());
            };
        } catch (EfsError e) {
            return EfsJson.error(e);
        }
    }

    @Override
    public SimResponse error(AwsError error) {
        return EfsJson.error(EfsError.of(error));
    }
}
