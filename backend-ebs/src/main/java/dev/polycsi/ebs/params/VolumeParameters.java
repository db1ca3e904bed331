package dev.polycsi.ebs.params;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.controller.ContentSource;
import dev.polycsi.spi.controller.CreateVolumeRequest;
import dev.polycsi.spi.controller.CreationMetadata;
import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.ParameterSchema;
import dev.polycsi.spi.param.Parameters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** The StorageClass parameters of {@code backend: ebs}, with aws-ebs-csi-driver's names and rules. */
public final class VolumeParameters {

    private static final Logger LOG = LogManager.getLogger();

    static final int VOLUME_INITIALIZATION_RATE_MIN = 100;
    static final int VOLUME_INITIALIZATION_RATE_MAX = 300;
    /** How long one ControllerPublishVolume waits for initialization; the cloud's bound, stated here for the docs. */
    static final String INITIALIZATION_WAIT_DESCRIPTION = "2 minutes";
    /** Volume context key that asks ControllerPublishVolume to wait for initialization. */
    public static final String BLOCK_ATTACH_CONTEXT = "blockattachuntilinitialized";

    /** Tag parameters: case-sensitive, as in the official driver, which accepts any key starting so. */
    public static final String TAG_PREFIX = "tagSpecification";

    static final Parameter<String> TYPE = Parameter.oneOf("type",
            "EBS volume type. io1 and io2 need `iops` or `iopsPerGB`; `throughput` applies to gp3 only; sbp1 and sbg1 exist only "
                    + "on Snowball Edge devices (with the driver pointed at the device's EC2 endpoint). "
                    + "A VolumeAttributesClass `type` overrides it.",
            VolumeType.wireNames()).withDefault(VolumeType.GP3.wireName());
    static final Parameter<Long> IOPS = Parameter.integer("iops",
            "Provisioned IOPS; io1, io2 and gp3 only. Capped at the type's maximum (io1 64000, io2 256000, gp3 16000) and at "
                    + "its IOPS per GiB (io1 50, io2 1000, gp3 500) unless that is below the type's minimum; below the minimum "
                    + "(io1/io2 100, gp3 3000) it is an error unless allowAutoIOPSPerGBIncrease=\"true\". "
                    + "Default: none for io1/io2 (required), EC2's 3000 for gp3. Exclusive with iopsPerGB; "
                    + "a VolumeAttributesClass `iops` overrides both.",
            1, Integer.MAX_VALUE);
    static final Parameter<Long> IOPS_PER_GB = Parameter.integer("iopsPerGB",
            "IOPS per GiB of volume size; io1, io2 and gp3 only. The product is capped and checked like `iops`. "
                    + "The ratio is also kept in the tag ebs.csi.aws.com/IOPSPerGb. Exclusive with iops.",
            1, Integer.MAX_VALUE);
    static final Parameter<Boolean> ALLOW_AUTO_IOPS_PER_GB_INCREASE = Parameter.bool("allowAutoIOPSPerGBIncrease",
            "Raise IOPS (from iops or iopsPerGB × size) that fall below the type's minimum (io1/io2 100, gp3 3000) to that "
                    + "minimum instead of failing; small volumes then cost more than the ratio suggests.").withDefault(false);
    static final Parameter<Long> THROUGHPUT = Parameter.integer("throughput",
            "Throughput in MiB/s; gp3 only. EC2's default and minimum is 125; at most 0.25 MiB/s per provisioned IOPS "
                    + "(750 at the 3000 baseline IOPS); EC2 enforces its current maximum. "
                    + "A VolumeAttributesClass `throughput` overrides it.",
            VolumeType.GP3_MIN_THROUGHPUT, Integer.MAX_VALUE);
    static final Parameter<Boolean> ENCRYPTED = Parameter.bool("encrypted",
            "Encrypt the volume, with kmsKeyId or else the account's default EBS key (alias aws/ebs).").withDefault(false);
    static final Parameter<String> KMS_KEY_ID = Parameter.matching("kmsKeyId",
            "KMS key that encrypts the volume; setting it implies encrypted=\"true\". The official driver documents the full key ARN.",
            "arn:aws[-a-z]*:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/\\S+|alias/\\S+|[A-Za-z0-9-]+",
            "a KMS key ARN, alias ARN, alias/NAME or key ID");
    static final Parameter<Boolean> ALLOW_AUTO_IOPS_INCREASE_ON_MODIFY = Parameter.bool("allowAutoIOPSIncreaseOnModify",
            "With iopsPerGB: when the volume is expanded, set its IOPS to the new size × iopsPerGB (capped at the type's maximum) "
                    + "in the same modification. Kept in the tag " + Tags.ALLOW_AUTO_IOPS_INCREASE_ON_MODIFY_TAG
                    + ", so it applies to the volume for its whole life.").withDefault(false);
    static final Parameter<Long> VOLUME_INITIALIZATION_RATE = Parameter.integer("volumeInitializationRate",
            "MiB/s at which EC2 fetches a restored snapshot's blocks (EBS provisioned rate for volume initialization, EC2's "
                    + "range 100 to 300); only for a volume restored from a snapshot. Billed per GiB restored; ignored by EC2 "
                    + "when fast snapshot restore is enabled for the snapshot in the volume's zone. Default: EC2's best effort.",
            VOLUME_INITIALIZATION_RATE_MIN, VOLUME_INITIALIZATION_RATE_MAX);
    static final Parameter<Boolean> BLOCK_ATTACH_UNTIL_INITIALIZED = Parameter.bool("blockAttachUntilInitialized",
            "Hold ControllerPublishVolume (and so the pod's start) until a volume restored from a snapshot is fully initialized "
                    + "(DescribeVolumeStatus initialization-state completed), so that the workload never reads blocks still on "
                    + "their way from S3. Each publish waits up to " + INITIALIZATION_WAIT_DESCRIPTION + " (less if the attacher's "
                    + "timeout is shorter), then fails UNAVAILABLE with EC2's progress and the attacher retries; the attachment "
                    + "stays. Kept in the volume context.").withDefault(false);
    static final Parameter<Boolean> BLOCK_EXPRESS = Parameter.bool("blockExpress",
            "Deprecated and ignored: every io2 volume is Block Express now. Accepted so that existing StorageClasses keep working.");
    static final Parameter<String> FSTYPE = Parameter.oneOf("fstype",
            "Legacy spelling of csi.storage.k8s.io/fstype, which the external-provisioner moves into the volume capability. "
                    + "Must agree with it when both are set. Ignored for raw block volumes. Default: ext4. The official driver's "
                    + "ntfs is refused: it is for Windows nodes, which this backend does not serve.",
            FormatOptions.FILESYSTEMS.toArray(String[]::new));

