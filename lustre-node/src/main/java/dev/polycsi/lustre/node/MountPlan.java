package dev.polycsi.lustre.node;

import dev.polycsi.spi.CsiException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The mount of a Lustre volume, as aws-fsx-csi-driver issues it: {@code -t lustre}, source
 * {@code <dnsname>@tcp:/<mountname>} from the volume context (mountname {@code fsx} when not
 * given), {@code ro} for a read-only publish, then the volume's mount options (the PV's or the
 * StorageClass's {@code mountOptions}, e.g. {@code flock}) in their order, each once. The official
 * driver adds no options of its own, and neither does this one.
 *
 * <p>Two things differ, both to keep the meaning of a publish what the request says: a read-only
 * access mode (ReadOnlyMany) mounts {@code ro} as {@code readonly} does, where the official driver
 * mounts it read-write; and the options are checked before mount(8) sees them (see
 * {@link #forPublish}).
 */
public final class MountPlan {

    static final String READ_ONLY = "ro";
    static final String READ_WRITE = "rw";

    /**
     * Options that make mount(8) do something else than mount this file system here: bind or move
     * another mount, change the one already at the target, set up a loop device, run another
     * helper, or mount a subdirectory or an id-mapped view (util-linux's X-mount.*).
     */
    private static final Set<String> OPERATIONS = Set.of("bind", "rbind", "move", "remount", "loop");
    private static final List<String> OPERATION_PREFIXES = List.of("loop=", "offset=", "sizelimit=", "helper=", "x-mount.");

    private MountPlan() {
    }

    /**
     * The mount for a NodePublishVolume. Mount flags are one option each or several separated by
     * commas, as Kubernetes passes them on (a comma inside double quotes, as in an SELinux
     * {@code context="…:c0,c1"}, is part of the value). An option with whitespace or control
     * characters, an unbalanced quote, or one of mount(8)'s operations is INVALID_ARGUMENT naming
     * it. {@code ro} among the flags makes the mount read-only; {@code rw} is dropped from a
     * read-only one, since mount(8) would honour whichever comes last.
     *
     * @param id the volume, for messages
     */
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
        Set<String> flags = new LinkedHashSet<>(defaults);
        for (String flag : mountFlags) {
            for (String option : split(id, flag)) {
                check(id, flag, option);
                flags.add(option);
            }
        }
        boolean mountReadOnly = readOnly || flags.contains(READ_ONLY);
        List<String> options = new ArrayList<>();
        if (mountReadOnly) {
            options.add(READ_ONLY);
        }
        for (String option : flags) {
            if (!option.equals(READ_ONLY) && !(mountReadOnly && option.equals(READ_WRITE))) {
                options.add(option);
            }
        }
        return new LustreMount(context, options, mountReadOnly);
    }

    /** The options of one flag: split at commas outside double quotes, surrounding blanks and empty ones dropped. */
    static List<String> split(String id, String flag) {
        List<String> options = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < flag.length(); i++) {
            char c = flag.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                options.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw CsiException.invalidArgument("volume %s: mount option '%s' has an unbalanced double quote", id, flag);
        }
        options.add(current.toString().strip());
        return options.stream().filter(option -> !option.isEmpty()).toList();
    }

    private static void check(String id, String flag, String option) {
        for (int i = 0; i < option.length(); i++) {
            char c = option.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw CsiException.invalidArgument(
                        "volume %s: mount option '%s' holds whitespace or a control character; give one option per list element "
                                + "or separate them with commas", id, flag);
            }
        }
        String lower = option.toLowerCase(Locale.ROOT);
        if (OPERATIONS.contains(lower) || OPERATION_PREFIXES.stream().anyMatch(lower::startsWith)) {
            throw CsiException.invalidArgument("volume %s: mount option '%s' would change what mount does, not how Lustre is mounted; "
                    + "it is not allowed", id, option);
        }
    }
}
