package dev.polycsi.fsx.lustre.params;

import static dev.polycsi.fsx.lustre.params.VolumeParameters.AUTOMATIC_BACKUP_RETENTION_DAYS;
import static dev.polycsi.fsx.lustre.params.VolumeParameters.AUTO_IMPORT_POLICY;
import static dev.polycsi.fsx.lustre.params.VolumeParameters.COPY_TAGS_TO_BACKUPS;
import static dev.polycsi.fsx.lustre.params.VolumeParameters.DAILY_AUTOMATIC_BACKUP_START_TIME;
import static dev.polycsi.fsx.lustre.params.VolumeParameters.DATA_COMPRESSION_TYPE;
import static dev.polycsi.fsx.lustre.params.VolumeParameters.DEPLOYMENT_TYPE;
import static dev.polycsi.fsx.lustre.params.VolumeParameters.DRIVE_CACHE_TYPE;
import static dev.polycsi.fsx.lustre.params.VolumeParameters.EFA_ENABLED;
import static dev.polycsi.fsx.lustre.params.VolumeParameters.EXTRA_TAGS;
import static dev.polycsi.fsx.lustre.params.VolumeParameters.FILE_SYSTEM_TYPE_VERSION;
import static dev.polycsi.fsx.lustre.params.VolumeParameters.KMS_KEY_ID;
import static dev.polycsi.fsx.lustre.params.VolumeParameters.METADATA_CONFIGURATION_MODE;
import static dev.polycsi.fsx.lustre.params.VolumeParameters.METADATA_IOPS;
import static dev.polycsi.fsx.lustre.params.VolumeParameters.PER_UNIT_STORAGE_THROUGHPUT;
import static dev.polycsi.fsx.lustre.params.VolumeParameters.S3_EXPORT_PATH;
import static dev.polycsi.fsx.lustre.params.VolumeParameters.S3_IMPORT_PATH;
import static dev.polycsi.fsx.lustre.params.VolumeParameters.SECURITY_GROUP_IDS;
import static dev.polycsi.fsx.lustre.params.VolumeParameters.STORAGE_TYPE;
import static dev.polycsi.fsx.lustre.params.VolumeParameters.SUBNET_ID;
import static dev.polycsi.fsx.lustre.params.VolumeParameters.WEEKLY_MAINTENANCE_START_TIME;

import dev.polycsi.fsx.support.FsxParameters;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.Parameters;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The combinations of StorageClass (and VolumeAttributesClass) parameters FSx's
 * CreateFileSystem refuses, refused first with INVALID_ARGUMENT naming every key involved. One
 * instance checks one request.
 */
final class CreationRules {

    private static final String FROM_VAC = " (VolumeAttributesClass)";

    private final Parameters storageClass;
    private final Parameters mutable;
    private final DeploymentType deployment;
    private final StorageType storage;

    CreationRules(Parameters storageClass, Parameters mutable) {
        this.storageClass = storageClass;
        this.mutable = mutable;
        this.deployment = storageClass.find(DEPLOYMENT_TYPE).orElse(DeploymentType.FSX_DEFAULT);
        this.storage = storageClass.find(STORAGE_TYPE).orElse(StorageType.FSX_DEFAULT);
    }

    LustreSettings settings() {
        checkStorageType();
        Optional<DriveCacheType> driveCache = driveCache();
        Optional<Integer> throughput = throughput();
        Optional<MetadataConfiguration> metadata = metadata();
        boolean efa = efa(metadata);
        Optional<LustreVersion> version = version(metadata);
        Optional<String> kmsKeyId = kmsKeyId();
        Optional<DataRepository> repository = dataRepository();
        Optional<BackupSettings> backups = backups(repository.isPresent());
        return new LustreSettings(
                storageClass.get(SUBNET_ID),
                storageClass.find(SECURITY_GROUP_IDS).orElse(List.of()),
                storageClass.find(DEPLOYMENT_TYPE),
                storageClass.find(STORAGE_TYPE),
                throughput,
                driveCache,
                storageClass.find(DATA_COMPRESSION_TYPE),
                backups,
                storageClass.find(WEEKLY_MAINTENANCE_START_TIME),
                version,
                kmsKeyId,
                repository,
                efa,
                metadata,
                storageClass.find(EXTRA_TAGS).orElse(Map.of()));
    }

    /** "deploymentType PERSISTENT_1", or that it is unset and what FSx then creates. */
    private String deploymentDescription() {
        return storageClass.isSet(DEPLOYMENT_TYPE) ? "'deploymentType' is " + deployment
                : "'deploymentType' is unset, so FSx creates " + DeploymentType.FSX_DEFAULT;
    }

