package dev.polycsi.fsx.node;

import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.ParameterSchema;
import dev.polycsi.spi.param.Parameters;
import java.time.Duration;
import java.util.Objects;

/**
 * The node's backend options ({@code --backend-option <backend>.<key>=<value>}). Each FSx backend's factory
 * adds {@link #SCHEMA}'s parameters to its own {@code options()} and reads them with
 * {@link #from}.
 *
 * @param lazyUnmount       detach a mount whose unmount timed out with {@code umount -l}
 * @param mountCheckTimeout how long a stat or statvfs of a mounted volume may take before its
 *                          file system is taken as unreachable
 */
public record NodeOptions(boolean lazyUnmount, Duration mountCheckTimeout) {

    public static final Parameter<Boolean> LAZY_UNMOUNT = Parameter.bool("lazy-unmount",
            "Node: when unmounting a volume fails or times out (its file system unreachable, or the client evicted), detach it "
                    + "with umount -l so that the pod can terminate and the volume's next calls are not refused, instead of "
                    + "failing every retry (aws-fsx-csi-driver #495). A publish onto a broken mount detaches it the same way "
                    + "before it mounts again.").withDefault(true);

    public static final Parameter<Long> MOUNT_CHECK_TIMEOUT = Parameter.integer("mount-check-timeout-seconds",
            "Node: how long a stat (publish over an existing mount) or statvfs (NodeGetVolumeStats) of a mounted volume may "
                    + "take before its file system is taken as unreachable: publish then mounts it again, and stats report the "
                    + "volume as unavailable. The call goes on in the background; it never holds the CSI call.", 1, 600)
            .withDefault(10L);

    public static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .add(LAZY_UNMOUNT)
            .add(MOUNT_CHECK_TIMEOUT)
            .build();

    public static final NodeOptions DEFAULTS = new NodeOptions(true, Duration.ofSeconds(10));

    public NodeOptions {
        Objects.requireNonNull(mountCheckTimeout, "mountCheckTimeout");
        if (mountCheckTimeout.isNegative() || mountCheckTimeout.isZero()) {
            throw new IllegalArgumentException("the mount check timeout must be positive: " + mountCheckTimeout);
        }
    }

    /** The options out of the backend's parsed options, whose schema holds {@link #SCHEMA}'s parameters. */
    public static NodeOptions from(Parameters options) {
        return new NodeOptions(options.get(LAZY_UNMOUNT), Duration.ofSeconds(options.get(MOUNT_CHECK_TIMEOUT)));
    }
}