    /** Keys are matched without regard to case, as the official driver lower-cases them; the tagSpecification prefix is case-sensitive. */
    public static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .caseInsensitiveKeys()
            .add(TYPE)
            .add(IOPS)
            .add(IOPS_PER_GB)
            .add(ALLOW_AUTO_IOPS_PER_GB_INCREASE)
            .add(ALLOW_AUTO_IOPS_INCREASE_ON_MODIFY)
            .add(THROUGHPUT)
            .add(ENCRYPTED)
            .add(KMS_KEY_ID)
            .add(VOLUME_INITIALIZATION_RATE)
            .add(BLOCK_ATTACH_UNTIL_INITIALIZED)
            .add(BLOCK_EXPRESS)
            .add(FormatOptions.BLOCK_SIZE)
            .add(FormatOptions.INODE_SIZE)
            .add(FormatOptions.BYTES_PER_INODE)
            .add(FormatOptions.NUMBER_OF_INODES)
            .add(FormatOptions.EXT4_BIG_ALLOC)
            .add(FormatOptions.EXT4_CLUSTER_SIZE)
            .add(FormatOptions.EXT4_ENCRYPTION_SUPPORT)
            .add(FSTYPE)
            .addPrefix(TAG_PREFIX, "A volume tag, `key=value` (the value may contain `=`), usually written tagSpecification_1, "
                    + "tagSpecification_2, …. The value may use {{ .PVCName }}, {{ .PVCNamespace }} and {{ .PVName }} (needs the "
                    + "external-provisioner's --extra-create-metadata). Reserved keys are refused: " + Tags.RESERVED_DESCRIPTION
                    + ". EC2 limits: key up to 128, value up to 256 characters, 50 tags per volume. The driver's extra tags win "
                    + "over these. The prefix is case-sensitive.")
            .build();

