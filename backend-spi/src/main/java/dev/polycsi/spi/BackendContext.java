package dev.polycsi.spi;

import dev.polycsi.spi.cluster.ClusterObjects;
import dev.polycsi.spi.metrics.BackendMetrics;
import dev.polycsi.spi.mount.Mounter;
import dev.polycsi.spi.operation.LongOperations;
import dev.polycsi.spi.param.Parameters;
import java.nio.file.Path;
import java.util.Set;

/** What the core hands a backend when it creates it. */
public interface BackendContext {

    /** The CSI driver name, e.g. {@code aws.polycsi.dev}. */
    String driverName();

    /** This node's id where the node service runs; empty on a controller-only process. */
    String nodeId();

    /** Which CSI services this process serves. */
    Set<Role> roles();

    /** The backend's options, parsed against {@link BackendFactory#options()}. */
    Parameters options();

    /** How to reach AWS: the SDK's defaults, or the simulator under {@code --simulate}. */
    default AwsAccess aws() {
        return AwsAccess.DEFAULT;
    }

    /**
     * Where the node finds stable links to attached disks by their serial (udev's
     * {@code /dev/disk/by-id}); under {@code --simulate}, the simulator's device directory.
     */
    default Path diskByIdDirectory() {
        return Path.of("/dev/disk/by-id");
    }

    /**
     * Waiters for work that outlives one RPC (creations, expansions, snapshots that take
     * minutes). The driver's context always has them; a test's context may not.
     */
    default LongOperations operations() {
        throw new UnsupportedOperationException("this context carries no long operations; the driver's does");
    }

    /** The cluster's objects, read with the driver's service account; {@link ClusterObjects#NONE} outside a cluster. */
    default ClusterObjects cluster() {
        return ClusterObjects.NONE;
    }

    /** Where the backend registers gauges of its own for the metrics endpoint; does nothing when metrics are off. */
    default BackendMetrics metrics() {
        return BackendMetrics.NONE;
    }

    /** The operating system's mount operations; a fake in tests, a translating one under simulation. */
    Mounter mounter();

    enum Role {
        CONTROLLER,
        NODE
    }
}
