package dev.polycsi.fsx.node;

import dev.polycsi.spi.CsiException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The options of a network mount, as the FSx backends' nodes pass them to mount(8): the kind of
 * volume's defaults first, then the volume's own mount flags (the PV's or the StorageClass's
 * {@code mountOptions}) in their order, each once, so that mount(8), which honours the last,
 * lets the volume's win; {@code ro} first for a read-only publish.
 *
 * <p>The options are checked before mount(8) sees them: a mount flag is one option or several
 * separated by commas, as Kubernetes passes them on (a comma inside double quotes, as in an
 * SELinux {@code context="…:c0,c1"}, is part of the value). An option with whitespace or control
 * characters, an unbalanced quote, or one of mount(8)'s operations is INVALID_ARGUMENT naming it.
 * {@code ro} among the flags makes the mount read-only; {@code rw} is dropped from a read-only
 * one, since mount(8) would honour whichever comes last.
 *
 * @param readOnly whether {@code options} make the mount read-only ({@code ro} is then among them)
 */
public record MountOptions(List<String> options, boolean readOnly) {

    static final String READ_ONLY = "ro";
    static final String READ_WRITE = "rw";

    /**
     * Options that make mount(8) do something else than mount this file system here: bind or move
     * another mount, change the one already at the target, set up a loop device, run another
     * helper, or mount a subdirectory or an id-mapped view (util-linux's X-mount.*).
     */
    private static final Set<String> OPERATIONS = Set.of("bind", "rbind", "move", "remount", "loop");
    private static final List<String> OPERATION_PREFIXES = List.of("loop=", "offset=", "sizelimit=", "helper=", "x-mount.");

    public MountOptions {
        options = List.copyOf(options);
    }

    /**
     * The options of a NodePublishVolume: {@code defaults} (the kind of volume's, or the volume
     * context's), then {@code mountFlags}, both checked.
     *
     * @param id the volume, for messages
     */
    public static MountOptions forPublish(String id, boolean readOnly, List<String> defaults, List<String> mountFlags) {
        Set<String> flags = new LinkedHashSet<>();
        for (String flag : defaults) {
            addChecked(id, flag, flags);
        }
        for (String flag : mountFlags) {
            addChecked(id, flag, flags);
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
        return new MountOptions(options, mountReadOnly);
    }

    private static void addChecked(String id, String flag, Set<String> into) {
        for (String option : split(id, flag)) {
            check(id, flag, option);
            into.add(option);
        }
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
            throw CsiException.invalidArgument("volume %s: mount option '%s' would change what mount does, not how the file system is mounted; "
                    + "it is not allowed", id, option);
        }
    }
}
