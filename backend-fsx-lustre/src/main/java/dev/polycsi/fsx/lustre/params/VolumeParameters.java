package dev.polycsi.fsx.lustre.params;

import dev.polycsi.fsx.support.FsxParameters;
import dev.polycsi.fsx.support.FsxTags;
import dev.polycsi.spi.controller.CreateVolumeRequest;
import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.ParameterSchema;
import dev.polycsi.spi.param.Parameters;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The StorageClass parameters of {@code backend: fsx-lustre}, with aws-fsx-csi-driver's names.
 * Keys are case-sensitive, as in the official driver; so are enum values, as in FSx. Every value
 * and every combination FSx documents as invalid is refused here, with INVALID_ARGUMENT naming
 * the keys, before FSx is asked ({@link CreationRules}).
 */
public final class VolumeParameters {

    static final String ID_HEX = "[0-9a-f]{8,17}";

    static final Parameter<String> SUBNET_ID = FsxParameters.matching("subnetId",
            "The subnet the file system is created in; its zone is where the file servers live. Nodes mount it over TCP port 988.",
            Pattern.compile("subnet-" + ID_HEX), "subnet- and 8 or 17 hex digits").required();
    static final Parameter<List<String>> SECURITY_GROUP_IDS = FsxParameters.securityGroupIds("securityGroupIds",
            "Security groups of the file system's network interfaces, separated by commas; they must let the nodes reach "
                    + "port 988 (and 1018-1023). Default: the VPC's default security group. FSx takes at most 50.",
            Pattern.compile("sg-" + ID_HEX), "sg- and 8 or 17 hex digits, separated by commas");
    static final Parameter<DeploymentType> DEPLOYMENT_TYPE = FsxParameters.choice("deploymentType",
            "SCRATCH_1 and SCRATCH_2 keep no replica and take no throughput, KMS key or backups; PERSISTENT_1 and PERSISTENT_2 "
                    + "need perUnitStorageThroughput. Not sent when unset, so FSx creates its default, SCRATCH_1.",
            DeploymentType.values());
    static final Parameter<StorageType> STORAGE_TYPE = Parameter.custom("storageType", "enum",
            "SSD, or HDD (PERSISTENT_1 only, with driveCacheType). Not sent when unset: FSx's default is SSD. "
                    + "INTELLIGENT_TIERING is not supported yet.",
            FsxParameters.allowed(List.of(StorageType.values()), Enum::name), VolumeParameters::storageType);
    static final Parameter<DriveCacheType> DRIVE_CACHE_TYPE = FsxParameters.choice("driveCacheType",
            "Required with storageType HDD, refused otherwise: READ puts an SSD read cache of 20% of the capacity in front of "
                    + "the disks, NONE does not.",
            DriveCacheType.values());
    static final Parameter<Integer> PER_UNIT_STORAGE_THROUGHPUT = LustreParameters.perUnitStorageThroughput(
            "Throughput in MB/s per TiB of storage. Required for PERSISTENT_1 (SSD 50, 100 or 200; HDD 12 or 40) and "
                    + "PERSISTENT_2 (125, 250, 500 or 1000), refused for scratch. It decides the valid capacities of HDD and EFA "
                    + "file systems. A VolumeAttributesClass may change it later (persistent SSD without EFA).");
    static final Parameter<Integer> AUTOMATIC_BACKUP_RETENTION_DAYS = FsxParameters.range("automaticBackupRetentionDays",
            "Days FSx keeps daily automatic backups; 0 turns them off. Persistent file systems not linked to S3 only; there the "
                    + "value is always sent, default 0, because FSx documents two different defaults.",
            0, 90);
    static final Parameter<String> DAILY_AUTOMATIC_BACKUP_START_TIME = FsxParameters.matching("dailyAutomaticBackupStartTime",
            "UTC time of the daily automatic backup, HH:MM. Only with automaticBackupRetentionDays above 0 (the official driver "
                    + "drops it silently otherwise; here it is an error). Default: FSx picks one.",
            Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]"), "HH:MM, 00:00 to 23:59");
    static final Parameter<Boolean> COPY_TAGS_TO_BACKUPS = FsxParameters.bool("copyTagsToBackups",
            "Copy the file system's tags to its backups. true only for persistent file systems not linked to S3.");
    static final Parameter<DataCompressionType> DATA_COMPRESSION_TYPE = FsxParameters.choice("dataCompressionType",
            "LZ4 compresses newly written data; NONE (FSx's default) does not.", DataCompressionType.values());
    static final Parameter<String> WEEKLY_MAINTENANCE_START_TIME = FsxParameters.matching("weeklyMaintenanceStartTime",
            "Start of the weekly maintenance window, d:HH:MM in UTC, d from 1 (Monday) to 7 (Sunday). Default: FSx picks one.",
            Pattern.compile("[1-7]:([01][0-9]|2[0-3]):[0-5][0-9]"), "d:HH:MM, d 1 to 7");
    static final Parameter<LustreVersion> FILE_SYSTEM_TYPE_VERSION = FsxParameters.choice("fileSystemTypeVersion",
            "Lustre version. Not sent when unset: FSx then picks 2.10, or for PERSISTENT_2 2.12 (2.15 with a metadata "
                    + "configuration). PERSISTENT_2 cannot have 2.10, and with metadataConfigurationMode it needs 2.15. The nodes' "
                    + "Lustre client must be able to mount it.",
            List.of(LustreVersion.values()), LustreVersion::wire);
    static final Parameter<String> KMS_KEY_ID = FsxParameters.matching("kmsKeyId",
            "KMS key that encrypts the data at rest; persistent file systems only (scratch ones use a key FSx manages). "
                    + "Default: the account's FSx key.",
            Pattern.compile("(arn:aws[-a-z]*:kms:[a-z0-9-]+:[0-9]{12}:(key|alias)/\\S{1,1900}|alias/\\S{1,256}|[A-Za-z0-9-]{1,256})"),
            "a KMS key ID or ARN, an alias ARN or alias/NAME");
    static final Parameter<String> S3_IMPORT_PATH = Parameter.custom("s3ImportPath", "string",
            "S3 bucket (and prefix) whose objects appear as files. Not for PERSISTENT_2, which links buckets through data "
                    + "repository associations. A linked file system takes no automatic backups.",
            S3Path.ALLOWED, S3Path::decode);
    static final Parameter<String> S3_EXPORT_PATH = Parameter.custom("s3ExportPath", "string",
            "Where changed files are exported: the same bucket as s3ImportPath, which it needs. Default: FSx's "
                    + "s3://BUCKET/FSxLustre<creation time>.",
            S3Path.ALLOWED, S3Path::decode);
    static final Parameter<AutoImportPolicy> AUTO_IMPORT_POLICY = FsxParameters.choice("autoImportPolicy",
            "Which changes in the s3ImportPath bucket FSx imports by itself; needs s3ImportPath. FSx's default: NONE.",
            AutoImportPolicy.values());
    static final Parameter<Boolean> EFA_ENABLED = FsxParameters.bool("efaEnabled",
            "Elastic Fabric Adapter and GPUDirect Storage. true needs PERSISTENT_2 with a metadataConfigurationMode and "
                    + "security groups that allow EFA; capacities then come in multiples of 38400, 19200, 9600 or 4800 GiB at 125, 250, "
                    + "500 or 1000 MB/s/TiB, and the throughput can no longer change.");
    static final Parameter<MetadataMode> METADATA_CONFIGURATION_MODE = LustreParameters.metadataMode(
            "PERSISTENT_2 only: AUTOMATIC scales the metadata IOPS with the capacity; USER_PROVISIONED takes metadataIops. "
                    + "A VolumeAttributesClass may change it later.");
    static final Parameter<Integer> METADATA_IOPS = LustreParameters.metadataIops(
            "Metadata IOPS; required with metadataConfigurationMode USER_PROVISIONED and refused without it. "
                    + "A VolumeAttributesClass may raise it later (FSx never lowers it).");
    static final Parameter<Map<String, String>> EXTRA_TAGS = Parameter.custom("extraTags", "tags",
            "Tags of the file system, key=value pairs separated by commas, read as the official driver reads them (no '=' "
                    + "inside a key or value, nothing trimmed). The driver adds CSIVolumeName=<PV name>; FSx allows 50 tags in all.",
            FsxTags.ALLOWED, text -> FsxTags.parseExtraTags(text, Set.of(FsxTags.VOLUME_NAME_TAG), "file system"));

