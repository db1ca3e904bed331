package dev.polycsi.ebs.params;

import dev.polycsi.spi.CsiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EBS tag rules shared by volumes and snapshots: {@code key=value} specifications, keys the
 * driver keeps for itself, and EC2's limits.
 */
public final class Tags {

    /** EC2's limits (per resource, key and value length in Unicode characters). */
    public static final int MAX_TAGS = 50;
    public static final int MAX_KEY_LENGTH = 128;
    public static final int MAX_VALUE_LENGTH = 256;

    /** Tag the official driver puts on a volume created with iopsPerGB, holding the ratio. */
    public static final String IOPS_PER_GB_TAG = "ebs.csi.aws.com/IOPSPerGb";
    /** Tag the official driver puts on a volume created with allowAutoIOPSIncreaseOnModify="true". */
    public static final String ALLOW_AUTO_IOPS_INCREASE_ON_MODIFY_TAG = "ebs.csi.aws.com/AllowAutoIOPSIncreaseOnModify";
    public static final String PVC_NAME_TAG = "kubernetes.io/created-for/pvc/name";
    public static final String PVC_NAMESPACE_TAG = "kubernetes.io/created-for/pvc/namespace";
    public static final String PV_NAME_TAG = "kubernetes.io/created-for/pv/name";

    private static final List<String> RESERVED_KEYS = List.of("CSIVolumeName", "CSIVolumeSnapshotName", "KubernetesCluster");
    /** kubernetes.io covers kubernetes.io/created-for/* and kubernetes.io/cluster/*, as in the official driver; aws: is EC2's. */
    private static final List<String> RESERVED_PREFIXES = List.of("ebs.csi.aws.com/", "kubernetes.io", "aws:");

    /** What the reserved keys are, for parameter descriptions and error messages. */
    static final String RESERVED_DESCRIPTION =
            "CSIVolumeName, CSIVolumeSnapshotName, KubernetesCluster and keys starting with ebs.csi.aws.com/, kubernetes.io or aws:";

    private Tags() {
    }

    /**
     * Tags from {@code tagSpecification*} parameters (parameter key → {@code "key=value"}; the value
     * may hold further '=' and {@code template} fields). A malformed entry, a reserved or
     * over-long key, an over-long value or a key given twice is INVALID_ARGUMENT naming the parameter.
     */
    static Map<String, String> fromSpecifications(Map<String, String> specifications, TagTemplate template) {
        Map<String, String> tags = new LinkedHashMap<>();
        Map<String, String> sourceOf = new LinkedHashMap<>();
        specifications.forEach((parameter, specification) -> {
            int equals = specification.indexOf('=');
            if (equals < 0) {
                throw CsiException.invalidArgument("parameter '%s': '%s' is not a tag; write it as key=value", parameter, specification);
            }
            String key = specification.substring(0, equals);
            String value = template.fill(parameter, specification.substring(equals + 1));
            checkKey(parameter, key);
            checkValue(parameter, key, value);
            String earlier = sourceOf.putIfAbsent(key, parameter);
            if (earlier != null) {
                throw CsiException.invalidArgument("parameters '%s' and '%s' both set the tag '%s'", earlier, parameter, key);
            }
            tags.put(key, value);
        });
        return tags;
    }

    /** Keys from {@code tagDeletion*} parameters; the same key rules apply, so the driver's own tags cannot be removed. */
    static List<String> keysToDelete(Map<String, String> deletions) {
        deletions.forEach(Tags::checkKey);
        return deletions.values().stream().distinct().toList();
    }

    static void checkKey(String parameter, String key) {
        if (key.isBlank()) {
            throw CsiException.invalidArgument("parameter '%s': the tag key is empty", parameter);
        }
        if (key.codePointCount(0, key.length()) > MAX_KEY_LENGTH) {
            throw CsiException.invalidArgument("parameter '%s': the tag key '%s' is longer than EC2's %d characters",
                    parameter, key, MAX_KEY_LENGTH);
        }
        if (RESERVED_KEYS.contains(key) || RESERVED_PREFIXES.stream().anyMatch(key::startsWith)) {
            throw CsiException.invalidArgument("parameter '%s': the tag key '%s' is reserved (%s)", parameter, key, RESERVED_DESCRIPTION);
        }
    }

    private static void checkValue(String parameter, String key, String value) {
        if (value.codePointCount(0, value.length()) > MAX_VALUE_LENGTH) {
            throw CsiException.invalidArgument("parameter '%s': the value of tag '%s' is longer than EC2's %d characters",
                    parameter, key, MAX_VALUE_LENGTH);
        }
    }

    /**
     * Refuses a tag set EC2 would refuse: more than {@value #MAX_TAGS} tags, or a key or value
     * too long. The controller should call this again on the final set, with its own tags added.
     */
    public static void checkLimits(Map<String, String> tags) {
        if (tags.size() > MAX_TAGS) {
            throw CsiException.invalidArgument("%d tags, but EC2 allows at most %d per resource (tags: %s)",
                    tags.size(), MAX_TAGS, String.join(", ", tags.keySet()));
        }
        tags.forEach((key, value) -> {
            if (key.isEmpty() || key.codePointCount(0, key.length()) > MAX_KEY_LENGTH) {
                throw CsiException.invalidArgument("tag key '%s' must have 1 to %d characters", key, MAX_KEY_LENGTH);
            }
            if (value.codePointCount(0, value.length()) > MAX_VALUE_LENGTH) {
                throw CsiException.invalidArgument("the value of tag '%s' is longer than EC2's %d characters", key, MAX_VALUE_LENGTH);
            }
        });
    }
}
