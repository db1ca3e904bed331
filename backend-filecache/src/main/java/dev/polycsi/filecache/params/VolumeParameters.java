package dev.polycsi.filecache.params;

import dev.polycsi.fsx.support.FsxParameters;
import dev.polycsi.fsx.support.FsxTags;
import dev.polycsi.spi.controller.CapacityRange;
import dev.polycsi.spi.controller.CreateVolumeRequest;
import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.ParameterSchema;
import dev.polycsi.spi.param.Parameters;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The StorageClass parameters of {@code backend: filecache}, with aws-file-cache-csi-driver's
 * names (case-sensitive, {@code LustreConfiguration} with a capital L as there). Every value and
 * every rule CreateFileCache states is checked here, with INVALID_ARGUMENT naming the parameter
 * (and, in the shorthand of {@code dataRepositoryAssociations} and {@code LustreConfiguration},
 * the key and the character position), before FSx is asked.
 */
public final class VolumeParameters {

    private static final String ID_HEX = "([0-9a-f]{8}|[0-9a-f]{17})";

    static final Parameter<String> SUBNET_ID = FsxParameters.matching("subnetId",
            "The one subnet the cache is created in; nodes mount it over TCP port 988 (and 1018-1023).",
            Pattern.compile("subnet-" + ID_HEX), "subnet- and 8 or 17 hex digits").required();
    static final Parameter<List<String>> SECURITY_GROUP_IDS = FsxParameters.securityGroupIds("securityGroupIds",
            "Security groups of the cache's network interfaces, separated by commas (spaces around them are dropped); they must "
                    + "let the nodes reach ports 988 and 1018-1023. Default: none sent, so FSx uses the VPC's default security group. "
                    + "FSx takes at most 50.",
            Pattern.compile("sg-" + ID_HEX), "sg- and 8 or 17 hex digits, separated by commas");
    static final Parameter<List<DataRepositoryAssociation>> DATA_REPOSITORY_ASSOCIATIONS = Parameter.custom(
            DataRepositoryAssociations.KEY, "shorthand",
            "The S3 buckets or NFS exports the cache links, created with it (they cannot be changed later). Separated by "
                    + "whitespace; each in the shorthand described below. A fault is reported with its character position.",
            DataRepositoryAssociations.ALLOWED, DataRepositoryAssociations::parse).required();
    static final Parameter<FileCacheType> FILE_CACHE_TYPE = FsxParameters.choice("fileCacheType",
            "The kind of cache; LUSTRE is the only one.", List.of(FileCacheType.values()), Enum::name)
            .withDefault(FileCacheType.LUSTRE);
    static final Parameter<FileCacheVersion> FILE_CACHE_TYPE_VERSION = FsxParameters.choice("fileCacheTypeVersion",
            "The Lustre version of the cache; 2.12 is the only one. The nodes' Lustre client must be able to mount it.",
            List.of(FileCacheVersion.values()), FileCacheVersion::wire).withDefault(FileCacheVersion.V2_12);
    static final Parameter<String> KMS_KEY_ID = FsxParameters.matching("kmsKeyId",
            "KMS key that encrypts the cache's data at rest. Default: the account's FSx key.",
            Pattern.compile("(arn:aws[-a-z]*:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/\\S{1,1900}|alias/\\S{1,256}|[A-Za-z0-9-]{1,256})"),
            "a KMS key ID or ARN, an alias ARN or alias/NAME");
    static final Parameter<Boolean> COPY_TAGS_TO_DATA_REPOSITORY_ASSOCIATIONS = FsxParameters.bool("copyTagsToDataRepositoryAssociations",
            "Give the data repository associations the cache's tags.").withDefault(false);
    static final Parameter<LustreConfiguration> LUSTRE_CONFIGURATION = Parameter.custom(LustreConfiguration.KEY, "shorthand",
            "The cache's Lustre settings, in the shorthand described below. File Cache offers one value for each, which is also "
                    + "the default of a key left out: DeploymentType CACHE_1, PerUnitStorageThroughput 1000 (MB/s/TiB), "
                    + "MetadataConfiguration StorageCapacity 2400 (GiB).",
            LustreConfiguration.ALLOWED, LustreConfiguration::parse);
    static final Parameter<String> WEEKLY_MAINTENANCE_START_TIME = FsxParameters.matching("weeklyMaintenanceStartTime",
            "Start of the weekly maintenance window, d:HH:MM in UTC, d from 1 (Monday) to 7 (Sunday); FSx also takes d:HHMM. "
                    + "Default: FSx picks one.",
            Pattern.compile("[1-7]:([01][0-9]|2[0-3]):?[0-5][0-9]"), "d:HH:MM, d 1 to 7");
    static final Parameter<Map<String, String>> EXTRA_TAGS = Parameter.custom("extraTags", "tags",
            "Tags of the cache, key=value pairs separated by commas, read as the official driver reads them (no '=' inside a key "
                    + "or value, nothing trimmed). The driver adds CSIVolumeName=<PV name>; FSx allows 50 tags in all.",
            FsxTags.ALLOWED, text -> FsxTags.parseExtraTags(text, Set.of(FsxTags.VOLUME_NAME_TAG), "cache"));

    public static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .add(SUBNET_ID)
            .add(SECURITY_GROUP_IDS)
            .add(DATA_REPOSITORY_ASSOCIATIONS)
            .add(FILE_CACHE_TYPE)
            .add(FILE_CACHE_TYPE_VERSION)
            .add(KMS_KEY_ID)
            .add(COPY_TAGS_TO_DATA_REPOSITORY_ASSOCIATIONS)
            .add(LUSTRE_CONFIGURATION)
            .add(WEEKLY_MAINTENANCE_START_TIME)
            .add(EXTRA_TAGS)
            .build();

    private VolumeParameters() {
    }

    /**
     * The cache a CreateVolume asks for: its StorageClass parameters (parsed by {@link #SCHEMA})
     * and its capacity range. OUT_OF_RANGE when the range admits no size File Cache offers.
     */
    public static CacheSettings resolve(CreateVolumeRequest request) {
        return resolve(request.parameters(), request.capacity());
    }

    /** The cache {@code storageClass} (parsed by {@link #SCHEMA}) and {@code capacity} ask for. */
    public static CacheSettings resolve(Parameters storageClass, CapacityRange capacity) {
        return new CacheSettings(
                storageClass.get(SUBNET_ID),
                storageClass.find(SECURITY_GROUP_IDS).orElse(List.of()),
                StorageCapacity.forCreate(capacity),
                storageClass.get(FILE_CACHE_TYPE),
                storageClass.get(FILE_CACHE_TYPE_VERSION),
                storageClass.find(KMS_KEY_ID),
                storageClass.get(COPY_TAGS_TO_DATA_REPOSITORY_ASSOCIATIONS),
                storageClass.find(LUSTRE_CONFIGURATION).orElse(LustreConfiguration.DEFAULT)
                        .withWeeklyMaintenanceStartTime(storageClass.find(WEEKLY_MAINTENANCE_START_TIME)),
                storageClass.get(DATA_REPOSITORY_ASSOCIATIONS),
                storageClass.find(EXTRA_TAGS).orElse(Map.of()));
    }
}
