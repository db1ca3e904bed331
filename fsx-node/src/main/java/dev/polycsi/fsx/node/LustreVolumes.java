package dev.polycsi.fsx.node;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What tells one kind of Lustre volume from another on the node: FSx for Lustre file systems
 * and Amazon File Caches are both mounted with {@code mount -t lustre <dnsname>@tcp:/<mountname>},
 * but have their own volume ids, mount name defaults and recommended mount options.
 */
public interface LustreVolumes extends NetworkVolumes {

    /** The mount name when the volume context gives none; empty if {@code mountname} is required. */
    Optional<String> defaultMountName();

    /** Options every mount gets, before the volume's own mount flags. */
    List<String> defaultMountOptions();

    /** No fsType, or {@code lustre}. */
    @Override
    default Set<String> fsTypes() {
        return Set.of("", LustreMount.TYPE);
    }

    /** {@code <dnsname>@tcp:/<mountname>} from the context's {@code dnsname} and {@code mountname} ({@link VolumeContext}). */
    @Override
    default NetworkMount mountFor(String id, Map<String, String> context, boolean readOnly, List<String> mountFlags) {
        return MountPlan.forPublish(id, VolumeContext.parse(context, defaultMountName()), readOnly, defaultMountOptions(), mountFlags);
    }
}
