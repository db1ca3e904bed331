package dev.polycsi.fsx.node;

import dev.polycsi.spi.CsiException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The volume context (a PV's volumeAttributes) of a Lustre volume, with the keys of
 * aws-fsx-csi-driver and aws-file-cache-csi-driver, case-sensitive as there: {@code dnsname}
 * (required) and {@code mountname} (required unless the kind of volume has a default: FSx for
 * Lustre's is {@code fsx}, what SCRATCH_1 file systems have). The node mounts
 * {@code <dnsname>@tcp:/<mountname>}. Keys the Kubernetes side adds
 * ({@code csi.storage.k8s.io/…}, {@code storage.kubernetes.io/csiProvisionerIdentity}) are
 * ignored; any other key is INVALID_ARGUMENT naming it, rather than silently unused.
 */
public record VolumeContext(String dnsName, String mountName) {

    public static final String DNS_NAME = "dnsname";
    public static final String MOUNT_NAME = "mountname";

    /**
     * A host name (FSx gives {@code fs-….fsx.<region>.amazonaws.com}, but a DNS alias of one
     * works as well) or an IPv4 address: nothing that could change the mount source's meaning,
     * such as '@', ':' or '/'.
     */
    private static final Pattern HOST = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    /** FSx's MountName: 1 to 8 letters, digits, '_' and '-'. */
    private static final Pattern MOUNT = Pattern.compile("[A-Za-z0-9_-]{1,8}");

    public VolumeContext {
        if (!HOST.matcher(dnsName).matches()) {
            throw CsiException.invalidArgument("volume context '%s': '%s' is not a host name or IPv4 address", DNS_NAME, dnsName);
        }
        if (!MOUNT.matcher(mountName).matches()) {
            throw CsiException.invalidArgument("volume context '%s': '%s' is not an FSx mount name (1 to 8 letters, digits, _ and -)",
                    MOUNT_NAME, mountName);
        }
    }

    /** The context of a publish; {@code defaultMountName} stands in for a missing {@code mountname}, if there is one. */
    public static VolumeContext parse(Map<String, String> context, Optional<String> defaultMountName) {
        String dnsName = null;
        String mountName = defaultMountName.orElse(null);
        for (Map.Entry<String, String> entry : context.entrySet()) {
            String key = entry.getKey();
            switch (key) {
                case DNS_NAME -> dnsName = entry.getValue();
                case MOUNT_NAME -> mountName = entry.getValue();
                default -> {
                    if (!key.startsWith("csi.storage.k8s.io/") && !key.equals("storage.kubernetes.io/csiProvisionerIdentity")) {
                        throw CsiException.invalidArgument("volume context key '%s' is not supported; allowed: %s (required), %s "
                                + "(%s); keys are case-sensitive", key, DNS_NAME, MOUNT_NAME,
                                defaultMountName.map(name -> "default " + name).orElse("required"));
                    }
                }
            }
        }
        if (dnsName == null) {
            throw CsiException.invalidArgument("volume context '%s' is required: the file system's DNS name, e.g. "
                    + "fs-0199e5a63bd90f796.fsx.us-east-1.amazonaws.com", DNS_NAME);
        }
        if (mountName == null) {
            throw CsiException.invalidArgument("volume context '%s' is required: the mount name FSx reports for the volume, "
                    + "e.g. 2zrs3bmv", MOUNT_NAME);
        }
        return new VolumeContext(dnsName, mountName);
    }

    /** What CreateVolume returns as the volume context, for the node to parse again. */
    public Map<String, String> toMap() {
        Map<String, String> context = new LinkedHashMap<>();
        context.put(DNS_NAME, dnsName);
        context.put(MOUNT_NAME, mountName);
        return context;
    }

    /** The mount source, {@code <dnsname>@tcp:/<mountname>}. */
    public String mountSource() {
        return dnsName + "@tcp:/" + mountName;
    }
}