    private void checkStorageType() {
        if (storage == StorageType.HDD && deployment != DeploymentType.PERSISTENT_1) {
            throw CsiException.invalidArgument("parameter 'storageType' HDD needs 'deploymentType' PERSISTENT_1, the only deployment "
                    + "type FSx offers on HDD (%s)", deploymentDescription());
        }
    }

    private Optional<DriveCacheType> driveCache() {
        Optional<DriveCacheType> cache = storageClass.find(DRIVE_CACHE_TYPE);
        if (storage == StorageType.HDD && cache.isEmpty()) {
            throw CsiException.invalidArgument("parameter 'driveCacheType' is required with 'storageType' HDD: NONE, or READ for an "
                    + "SSD read cache");
        }
        if (storage != StorageType.HDD && cache.isPresent()) {
            throw CsiException.invalidArgument("parameter 'driveCacheType' applies to 'storageType' HDD only (the storage type is %s)",
                    storage);
        }
        return cache;
    }

    /** perUnitStorageThroughput, a VolumeAttributesClass's first: required exactly for persistent deployments, from their list. */
    private Optional<Integer> throughput() {
        Parameter<Integer> vacKey = MutableParameters.PER_UNIT_STORAGE_THROUGHPUT;
        boolean fromVac = mutable.isSet(vacKey);
        String key = PER_UNIT_STORAGE_THROUGHPUT.key() + (fromVac ? FROM_VAC : "");
        Optional<Integer> throughput = fromVac ? mutable.find(vacKey) : storageClass.find(PER_UNIT_STORAGE_THROUGHPUT);
        List<Integer> allowed = deployment.throughputs(storage);
        if (!deployment.isPersistent()) {
            if (throughput.isPresent()) {
                throw CsiException.invalidArgument("parameter '%s' does not apply to scratch file systems, whose throughput FSx fixes "
                        + "(%s)", key, deploymentDescription());
            }
            return throughput;
        }
        if (throughput.isEmpty()) {
            throw CsiException.invalidArgument("parameter 'perUnitStorageThroughput' is required with 'deploymentType' %s on %s: %s",
                    deployment, storage, FsxParameters.list(allowed));
        }
        if (!allowed.contains(throughput.get())) {
            throw CsiException.invalidArgument("parameter '%s': %d MB/s/TiB is not offered for %s on %s; allowed: %s",
                    key, throughput.get(), deployment, storage, FsxParameters.list(allowed));
        }
        return throughput;
    }

    /** The metadata pair of the VolumeAttributesClass if it sets either key, else the StorageClass's; PERSISTENT_2 only. */
    private Optional<MetadataConfiguration> metadata() {
        boolean fromVac = mutable.isSet(MutableParameters.METADATA_CONFIGURATION_MODE) || mutable.isSet(MutableParameters.METADATA_IOPS);
        String suffix = fromVac ? FROM_VAC : "";
        String modeKey = METADATA_CONFIGURATION_MODE.key() + suffix;
        Optional<MetadataConfiguration> metadata = fromVac
                ? MetadataConfiguration.resolve(modeKey, METADATA_IOPS.key() + suffix,
                        mutable.find(MutableParameters.METADATA_CONFIGURATION_MODE), mutable.find(MutableParameters.METADATA_IOPS))
                : MetadataConfiguration.resolve(modeKey, METADATA_IOPS.key(),
                        storageClass.find(METADATA_CONFIGURATION_MODE), storageClass.find(METADATA_IOPS));
        if (metadata.isPresent() && deployment != DeploymentType.PERSISTENT_2) {
            throw CsiException.invalidArgument("parameter '%s' applies to 'deploymentType' PERSISTENT_2 only (%s)",
                    modeKey, deploymentDescription());
        }
        return metadata;
    }

    private boolean efa(Optional<MetadataConfiguration> metadata) {
        boolean efa = storageClass.find(EFA_ENABLED).orElse(false);
        if (efa && deployment != DeploymentType.PERSISTENT_2) {
            throw CsiException.invalidArgument("parameter 'efaEnabled' needs 'deploymentType' PERSISTENT_2 (%s)", deploymentDescription());
        }
        if (efa && metadata.isEmpty()) {
            throw CsiException.invalidArgument("parameter 'efaEnabled' needs 'metadataConfigurationMode': FSx enables EFA only on file "
                    + "systems with a metadata configuration");
        }
        return efa;
    }

    private Optional<LustreVersion> version(Optional<MetadataConfiguration> metadata) {
        Optional<LustreVersion> version = storageClass.find(FILE_SYSTEM_TYPE_VERSION);
        if (deployment == DeploymentType.PERSISTENT_2 && version.equals(Optional.of(LustreVersion.V2_10))) {
            throw CsiException.invalidArgument("parameter 'fileSystemTypeVersion' 2.10 is not available for 'deploymentType' "
                    + "PERSISTENT_2; use 2.12 or 2.15");
        }
        if (metadata.isPresent() && version.equals(Optional.of(LustreVersion.V2_12))) {
            throw CsiException.invalidArgument("parameter 'fileSystemTypeVersion' 2.12 cannot have 'metadataConfigurationMode': "
                    + "FSx needs 2.15 for a metadata configuration");
        }
        return version;
    }

