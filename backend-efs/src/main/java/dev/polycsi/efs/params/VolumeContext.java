package dev.polycsi.efs.params;

import dev.polycsi.spi.CsiException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The volume context (a PV's volumeAttributes) of an EFS volume, with aws-efs-csi-driver's keys,
 * matched without regard to case as it does: {@code encryptInTransit} (default true),
 * {@code mounttargetip} (an address, or {@code zoneId:address} pairs separated by commas),
 * {@code crossaccount}, and the deprecated {@code path}. Keys the Kubernetes side adds
 * ({@code csi.storage.k8s.io/…}, {@code storage.kubernetes.io/csiProvisionerIdentity}) are
 * ignored; any other key is INVALID_ARGUMENT naming it.
 */
public record VolumeContext(boolean encryptInTransit, Map<String, String> mountTargetIps, boolean crossAccount, Optional<String> path) {

    public static final String ENCRYPT_IN_TRANSIT = "encryptInTransit";
    public static final String MOUNT_TARGET_IP = "mounttargetip";
    public static final String CROSS_ACCOUNT = "crossaccount";
    public static final String PATH = "path";
    /** The key of a single address that applies in every zone. */
    static final String ANY_ZONE = "";

    private static final Pattern ADDRESS = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]+");

    public VolumeContext {
        mountTargetIps = Map.copyOf(mountTargetIps);
    }

    public static final VolumeContext DEFAULT = new VolumeContext(true, Map.of(), false, Optional.empty());

    public static VolumeContext parse(Map<String, String> context) {
        boolean encrypt = true;
        boolean crossAccount = false;
        Map<String, String> addresses = new LinkedHashMap<>();
        Optional<String> path = Optional.empty();
        for (Map.Entry<String, String> entry : context.entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue().strip();
            switch (key.toLowerCase(Locale.ROOT)) {
                case "encryptintransit" -> encrypt = bool(key, value);
                case "crossaccount" -> crossAccount = bool(key, value);
                case "mounttargetip" -> addresses.putAll(addresses(key, value));
                case "path" -> {
                    if (!value.startsWith("/")) {
                        throw CsiException.invalidArgument("volume context '%s': '%s' is not an absolute path", key, value);
                    }
                    path = Optional.of(EfsVolumeId.normalise(value, key));
                }
                case "storage.kubernetes.io/csiprovisioneridentity" -> {
                    // the external-provisioner's own bookkeeping
                }
                default -> {
                    if (!key.startsWith("csi.storage.k8s.io/")) {
                        throw CsiException.invalidArgument("volume context key '%s' is not supported; allowed: %s, %s, %s, %s (deprecated)",
                                key, ENCRYPT_IN_TRANSIT, MOUNT_TARGET_IP, CROSS_ACCOUNT, PATH);
                    }
                }
            }
        }
        return new VolumeContext(encrypt, addresses, crossAccount, path);
    }

    /** The mount target address for a node in {@code zoneId}; empty if the context names none. */
    public Optional<String> mountTargetIp(Optional<String> zoneId) {
        if (mountTargetIps.isEmpty()) {
            return Optional.empty();
        }
        if (mountTargetIps.containsKey(ANY_ZONE)) {
            return Optional.of(mountTargetIps.get(ANY_ZONE));
        }
        String zone = zoneId.orElseThrow(() -> CsiException.failedPrecondition(
                "volume context '%s' names addresses per zone id %s, but this node's zone id is unknown", MOUNT_TARGET_IP, mountTargetIps.keySet()));
        String address = mountTargetIps.get(zone);
        if (address == null) {
            throw CsiException.invalidArgument("volume context '%s' names no address for this node's zone id %s (only %s)",
                    MOUNT_TARGET_IP, zone, mountTargetIps.keySet());
        }
        return Optional.of(address);
    }

    private static boolean bool(String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw CsiException.invalidArgument("volume context '%s': '%s' is not true or false", key, value);
        };
    }

    private static Map<String, String> addresses(String key, String value) {
        Map<String, String> addresses = new LinkedHashMap<>();
        if (!value.contains(",") && ADDRESS.matcher(value).matches()) {
            addresses.put(ANY_ZONE, value);
            return addresses;
        }
        for (String pair : value.split(",")) {
            int colon = pair.indexOf(':');
            String zoneId = colon < 0 ? "" : pair.substring(0, colon).strip();
            String address = colon < 0 ? "" : pair.substring(colon + 1).strip();
            if (zoneId.isEmpty() || !ADDRESS.matcher(address).matches()) {
                throw CsiException.invalidArgument("volume context '%s': '%s' is neither an IP address nor zoneId:address pairs "
                        + "separated by commas", key, value);
            }
            addresses.put(zoneId, address);
        }
        return addresses;
    }
}