    private static final String METADATA_HINT =
            "the external-provisioner sends the PVC and PV names only when it runs with --extra-create-metadata";

    private VolumeParameters() {
    }

    /**
     * Checks the request's parameters and mutable parameters together and resolves them for a
     * volume of {@code sizeGiB}. {@code extraTags} are the driver's own (--backend-option
     * ebs.extra-tags), which the StorageClass cannot override.
     */
    public static VolumeSettings resolve(CreateVolumeRequest request, long sizeGiB, Map<String, String> extraTags) {
        return resolve(request, sizeGiB, extraTags, type -> type.iopsLimits().orElseThrow());
    }

    /**
     * As {@link #resolve(CreateVolumeRequest, long, Map)}, with the IOPS limits of each type that
     * takes IOPS from {@code iopsLimits} (for a controller that learned EC2's current maxima).
     */
    public static VolumeSettings resolve(CreateVolumeRequest request, long sizeGiB, Map<String, String> extraTags,
            Function<VolumeType, IopsLimits> iopsLimits) {
        Parameters storageClass = request.parameters();
        Parameters mutable = request.mutableParameters();

        Optional<String> mutableType = MutableParameters.type(mutable);
        VolumeType type = VolumeType.parse(mutableType.isPresent() ? "type (VolumeAttributesClass)" : TYPE.key(),
                mutableType.orElse(storageClass.get(TYPE)));
        Optional<Integer> iops = iops(storageClass, mutable, type, sizeGiB, iopsLimits);
        Optional<Integer> throughput = throughput(storageClass, mutable, type, iops);

        Optional<String> kmsKeyId = storageClass.find(KMS_KEY_ID);
        boolean encrypted = storageClass.get(ENCRYPTED) || kmsKeyId.isPresent();
        if (storageClass.find(BLOCK_EXPRESS).orElse(false)) {
            LOG.info("StorageClass parameter blockExpress is deprecated and ignored: every io2 volume is Block Express");
        }

        Optional<Integer> initializationRate = initializationRate(request, storageClass);
        FormatOptions format = formatOptions(storageClass);
        String fsType = fsType(request, storageClass, format);
        Map<String, String> tags = tags(request, storageClass, mutable, extraTags, type, iops);
        Map<String, String> context = new LinkedHashMap<>(format.toVolumeContext());
        if (storageClass.get(BLOCK_ATTACH_UNTIL_INITIALIZED)) {
            context.put(BLOCK_ATTACH_CONTEXT, "true");
        }
        return new VolumeSettings(type.wireName(), iops, throughput, encrypted, kmsKeyId, tags, fsType, format, context, initializationRate);
    }

    /** EC2 takes a provisioned initialization rate only when restoring a snapshot; say so before a blank volume is asked for. */
    private static Optional<Integer> initializationRate(CreateVolumeRequest request, Parameters storageClass) {
        Optional<Long> rate = storageClass.find(VOLUME_INITIALIZATION_RATE);
        if (rate.isPresent() && !(request.source().orElse(null) instanceof ContentSource.Snapshot)) {
            throw CsiException.invalidArgument("parameter '%s' applies only to a volume restored from a snapshot (EC2 fetches a "
                    + "snapshot's blocks at that rate); this volume is %s", VOLUME_INITIALIZATION_RATE.key(),
                    request.source().isPresent() ? "a clone of a volume" : "blank");
        }
        return rate.map(Math::toIntExact);
    }

