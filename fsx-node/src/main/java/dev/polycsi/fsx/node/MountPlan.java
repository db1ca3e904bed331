package dev.polycsi.fsx.node;

import java.util.List;

/**
 * The mount of a Lustre volume, as aws-fsx-csi-driver issues it: {@code -t lustre}, source
 * {@code <dnsname>@tcp:/<mountname>} from the volume context (mountname {@code fsx} when not
 * given), {@code ro} for a read-only publish, then the volume's mount options (the PV's or the
 * StorageClass's {@code mountOptions}, e.g. {@code flock}) in their order, each once. The official
 * driver adds no options of its own, and neither does this one.
 *
 * <p>Two things differ, both to keep the meaning of a publish what the request says: a read-only
 * access mode (ReadOnlyMany) mounts {@code ro} as {@code readonly} does, where the official driver
 * mounts it read-write; and the options are checked before mount(8) sees them
 * ({@link MountOptions}).
 */
public final class MountPlan {

    private MountPlan() {
    }

    /** The mount for a NodePublishVolume; see {@link MountOptions#forPublish} for the flags. */
    public static LustreMount forPublish(String id, VolumeContext context, boolean readOnly, List<String> mountFlags) {
        return forPublish(id, context, readOnly, List.of(), mountFlags);
    }

    /**
     * As {@link #forPublish(String, VolumeContext, boolean, List)}, with the kind of volume's
     * {@code defaults} first (File Cache's {@code relatime} and {@code flock}); the volume's flags
     * come after them, so mount(8), which honours the last, lets the volume's win.
     */
    public static LustreMount forPublish(String id, VolumeContext context, boolean readOnly, List<String> defaults,
            List<String> mountFlags) {
        MountOptions options = MountOptions.forPublish(id, readOnly, defaults, mountFlags);
        return new LustreMount(context, options.options(), options.readOnly());
    }
}
