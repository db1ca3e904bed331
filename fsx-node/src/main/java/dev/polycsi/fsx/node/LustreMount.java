package dev.polycsi.fsx.node;

import dev.polycsi.spi.mount.MountPoint;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One {@code mount -t lustre [-o <options>] <dnsname>@tcp:/<mountname> <target>}, as
 * {@link MountPlan} builds it.
 *
 * @param readOnly whether {@code options} make the mount read-only ({@code ro} is then among them)
 */
public record LustreMount(VolumeContext context, List<String> options, boolean readOnly) implements NetworkMount {

    public static final String TYPE = "lustre";

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public LustreMount {
        options = List.copyOf(options);
    }

    /** {@code <dnsname>@tcp:/<mountname>}. */
    @Override
    public String source() {
        return context.mountSource();
    }

    @Override
    public String fsType() {
        return TYPE;
    }

    /**
     * Whether {@code existing}, a line of mountinfo, is a mount of this file system. The kernel
     * lists a Lustre client mount as {@code <nid>[:<nid>…]:/<fsname>} with the NIDs the helper
     * resolved ({@code 10.0.1.25@tcp:/rotjrbmv}), not the DNS name it was given; so the file system
     * name must match, and a server only where both sides give an address (or both a name): telling
     * whether a DNS name resolves to a listed NID would need a lookup, which can hang as the mount can.
     */
    @Override
    public boolean isMountedAs(MountPoint existing) {
        if (!existing.fsType().equals(TYPE)) {
            return false;
        }
        String source = existing.source();
        int separator = source.lastIndexOf(":/");
        if (separator < 0 || !source.substring(separator + 2).equals(context.mountName())) {
            return false;
        }
        List<String> hosts = Arrays.stream(source.substring(0, separator).split("[:,]"))
                .map(nid -> nid.contains("@") ? nid.substring(0, nid.indexOf('@')) : nid)
                .map(host -> host.toLowerCase(Locale.ROOT))
                .toList();
        String wanted = context.dnsName().toLowerCase(Locale.ROOT);
        if (hosts.contains(wanted)) {
            return true;
        }
        boolean wantedIsAddress = IPV4.matcher(wanted).matches();
        boolean listedAreAddresses = hosts.stream().allMatch(host -> IPV4.matcher(host).matches());
        return !wantedIsAddress && listedAreAddresses;
    }
}
