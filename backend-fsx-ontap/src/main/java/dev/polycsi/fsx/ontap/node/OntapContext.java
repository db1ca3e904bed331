package dev.polycsi.fsx.ontap.node;

import dev.polycsi.fsx.ontap.params.NfsMountOptions;
import dev.polycsi.spi.CsiException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The volume context (a PV's volumeAttributes) of an FSx for ONTAP volume: what the node mounts,
 * {@code <dnsname>:<junctionPath>}, with {@code nfsMountOptions} (the StorageClass's, checked as
 * there; AWS's recommended {@code hard,nfsvers=4.1} when absent). Keys the Kubernetes side adds
 * ({@code csi.storage.k8s.io/…}, {@code storage.kubernetes.io/csiProvisionerIdentity}) are
 * ignored; any other key is INVALID_ARGUMENT naming it, rather than silently unused.
 *
 * @param dnsName      the SVM's NFS DNS name (or one of its NFS addresses)
 * @param junctionPath the volume's junction path in the SVM's namespace
 * @param mountOptions the StorageClass's options; empty when the context gives none, for the default
 */
public record OntapContext(String dnsName, String junctionPath, Optional<NfsMountOptions> mountOptions) {

    public static final String DNS_NAME = "dnsname";
    public static final String JUNCTION_PATH = "junctionPath";
    public static final String NFS_MOUNT_OPTIONS = "nfsMountOptions";

    private static final Pattern HOST = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    /** An absolute path of ONTAP volume names: nothing that could leave the namespace or change the mount source. */
    private static final Pattern JUNCTION = Pattern.compile("/|(/[A-Za-z0-9_.-]+)+");

    public OntapContext {
        if (!HOST.matcher(dnsName).matches()) {
            throw CsiException.invalidArgument("volume context '%s': '%s' is not a host name or IPv4 address", DNS_NAME, dnsName);
        }
        if (!JUNCTION.matcher(junctionPath).matches() || Arrays.asList(junctionPath.split("/")).contains("..")
                || Arrays.asList(junctionPath.split("/")).contains(".")) {
            throw CsiException.invalidArgument("volume context '%s': '%s' is not a junction path (an absolute path of letters, digits, "
                    + "_, - and ., without . or .. components)", JUNCTION_PATH, junctionPath);
        }
    }

    public static OntapContext parse(Map<String, String> context) {
        String dnsName = null;
        String junctionPath = null;
        Optional<NfsMountOptions> options = Optional.empty();
        for (Map.Entry<String, String> entry : context.entrySet()) {
            String key = entry.getKey();
            switch (key) {
                case DNS_NAME -> dnsName = entry.getValue();
                case JUNCTION_PATH -> junctionPath = entry.getValue();
                case NFS_MOUNT_OPTIONS -> options = Optional.of(mountOptions(entry.getValue()));
                default -> {
                    if (!key.startsWith("csi.storage.k8s.io/") && !key.equals("storage.kubernetes.io/csiProvisionerIdentity")) {
                        throw CsiException.invalidArgument("volume context key '%s' is not supported; allowed: %s and %s (required), "
                                + "%s; keys are case-sensitive", key, DNS_NAME, JUNCTION_PATH, NFS_MOUNT_OPTIONS);
                    }
                }
            }
        }
        if (dnsName == null) {
            throw CsiException.invalidArgument("volume context '%s' is required: the SVM's NFS DNS name, e.g. "
                    + "svm-0123456789abcdef0.fs-0123456789abcdef0.fsx.us-east-1.amazonaws.com", DNS_NAME);
        }
        if (junctionPath == null) {
            throw CsiException.invalidArgument("volume context '%s' is required: the volume's junction path, e.g. /pvc_1234", JUNCTION_PATH);
        }
        return new OntapContext(dnsName, junctionPath, options);
    }

    /** The options to mount with: the context's (none if it says so), or AWS's recommended ones. */
    public List<String> effectiveMountOptions() {
        return mountOptions.orElse(NfsMountOptions.DEFAULT).options();
    }

    /** What CreateVolume returns as the volume context, for the node to parse again. */
    public Map<String, String> toMap() {
        Map<String, String> context = new LinkedHashMap<>();
        context.put(DNS_NAME, dnsName);
        context.put(JUNCTION_PATH, junctionPath);
        mountOptions.ifPresent(options -> context.put(NFS_MOUNT_OPTIONS, String.join(",", options.options())));
        return context;
    }

    /** The same checks as the StorageClass's, for a hand-written PersistentVolume's context. */
    private static NfsMountOptions mountOptions(String text) {
        try {
            return NfsMountOptions.parse(text);
        } catch (IllegalArgumentException e) {
            throw CsiException.invalidArgument("volume context '%s': %s", NFS_MOUNT_OPTIONS, e.getMessage());
        }
    }
}