    public static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .add(SUBNET_ID)
            .add(SECURITY_GROUP_IDS)
            .add(DEPLOYMENT_TYPE)
            .add(STORAGE_TYPE)
            .add(DRIVE_CACHE_TYPE)
            .add(PER_UNIT_STORAGE_THROUGHPUT)
            .add(AUTOMATIC_BACKUP_RETENTION_DAYS)
            .add(DAILY_AUTOMATIC_BACKUP_START_TIME)
            .add(COPY_TAGS_TO_BACKUPS)
            .add(DATA_COMPRESSION_TYPE)
            .add(WEEKLY_MAINTENANCE_START_TIME)
            .add(FILE_SYSTEM_TYPE_VERSION)
            .add(KMS_KEY_ID)
            .add(S3_IMPORT_PATH)
            .add(S3_EXPORT_PATH)
            .add(AUTO_IMPORT_POLICY)
            .add(EFA_ENABLED)
            .add(METADATA_CONFIGURATION_MODE)
            .add(METADATA_IOPS)
            .add(EXTRA_TAGS)
            .build();

    private VolumeParameters() {
    }

    /** The file system a CreateVolume asks for: its StorageClass parameters, and VolumeAttributesClass ones overriding them. */
    public static LustreSettings resolve(CreateVolumeRequest request) {
        return resolve(request.parameters(), request.mutableParameters());
    }

    /**
     * The file system {@code storageClass} asks for, with {@code mutable} (a VolumeAttributesClass
     * given at creation, parsed by {@link MutableParameters#SCHEMA}) overriding the throughput
     * and the metadata configuration. Every bad combination is INVALID_ARGUMENT naming its keys.
     */
    public static LustreSettings resolve(Parameters storageClass, Parameters mutable) {
        return new CreationRules(storageClass, mutable).settings();
    }

    private static StorageType storageType(String value) {
        if (value.equals("INTELLIGENT_TIERING")) {
            throw new IllegalArgumentException("INTELLIGENT_TIERING is not supported yet: it needs a throughput capacity and a "
                    + "read cache, which these parameters do not take");
        }
        return FsxParameters.exact(List.of(StorageType.values()), StorageType::name).apply(value);
    }
}