    /**
     * The IOPS to provision: a VolumeAttributesClass {@code iops} replaces the StorageClass's
     * iops or iopsPerGB (so that a VAC can give an iopsPerGB class a fixed value); otherwise
     * iops or iopsPerGB × size, capped as the official driver caps them.
     */
    private static Optional<Integer> iops(Parameters storageClass, Parameters mutable, VolumeType type, long sizeGiB,
            Function<VolumeType, IopsLimits> iopsLimits) {
        if (storageClass.isSet(IOPS) && storageClass.isSet(IOPS_PER_GB)) {
            throw CsiException.invalidArgument("parameters '%s' and '%s' are exclusive; set one of them", IOPS.key(), IOPS_PER_GB.key());
        }
        String key;
        long requested;
        Optional<Long> fromMutable = mutable.find(MutableParameters.IOPS);
        Optional<Long> perGiBFromMutable = MutableParameters.iopsPerGiB(mutable);
        if (fromMutable.isPresent() && perGiBFromMutable.isPresent()) {
            throw CsiException.invalidArgument("VolumeAttributesClass parameters 'iops' and 'iopspergb' are exclusive; set one of them");
        }
        if (fromMutable.isPresent()) {
            key = "iops (VolumeAttributesClass)";
            requested = fromMutable.get();
        } else if (perGiBFromMutable.isPresent()) {
            key = "iopspergb (VolumeAttributesClass)";
            long perGiB = perGiBFromMutable.get();
            requested = sizeGiB > Long.MAX_VALUE / perGiB ? Long.MAX_VALUE : perGiB * sizeGiB;
        } else if (storageClass.isSet(IOPS)) {
            key = IOPS.key();
            requested = storageClass.get(IOPS);
        } else if (storageClass.isSet(IOPS_PER_GB)) {
            key = IOPS_PER_GB.key();
            long perGiB = storageClass.get(IOPS_PER_GB);
            requested = sizeGiB > Long.MAX_VALUE / perGiB ? Long.MAX_VALUE : perGiB * sizeGiB;
        } else {
            if (type.requiresIops()) {
                throw CsiException.invalidArgument("%s volumes need '%s' or '%s': EC2 requires provisioned IOPS for them",
                        type, IOPS.key(), IOPS_PER_GB.key());
            }
            return Optional.empty();
        }
        if (!type.takesIops()) {
            throw CsiException.invalidArgument("parameter '%s' does not apply to %s volumes; only io1, io2 and gp3 take IOPS", key, type);
        }
        boolean allowIncrease = storageClass.get(ALLOW_AUTO_IOPS_PER_GB_INCREASE);
        return Optional.of(iopsLimits.apply(type).provisioned(requested, sizeGiB, allowIncrease, key, type));
    }

    private static Optional<Integer> throughput(Parameters storageClass, Parameters mutable, VolumeType type, Optional<Integer> iops) {
        Optional<Long> fromMutable = mutable.find(MutableParameters.THROUGHPUT);
        Optional<Long> throughput = fromMutable.or(() -> storageClass.find(THROUGHPUT));
        if (throughput.isEmpty()) {
            return Optional.empty();
        }
        String key = fromMutable.isPresent() ? "throughput (VolumeAttributesClass)" : THROUGHPUT.key();
        if (!type.takesThroughput()) {
            throw CsiException.invalidArgument("parameter '%s' does not apply to %s volumes; only gp3 takes a throughput", key, type);
        }
        checkThroughputRatio(key, throughput.get(), iops.orElse(VolumeType.GP3_BASELINE_IOPS));
        return Optional.of(Math.toIntExact(throughput.get()));
    }

    /** EC2 allows gp3 at most 0.25 MiB/s per provisioned IOPS. */
    public static void checkThroughputRatio(String key, long throughput, long iops) {
        if (throughput * 4 > iops) {
            throw CsiException.invalidArgument(
                    "parameter '%s': %d MiB/s needs at least %d IOPS (EC2 allows 0.25 MiB/s per IOPS); with %d IOPS the most is %d MiB/s",
                    key, throughput, throughput * 4, iops, iops / 4);
        }
    }

    private static FormatOptions formatOptions(Parameters storageClass) {
        return new FormatOptions(
                storageClass.find(FormatOptions.BLOCK_SIZE),
                storageClass.find(FormatOptions.INODE_SIZE),
                storageClass.find(FormatOptions.BYTES_PER_INODE),
                storageClass.find(FormatOptions.NUMBER_OF_INODES),
                storageClass.get(FormatOptions.EXT4_BIG_ALLOC),
                storageClass.find(FormatOptions.EXT4_CLUSTER_SIZE),
                storageClass.get(FormatOptions.EXT4_ENCRYPTION_SUPPORT));
    }

