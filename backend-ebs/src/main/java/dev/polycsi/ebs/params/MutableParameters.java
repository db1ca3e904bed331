package dev.polycsi.ebs.params;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.ParameterSchema;
import dev.polycsi.spi.param.Parameters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * VolumeAttributesClass parameters of {@code backend: ebs} (type, iops, iopspergb,
 * allowautoiopsincreaseonmodify, throughput, tagSpecification*, tagDeletion*). Keys are case-sensitive, as in the official driver.
 */
public final class MutableParameters {

    public static final String TAG_PREFIX = "tagSpecification";
    public static final String TAG_DELETION_PREFIX = "tagDeletion";

    /** What the external-resizer adds with --extra-modify-metadata; the values of the tag templates. */
    static final String PVC_NAME_KEY = "csi.storage.k8s.io/pvc/name";
    static final String PVC_NAMESPACE_KEY = "csi.storage.k8s.io/pvc/namespace";
    static final String PV_NAME_KEY = "csi.storage.k8s.io/pv/name";

    static final Parameter<String> TYPE = Parameter.oneOf("type",
            "New EBS volume type (EC2 ModifyVolume). At creation it overrides the StorageClass's type.",
            VolumeType.wireNames());
    static final Parameter<String> VOLUME_TYPE = Parameter.oneOf("volumeType",
            "Deprecated spelling of `type`, accepted as the official driver does; `type` wins when both are set.",
            VolumeType.wireNames());
    static final Parameter<Long> IOPS = Parameter.integer("iops",
            "New provisioned IOPS; io1, io2 and gp3 only (of the new type if `type` is set). EC2 checks it against the "
                    + "volume's size (io1 50, io2 1000, gp3 500 per GiB) and the type's range (io1/io2 100–64000/256000, "
                    + "gp3 3000–16000 or EC2's current maximum). At creation it replaces the StorageClass's iops or iopsPerGB "
                    + "and is capped as they are.",
            1, Integer.MAX_VALUE);
    // Lower-case, as the official driver matches them (its VolumeAttributesClass keys are case-sensitive)
    static final Parameter<Long> IOPS_PER_GB = Parameter.integer("iopspergb",
            "IOPS per GiB (the StorageClass's iopsPerGB; spelled in lower case, as the official driver matches it): the volume "
                    + "gets its size × iopspergb IOPS, within its (new) type's limits (raised to the type's minimum, capped at its "
                    + "maximum and per-GiB ratio), and the ratio is kept in the tag " + Tags.IOPS_PER_GB_TAG + " for later "
                    + "expansions. io1, io2 and gp3 only; exclusive with iops. At creation it replaces the StorageClass's iops or "
                    + "iopsPerGB.",
            1, Integer.MAX_VALUE);
    static final Parameter<Boolean> ALLOW_AUTO_IOPS_INCREASE_ON_MODIFY = Parameter.bool("allowautoiopsincreaseonmodify",
            "The StorageClass's allowAutoIOPSIncreaseOnModify, spelled in lower case as the official driver matches it: "
                    + "\"true\" sets, \"false\" removes, the tag " + Tags.ALLOW_AUTO_IOPS_INCREASE_ON_MODIFY_TAG + "; with it, each "
                    + "expansion sets IOPS to the new size × the volume's IOPS per GiB.");
    static final Parameter<Long> THROUGHPUT = Parameter.integer("throughput",
            "New throughput in MiB/s; gp3 only. At least 125, at most 0.25 MiB/s per IOPS; EC2 enforces its current maximum.",
            VolumeType.GP3_MIN_THROUGHPUT, Integer.MAX_VALUE);
    static final Parameter<String> PVC_NAME = Parameter.string(PVC_NAME_KEY,
            "Set by the external-resizer with --extra-modify-metadata, not by users: the value of {{ .PVCName }} in tags.");
    static final Parameter<String> PVC_NAMESPACE = Parameter.string(PVC_NAMESPACE_KEY,
            "Set by the external-resizer with --extra-modify-metadata, not by users: the value of {{ .PVCNamespace }} in tags.");
    static final Parameter<String> PV_NAME = Parameter.string(PV_NAME_KEY,
            "Set by the external-resizer with --extra-modify-metadata, not by users: the value of {{ .PVName }} in tags.");