    private Optional<String> kmsKeyId() {
        Optional<String> key = storageClass.find(KMS_KEY_ID);
        if (key.isPresent() && !deployment.isPersistent()) {
            throw CsiException.invalidArgument("parameter 'kmsKeyId' applies to persistent file systems only; FSx encrypts scratch "
                    + "ones with a key it manages (%s)", deploymentDescription());
        }
        return key;
    }

    private Optional<DataRepository> dataRepository() {
        Optional<String> importPath = storageClass.find(S3_IMPORT_PATH);
        Optional<String> exportPath = storageClass.find(S3_EXPORT_PATH);
        Optional<AutoImportPolicy> policy = storageClass.find(AUTO_IMPORT_POLICY);
        List<String> given = Stream.of(S3_IMPORT_PATH, S3_EXPORT_PATH, AUTO_IMPORT_POLICY)
                .filter(storageClass::isSet).map(p -> "'" + p.key() + "'").toList();
        if (!given.isEmpty() && deployment == DeploymentType.PERSISTENT_2) {
            throw CsiException.invalidArgument("%s not available for 'deploymentType' PERSISTENT_2, which links S3 buckets through "
                    + "data repository associations", subject(given, "is", "are"));
        }
        if (importPath.isEmpty()) {
            if (!given.isEmpty()) {
                throw CsiException.invalidArgument("parameter %s needs 's3ImportPath', the bucket the file system is linked to",
                        given.getFirst());
            }
            return Optional.empty();
        }
        if (exportPath.isPresent() && !S3Path.bucket(exportPath.get()).equals(S3Path.bucket(importPath.get()))) {
            throw CsiException.invalidArgument("parameters 's3ExportPath' (%s) and 's3ImportPath' (%s) must name the same bucket: "
                    + "FSx exports to the bucket it imports from", exportPath.get(), importPath.get());
        }
        return Optional.of(new DataRepository(importPath.get(), exportPath, policy));
    }

    /**
     * Automatic backups: persistent file systems not linked to S3 only, and a start time only
     * when backups are kept. Empty when no backup field may be sent.
     */
    private Optional<BackupSettings> backups(boolean linkedToS3) {
        Optional<Integer> retention = storageClass.find(AUTOMATIC_BACKUP_RETENTION_DAYS);
        Optional<String> startTime = storageClass.find(DAILY_AUTOMATIC_BACKUP_START_TIME);
        boolean copyTags = storageClass.find(COPY_TAGS_TO_BACKUPS).orElse(false);
        // 0 days and copyTagsToBackups=false ask for nothing, so they are accepted anywhere.
        List<String> asked = Stream.of(
                        retention.orElse(0) > 0 ? AUTOMATIC_BACKUP_RETENTION_DAYS.key() : null,
                        startTime.isPresent() ? DAILY_AUTOMATIC_BACKUP_START_TIME.key() : null,
                        copyTags ? COPY_TAGS_TO_BACKUPS.key() : null)
                .filter(Objects::nonNull).map(key -> "'" + key + "'").toList();
        if (!deployment.isPersistent()) {
            if (!asked.isEmpty()) {
                throw CsiException.invalidArgument("%s to persistent file systems only: FSx backs up no scratch file system (%s)",
                        subject(asked, "applies", "apply"), deploymentDescription());
            }
            return Optional.empty();
        }
        if (linkedToS3) {
            if (!asked.isEmpty()) {
                throw CsiException.invalidArgument("%s not available on a file system linked to S3 ('s3ImportPath'): FSx does not "
                        + "back those up", subject(asked, "is", "are"));
            }
            return Optional.empty();
        }
        if (startTime.isPresent() && retention.orElse(0) == 0) {
            throw CsiException.invalidArgument("parameter 'dailyAutomaticBackupStartTime' needs 'automaticBackupRetentionDays' above 0: "
                    + "without it no automatic backup is taken");
        }
        return Optional.of(new BackupSettings(retention.orElse(0), startTime, copyTags));
    }

    /** "parameter 'a' is" or "parameters 'a', 'b' are", for a message about {@code quotedKeys}. */
    private static String subject(List<String> quotedKeys, String singular, String plural) {
        return quotedKeys.size() == 1 ? "parameter " + quotedKeys.getFirst() + " " + singular
                : "parameters " + String.join(", ", quotedKeys) + " " + plural;
    }
}
