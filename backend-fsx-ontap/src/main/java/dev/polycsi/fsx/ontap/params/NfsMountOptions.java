package dev.polycsi.fsx.ontap.params;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The NFS options a volume is mounted with, as the StorageClass's {@code nfsMountOptions} and the
 * volume context's {@code nfsMountOptions} give them: comma-separated, each handed to mount as
 * one {@code -o} item. Only options that say how NFS mounts are taken; options that change what
 * mount does, or whether the volume is read-only, are the driver's to decide.
 *
 * @param options in the order given
 */
public record NfsMountOptions(List<String> options) {

    /** AWS's recommendation for FSx for ONTAP: hard mounts (its guide) over NFS 4.1 (its mount examples). */
    public static final NfsMountOptions DEFAULT = new NfsMountOptions(List.of("hard", "nfsvers=4.1"));

    /** The NFS versions an FSx for ONTAP SVM serves, as nfsvers= or vers= take them. */
    static final List<String> VERSIONS = List.of("3", "4", "4.0", "4.1", "4.2");

    /**
     * Options that make mount do something else than mount this NFS export here: bind mounts,
     * moves and remounts, loop devices, another helper, util-linux's x-mount.* actions, and
     * {@code bg}, with which mount.nfs answers success before the export is mounted.
     */
    private static final Set<String> NOT_FOR_NFS = Set.of("bind", "rbind", "move", "remount", "loop", "offset", "sizelimit",
            "helper", "bg");
    /** Read-only comes from the access mode and the readonly flags; the node adds ro itself. */
    private static final Set<String> ACCESS = Set.of("ro", "rw");
    /** Printable ASCII without spaces: what mount options are made of; no blank or control character slips into argv. */
    private static final Pattern CHARACTERS = Pattern.compile("[!-~]+");

    static final String ALLOWED = "NFS mount options separated by commas, or empty for none; not bind, rbind, move, remount, "
            + "loop, offset=, sizelimit=, helper=, x-mount.*, bg, ro or rw; nfsvers/vers 3, 4, 4.0, 4.1 or 4.2";

    public NfsMountOptions {
        options = List.copyOf(options);
    }

    /**
     * The options in {@code text}: comma-separated, nothing trimmed; the empty text is no options.
     *
     * @throws IllegalArgumentException saying which option is refused and what to write instead
     */
    public static NfsMountOptions parse(String text) {
        if (text.isEmpty()) {
            return new NfsMountOptions(List.of());
        }
        List<String> options = new ArrayList<>();
        String version = null;
        for (String option : text.split(",", -1)) {
            check(option);
            String name = name(option);
            if (name.equals("nfsvers") || name.equals("vers")) {
                if (version != null) {
                    throw new IllegalArgumentException("the NFS version is given twice ('" + version + "' and '" + option + "'); keep one");
                }
                version = option;
            }
            options.add(option);
        }
        return new NfsMountOptions(options);
    }

    private static void check(String option) {
        if (option.isEmpty()) {
            throw new IllegalArgumentException("an option is empty (two commas in a row, or one at the start or end)");
        }
        if (!CHARACTERS.matcher(option).matches()) {
            throw new IllegalArgumentException("option '" + option + "' has a space, a control character or a non-ASCII character");
        }
        String name = name(option);
        if (NOT_FOR_NFS.contains(name) || name.startsWith("x-mount.")) {
            throw new IllegalArgumentException("option '" + option + "' changes what mount does, not how NFS mounts; "
                    + "the driver decides that");
        }
        if (ACCESS.contains(name)) {
            throw new IllegalArgumentException("option '" + option + "': read-only comes from the PVC's access mode "
                    + "(ReadOnlyMany) or the pod's readOnly, and the driver adds ro itself; leave ro and rw out");
        }
        if ((name.equals("nfsvers") || name.equals("vers")) && !VERSIONS.contains(value(option))) {
            throw new IllegalArgumentException("option '" + option + "': FSx for ONTAP serves NFS " + String.join(", ", VERSIONS)
                    + "; write e.g. nfsvers=4.1");
        }
    }

    private static String name(String option) {
        int equals = option.indexOf('=');
        return equals < 0 ? option : option.substring(0, equals);
    }

    private static String value(String option) {
        int equals = option.indexOf('=');
        return equals < 0 ? "" : option.substring(equals + 1);
    }

    /** Comma-separated, as the StorageClass and the volume context give them. */
    @Override
    public String toString() {
        return String.join(",", options);
    }
}