    public static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .add(TYPE)
            .add(VOLUME_TYPE)
            .add(IOPS)
            .add(IOPS_PER_GB)
            .add(ALLOW_AUTO_IOPS_INCREASE_ON_MODIFY)
            .add(THROUGHPUT)
            .add(PVC_NAME)
            .add(PVC_NAMESPACE)
            .add(PV_NAME)
            .addPrefix(TAG_PREFIX, "A tag to add or overwrite, `key=value`, usually tagSpecification_1, …; the value may use "
                    + "{{ .PVCName }}, {{ .PVCNamespace }} and {{ .PVName }} (needs the external-resizer's --extra-modify-metadata). "
                    + "Same key rules and EC2 limits as the StorageClass tags. Changing only tags calls only CreateTags.")
            .addPrefix(TAG_DELETION_PREFIX, "The key of a tag to remove, usually tagDeletion_1, …. The driver's own tags "
                    + "(" + Tags.RESERVED_DESCRIPTION + ") cannot be removed. At creation, removes a StorageClass tag.")
            .build();

    private static final String METADATA_HINT =
            "the external-resizer sends the PVC and PV names only when it runs with --extra-modify-metadata";

    private MutableParameters() {
    }

    /** The change a ControllerModifyVolume asks for. */
    public static VolumeChange resolve(Parameters mutable) {
        Optional<String> type = type(mutable);
        Optional<Integer> iops = mutable.find(IOPS).map(Math::toIntExact);
        Optional<Integer> throughput = mutable.find(THROUGHPUT).map(Math::toIntExact);
        if (iops.isPresent() && throughput.isPresent()) {
            VolumeParameters.checkThroughputRatio(THROUGHPUT.key(), throughput.get(), iops.get());
        }
        Optional<Long> iopsPerGiB = iopsPerGiB(mutable);
        if (iops.isPresent() && iopsPerGiB.isPresent()) {
            throw CsiException.invalidArgument("parameters '%s' and '%s' are exclusive; set one of them", IOPS.key(), IOPS_PER_GB.key());
        }
        Map<String, String> add = Tags.fromSpecifications(mutable.withPrefix(TAG_PREFIX), template(mutable));
        List<String> remove = tagsToDelete(mutable);
        remove.stream().filter(add::containsKey).findFirst().ifPresent(key -> {
            throw CsiException.invalidArgument("tag '%s' is both added (%s*) and removed (%s*)", key, TAG_PREFIX, TAG_DELETION_PREFIX);
        });
        Tags.checkLimits(add);
        VolumeChange change = new VolumeChange(type, iops, throughput, add, Set.copyOf(remove), iopsPerGiB,
                allowAutoIopsIncreaseOnModify(mutable));
        type.ifPresent(change::checkApplicableTo);
        return change;
    }

    static Optional<Long> iopsPerGiB(Parameters mutable) {
        return mutable.find(IOPS_PER_GB);
    }

    static Optional<Boolean> allowAutoIopsIncreaseOnModify(Parameters mutable) {
        return mutable.find(ALLOW_AUTO_IOPS_INCREASE_ON_MODIFY);
    }

    /** The new type, from {@code type} or its deprecated spelling {@code volumeType}. */
    static Optional<String> type(Parameters mutable) {
        return mutable.find(TYPE).or(() -> mutable.find(VOLUME_TYPE));
    }

    static List<String> tagsToDelete(Parameters mutable) {
        return Tags.keysToDelete(mutable.withPrefix(TAG_DELETION_PREFIX));
    }

    private static TagTemplate template(Parameters mutable) {
        Map<String, String> values = new HashMap<>();
        mutable.find(PVC_NAME).ifPresent(v -> values.put("PVCName", v));
        mutable.find(PVC_NAMESPACE).ifPresent(v -> values.put("PVCNamespace", v));
        mutable.find(PV_NAME).ifPresent(v -> values.put("PVName", v));
        return new TagTemplate(TagTemplate.VOLUME_FIELDS, values, METADATA_HINT);
    }
}