    /**
     * The filesystem the node will create: the capability's fsType, else the legacy fstype
     * parameter, else ext4; empty for a raw block volume, which takes no format options.
     */
    private static String fsType(CreateVolumeRequest request, Parameters storageClass, FormatOptions format) {
        if (request.wantsBlock()) {
            if (!format.isEmpty()) {
                throw CsiException.invalidArgument("parameter '%s' is a filesystem option, but the volume is requested as a raw block device",
                        format.keysSet().getFirst());
            }
            // The official driver ignores the legacy key altogether; a class shared by block and filesystem claims keeps working.
            return "";
        }
        List<String> requested = request.capabilities().stream().map(VolumeCapability::fsType).filter(fs -> !fs.isEmpty())
                .distinct().toList();
        if (requested.size() > 1) {
            throw CsiException.invalidArgument("the volume capabilities ask for different filesystems: %s", String.join(", ", requested));
        }
        Optional<String> legacy = storageClass.find(FSTYPE);
        if (!requested.isEmpty() && legacy.isPresent() && !legacy.get().equals(requested.getFirst())) {
            throw CsiException.invalidArgument("parameter '%s' is %s, but the volume capability (csi.storage.k8s.io/fstype) asks for %s",
                    FSTYPE.key(), legacy.get(), requested.getFirst());
        }
        if (legacy.isPresent()) {
            LOG.info("StorageClass parameter fstype is deprecated; use csi.storage.k8s.io/fstype");
        }
        String fsType = requested.isEmpty() ? legacy.orElse("ext4") : requested.getFirst();
        if (fsType.equalsIgnoreCase("ntfs")) {
            throw CsiException.invalidArgument("filesystem type 'ntfs' (csi.storage.k8s.io/fstype) is for Windows nodes, which the EBS "
                    + "backend does not serve: its node plugin formats and mounts on Linux; use ext4 or xfs");
        }
        if (!FormatOptions.FILESYSTEMS.contains(fsType)) {
            throw CsiException.invalidArgument("filesystem type '%s' (csi.storage.k8s.io/fstype) is not supported; allowed: %s",
                    fsType, String.join(", ", FormatOptions.FILESYSTEMS));
        }
        format.check(fsType);
        return fsType;
    }

    /**
     * StorageClass tags, less the VolumeAttributesClass's deletions, plus its additions (the VAC
     * wins, as mutable parameters do), then the driver's extra tags (the operator's policy wins),
     * then the driver's own: who the volume was created for, and the IOPS ratio.
     */
    private static Map<String, String> tags(CreateVolumeRequest request, Parameters storageClass, Parameters mutable,
            Map<String, String> extraTags, VolumeType type, Optional<Integer> iops) {
        CreationMetadata metadata = request.metadata();
        TagTemplate template = new TagTemplate(TagTemplate.VOLUME_FIELDS,
                Map.of("PVCName", metadata.pvcName(), "PVCNamespace", metadata.pvcNamespace(), "PVName", metadata.pvName()),
                METADATA_HINT);
        Map<String, String> tags = new LinkedHashMap<>(Tags.fromSpecifications(storageClass.withPrefix(TAG_PREFIX), template));
        MutableParameters.tagsToDelete(mutable).forEach(tags::remove);
        tags.putAll(Tags.fromSpecifications(mutable.withPrefix(MutableParameters.TAG_PREFIX), template));
        tags.putAll(extraTags);
        putIfNotEmpty(tags, Tags.PVC_NAME_TAG, metadata.pvcName());
        putIfNotEmpty(tags, Tags.PVC_NAMESPACE_TAG, metadata.pvcNamespace());
        putIfNotEmpty(tags, Tags.PV_NAME_TAG, metadata.pvName());
        // the ratio that decided the IOPS, if one did: the VolumeAttributesClass's, else the StorageClass's
        Optional<Long> ratio = MutableParameters.iopsPerGiB(mutable).or(() -> mutable.isSet(MutableParameters.IOPS)
                ? Optional.empty() : storageClass.find(IOPS_PER_GB));
        if (iops.isPresent() && ratio.isPresent() && type.takesIops()) {
            tags.put(Tags.IOPS_PER_GB_TAG, Long.toString(ratio.get()));
        }
        if (MutableParameters.allowAutoIopsIncreaseOnModify(mutable).orElse(storageClass.get(ALLOW_AUTO_IOPS_INCREASE_ON_MODIFY))) {
            tags.put(Tags.ALLOW_AUTO_IOPS_INCREASE_ON_MODIFY_TAG, "true");
        }
        Tags.checkLimits(tags);
        return tags;
    }

    private static void putIfNotEmpty(Map<String, String> tags, String key, String value) {
        if (!value.isEmpty()) {
            tags.put(key, value);
        }
    }
}
