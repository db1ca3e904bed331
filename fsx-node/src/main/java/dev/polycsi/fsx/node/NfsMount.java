package dev.polycsi.fsx.node;

import dev.polycsi.spi.mount.MountPoint;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One {@code mount -t nfs [-o <options>] <host>:<path> <target>}.
 *
 * @param host     the server's DNS name or IPv4 address
 * @param path     the export, absolute
 * @param readOnly whether {@code options} make the mount read-only ({@code ro} is then among them)
 */
public record NfsMount(String host, String path, List<String> options, boolean readOnly) implements NetworkMount {

    public static final String TYPE = "nfs";
    /** How mountinfo lists NFS mounts: {@code nfs} for version 3, {@code nfs4} for 4.x, whatever {@code -t} said. */
    static final Set<String> LISTED_TYPES = Set.of("nfs", "nfs4");

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public NfsMount {
        options = List.copyOf(options);
    }

    @Override
    public String source() {
        return host + ":" + path;
    }

    @Override
    public String fsType() {
        return TYPE;
    }

    /**
     * The same export, and the same server where both sides give a name (or both an address):
     * mount.nfs lists the name it was given, but a mount made by address, or by a helper that
     * resolved the name, lists the address, and telling whether a name resolves to it would take a
     * DNS lookup, which can hang as the mount can.
     */
    @Override
    public boolean isMountedAs(MountPoint existing) {
        if (!LISTED_TYPES.contains(existing.fsType())) {
            return false;
        }
        String source = existing.source();
        int separator = source.lastIndexOf(':');
        if (separator < 0 || !normalized(source.substring(separator + 1)).equals(normalized(path))) {
            return false;
        }
        String listed = source.substring(0, separator).toLowerCase(Locale.ROOT);
        String wanted = host.toLowerCase(Locale.ROOT);
        if (listed.equals(wanted)) {
            return true;
        }
        return !IPV4.matcher(wanted).matches() && IPV4.matcher(listed).matches();
    }

    private static String normalized(String exportPath) {
        return exportPath.length() > 1 && exportPath.endsWith("/") ? exportPath.substring(0, exportPath.length() - 1) : exportPath;
    }
}
