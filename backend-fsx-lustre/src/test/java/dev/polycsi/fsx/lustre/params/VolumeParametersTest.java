package dev.polycsi.fsx.lustre.params;

import static dev.polycsi.fsx.lustre.params.Requests.SUBNET;
import static dev.polycsi.fsx.lustre.params.Requests.invalid;
import static dev.polycsi.fsx.lustre.params.Requests.map;
import static dev.polycsi.fsx.lustre.params.Requests.resolve;
import static dev.polycsi.fsx.lustre.params.Requests.storageClass;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.fsx.support.FsxTags;
import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.controller.CapacityRange;
import dev.polycsi.spi.controller.CreateVolumeRequest;
import dev.polycsi.spi.controller.CreationMetadata;
import dev.polycsi.spi.controller.TopologyRequirement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VolumeParametersTest {

    private static final String P1_SSD = "PERSISTENT_1";
    private static final String BUCKET = "s3://training-data";

    // ---- defaults ---------------------------------------------------------------------------

    @Test
    void aSubnetAloneIsAScratch1SsdFileSystemWithEverythingElseLeftToFsx() {
        LustreSettings settings = resolve();
        assertEquals(SUBNET, settings.subnetId());
        assertEquals(List.of(), settings.securityGroupIds());
        // not sent, as the official driver does not send them: FSx applies its own defaults
        assertEquals(Optional.empty(), settings.deploymentType());
        assertEquals(Optional.empty(), settings.storageType());
        assertEquals(Optional.empty(), settings.fileSystemTypeVersion());
        assertEquals(DeploymentType.SCRATCH_1, settings.effectiveDeploymentType());
        assertEquals(StorageType.SSD, settings.effectiveStorageType());
        assertEquals(Optional.empty(), settings.perUnitStorageThroughput());
        assertEquals(Optional.empty(), settings.driveCacheType());
        assertEquals(Optional.empty(), settings.dataCompressionType());
        assertEquals(Optional.empty(), settings.backups(), "scratch file systems take no backup field");
        assertEquals(Optional.empty(), settings.weeklyMaintenanceStartTime());
        assertEquals(Optional.empty(), settings.kmsKeyId());
        assertEquals(Optional.empty(), settings.dataRepository());
        assertFalse(settings.efaEnabled());
        assertEquals(Optional.empty(), settings.metadata());
        assertEquals(Map.of(), settings.extraTags());
        assertTrue(settings.capacity().description().startsWith("SCRATCH_1"), settings.capacity().description());
    }

    @Test
    void persistentFileSystemsSendZeroBackupDaysWhenNoneAreGiven() {
        LustreSettings settings = resolve("deploymentType", P1_SSD, "perUnitStorageThroughput", "200");
        assertEquals(Optional.of(BackupSettings.NONE), settings.backups());
    }

    @Test
    void subnetIdIsRequired() {
        invalid(() -> Requests.resolve(map("deploymentType", "SCRATCH_2"), Map.of()), "subnetId", "required");
    }

    @Test
    void settingsAreImmutable() {
        LustreSettings settings = resolve("securityGroupIds", "sg-0123abcd", "extraTags", "a=b");
        assertThrows(UnsupportedOperationException.class, () -> settings.securityGroupIds().add("sg-89abcdef"));
        assertThrows(UnsupportedOperationException.class, () -> settings.extraTags().put("c", "d"));
    }

    @Test
    void resolvesACreateVolumeRequestsParametersAndMutableParameters() {
        CreateVolumeRequest request = new CreateVolumeRequest("pvc-1234", new CapacityRange(0, 0),
                List.of(VolumeCapability.filesystem("", AccessMode.MULTI_NODE_MULTI_WRITER)),
                VolumeParameters.SCHEMA.parse(storageClass("deploymentType", P1_SSD, "perUnitStorageThroughput", "50")),
                MutableParameters.SCHEMA.parse(map("perUnitStorageThroughput", "200")),
                new CreationMetadata("data", "team-a", "pvc-1234"), Optional.empty(), TopologyRequirement.NONE, Secrets.none(),
                Deadline.NONE);
        assertEquals(Optional.of(200), VolumeParameters.resolve(request).perUnitStorageThroughput());
    }

    // ---- keys and values as the official driver reads them -----------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"SubnetId", "subnetid", "DeploymentType", "perunitstoragethroughput", "EXTRATAGS"})
    void keysAreCaseSensitiveAsInTheOfficialDriver(String key) {
        invalid(() -> Requests.resolve(Map.of("subnetId", SUBNET, key, "x"), Map.of()), "unknown parameter '" + key + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"throughputCapacity", "dataReadCacheSizingMode", "skipFinalBackup", "importedFileChunkSize"})
    void keysThisBackendDoesNotTakeAreRefusedRatherThanIgnored(String key) {
        invalid(() -> resolve(key, "1"), "unknown parameter '" + key + "'");
    }

    @ParameterizedTest
    @CsvSource({
            "deploymentType, persistent_2, PERSISTENT_2",
            "storageType, ssd, SSD",
            "driveCacheType, read, READ",
            "dataCompressionType, lz4, LZ4",
            "autoImportPolicy, new_changed, NEW_CHANGED",
            "metadataConfigurationMode, Automatic, AUTOMATIC",
    })
    void enumValuesAreCaseSensitiveAsInFsxAndTheMessageSaysTheRightSpelling(String key, String value, String right) {
        invalid(() -> resolve(key, value), "parameter '" + key + "'", "case-sensitive", "write " + right);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "subnetId|subnet-xyz",
            "subnetId|sub-0123abcd",
            "subnetId|subnet-0123456789abcdef012",
            "subnetId|' subnet-0123abcd'",
            "securityGroupIds|sg-1",
            "securityGroupIds|sg-0123abcd,,sg-0123abce",
            "securityGroupIds|sg-0123abcd,sg-0123abcd",
            "securityGroupIds|default",
            "deploymentType|SCRATCH_3",
            "storageType|NVME",
            "storageType|INTELLIGENT_TIERING",
            "driveCacheType|WRITE",
            "perUnitStorageThroughput|300",
            "perUnitStorageThroughput|fast",
            "perUnitStorageThroughput|-50",
            "perUnitStorageThroughput|' 200'",
            "automaticBackupRetentionDays|91",
            "automaticBackupRetentionDays|-1",
            "automaticBackupRetentionDays|seven",
            "dailyAutomaticBackupStartTime|24:00",
            "dailyAutomaticBackupStartTime|5:00",
            "dailyAutomaticBackupStartTime|05:60",
            "dailyAutomaticBackupStartTime|0500",
            "copyTagsToBackups|yes",
            "copyTagsToBackups|tRUE",
            "copyTagsToBackups|'true '",
            "dataCompressionType|GZIP",
            "weeklyMaintenanceStartTime|0:05:00",
            "weeklyMaintenanceStartTime|8:05:00",
            "weeklyMaintenanceStartTime|1:5:00",
            "weeklyMaintenanceStartTime|Mon:05:00",
            "fileSystemTypeVersion|2.11",
            "fileSystemTypeVersion|2.1",
            "fileSystemTypeVersion|v2.15",
            "kmsKeyId|not a key",
            "autoImportPolicy|ALL",
            "s3ImportPath|training-data/prefix",
            "s3ImportPath|s3://UPPER",
            "s3ImportPath|s3://a",
            "s3ImportPath|https://training-data",
            "s3ExportPath|s3:/training-data",
            "efaEnabled|yes",
            "efaEnabled|on",
            "metadataConfigurationMode|MANUAL",
            "metadataIops|2000",
            "metadataIops|18000",
            "metadataIops|204000",
            "metadataIops|0",
            "metadataIops|many",
            "extraTags|a",
            "extraTags|a=b=c",
            "extraTags|=v",
            "extraTags|a=1,a=2",
            "extraTags|CSIVolumeName=x",
            "extraTags|aws:owner=me",
            "extraTags|a=b,",
            "extraTags|k=v#w",
    })
    void badValuesAreRefusedNamingTheKeyAndTheValue(String key, String value) {
        invalid(() -> resolve(key, value), "parameter '" + key + "'", value);
    }

    @Test
    void messagesSayWhatIsAllowed() {
        String message = invalid(() -> resolve("weeklyMaintenanceStartTime", "Mon:05:00"), "d:HH:MM");
        assertTrue(message.contains("allowed"), message);
        invalid(() -> resolve("metadataIops", "2000"), "1500, 3000, 6000, 12000");
        invalid(() -> resolve("storageType", "INTELLIGENT_TIERING"), "not supported yet");
        invalid(() -> resolve("extraTags", "a=b=c"), "'a=b=c' is not one key=value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "t", "T", "TRUE", "true", "True"})
    void booleansAcceptWhatGosParseBoolAcceptsAsTrue(String value) {
        LustreSettings settings = resolve("deploymentType", P1_SSD, "perUnitStorageThroughput", "50", "copyTagsToBackups", value);
        assertTrue(settings.backups().orElseThrow().copyTags());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "f", "F", "FALSE", "false", "False"})
    void booleansAcceptWhatGosParseBoolAcceptsAsFalse(String value) {
        assertFalse(resolve("efaEnabled", value).efaEnabled());
    }

    @Test
    void securityGroupIdsAreCommaSeparatedAndTrimmed() {
        assertEquals(List.of("sg-0123abcd", "sg-0123456789abcdef0"),
                resolve("securityGroupIds", "sg-0123abcd, sg-0123456789abcdef0").securityGroupIds());
        String many = IntStream.range(0, 51).mapToObj(i -> "sg-%08x".formatted(i)).collect(Collectors.joining(","));
        invalid(() -> resolve("securityGroupIds", many), "securityGroupIds", "at most 50");
    }

    @ParameterizedTest
    @CsvSource({"dailyAutomaticBackupStartTime, 00:00", "dailyAutomaticBackupStartTime, 23:59",
            "weeklyMaintenanceStartTime, 1:00:00", "weeklyMaintenanceStartTime, 7:23:59"})
    void timesAtTheEdgesOfTheirRangesAreAccepted(String key, String value) {
        LustreSettings settings = resolve("deploymentType", P1_SSD, "perUnitStorageThroughput", "50",
                "automaticBackupRetentionDays", "1", key, value);
        String read = key.startsWith("daily") ? settings.backups().orElseThrow().dailyStartTime().orElseThrow()
                : settings.weeklyMaintenanceStartTime().orElseThrow();
        assertEquals(value, read);
    }

    @ParameterizedTest
    @CsvSource({"2.10, SCRATCH_1", "2.12, SCRATCH_2", "2.15, SCRATCH_2", "2.12, PERSISTENT_1"})
    void fileSystemTypeVersionIsSentAsWritten(String version, String deployment) {
        LustreSettings settings = resolve("fileSystemTypeVersion", version, "deploymentType", deployment,
                "perUnitStorageThroughput", deployment.startsWith("PERSISTENT") ? "100" : null);
        assertEquals(version, settings.fileSystemTypeVersion().orElseThrow().wire());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234abcd-12ab-34cd-56ef-1234567890ab", "mrk-1234abcd12ab34cd56ef1234567890ab",
            "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", "alias/fsx-data",
            "arn:aws-us-gov:kms:us-gov-west-1:123456789012:alias/fsx-data"})
    void kmsKeyIdTakesKeyIdsArnsAndAliases(String key) {
        assertEquals(Optional.of(key), resolve("deploymentType", P1_SSD, "perUnitStorageThroughput", "50", "kmsKeyId", key).kmsKeyId());
    }

    @Test
    void extraTagsAreReadAsTheOfficialDriverReadsThem() {
        assertEquals(Map.of("team", "ml", "empty", ""), resolve("extraTags", "team=ml,empty=").extraTags());
        // nothing is trimmed: the official driver would create the tag " env" too
        assertEquals(Map.of("a", "1", " env", "prod"), resolve("extraTags", "a=1, env=prod").extraTags());
        // an empty value is no tags, as the official driver skips it
        assertEquals(Map.of(), resolve("extraTags", "").extraTags());
        assertEquals(Map.of("path", "/data/x:y@z"), resolve("extraTags", "path=/data/x:y@z").extraTags());
    }

    @Test
    void extraTagsLeaveRoomForTheDriversVolumeNameTag() {
        String fortyNine = IntStream.range(0, 49).mapToObj(i -> "k" + i + "=v").collect(Collectors.joining(","));
        assertEquals(49, resolve("extraTags", fortyNine).extraTags().size());
        invalid(() -> resolve("extraTags", fortyNine + ",k49=v"), "extraTags", "50", "CSIVolumeName");
        invalid(() -> resolve("extraTags", "k=" + "v".repeat(257)), "extraTags", "256");
        invalid(() -> resolve("extraTags", "k".repeat(129) + "=v"), "extraTags", "128");
    }

    @Test
    void theControllersFinalTagSetIsCheckedAgainstFsxsLimits() {
        Map<String, String> tags = new LinkedHashMap<>();
        IntStream.range(0, 50).forEach(i -> tags.put("k" + i, "v"));
        FsxTags.checkLimits(tags, "file system");
        tags.put("CSIVolumeName", "pvc-1");
        invalid(() -> FsxTags.checkLimits(tags, "file system"), "51 tags", "50");
        invalid(() -> FsxTags.checkLimits(Map.of("", "v"), "file system"), "tag key");
        invalid(() -> FsxTags.checkLimits(Map.of("k", "v".repeat(257)), "file system"), "'k'", "256");
    }

    // ---- deployment and storage type ----------------------------------------------------------

    @Test
    void hddNeedsDriveCacheType() {
        invalid(() -> resolve("deploymentType", P1_SSD, "storageType", "HDD", "perUnitStorageThroughput", "12"),
                "driveCacheType", "storageType", "HDD");
    }

    @Test
    void driveCacheTypeIsForHddOnly() {
        invalid(() -> resolve("deploymentType", P1_SSD, "perUnitStorageThroughput", "50", "driveCacheType", "READ"),
                "driveCacheType", "HDD", "SSD");
        invalid(() -> resolve("driveCacheType", "NONE"), "driveCacheType", "HDD");
    }

    @ParameterizedTest
    @CsvSource({"SCRATCH_1", "SCRATCH_2", "PERSISTENT_2"})
    void hddIsForPersistent1Only(String deployment) {
        invalid(() -> resolve("deploymentType", deployment, "storageType", "HDD", "driveCacheType", "NONE",
                "perUnitStorageThroughput", "12"), "storageType", "HDD", "deploymentType", "PERSISTENT_1", deployment);
    }

    @Test
    void hddWithoutADeploymentTypeIsRefusedSayingFsxWouldCreateScratch1() {
        invalid(() -> resolve("storageType", "HDD", "driveCacheType", "NONE"), "storageType", "deploymentType", "unset", "SCRATCH_1");
    }

    @Test
    void persistent1HddIsAccepted() {
        LustreSettings settings = resolve("deploymentType", P1_SSD, "storageType", "HDD", "driveCacheType", "READ",
                "perUnitStorageThroughput", "40");
        assertEquals(Optional.of(StorageType.HDD), settings.storageType());
        assertEquals(Optional.of(DriveCacheType.READ), settings.driveCacheType());
        assertEquals(Optional.of(40), settings.perUnitStorageThroughput());
        assertTrue(settings.capacity().description().contains("1800"), settings.capacity().description());
    }

    // ---- throughput ---------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"SCRATCH_1", "SCRATCH_2"})
    void scratchFileSystemsTakeNoThroughput(String deployment) {
        invalid(() -> resolve("deploymentType", deployment, "perUnitStorageThroughput", "200"),
                "perUnitStorageThroughput", "scratch", deployment);
    }

    @Test
    void throughputWithoutADeploymentTypeIsRefusedSayingFsxWouldCreateScratch1() {
        invalid(() -> resolve("perUnitStorageThroughput", "200"), "perUnitStorageThroughput", "unset", "SCRATCH_1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"PERSISTENT_1|SSD|50, 100, 200", "PERSISTENT_2|SSD|125, 250, 500, 1000"})
    void persistentFileSystemsNeedThroughputAndAreToldTheChoices(String deployment, String storage, String choices) {
        invalid(() -> resolve("deploymentType", deployment), "perUnitStorageThroughput", "required", deployment, choices);
    }

    @Test
    void persistent1HddNeedsThroughputAndIsToldTheHddChoices() {
        invalid(() -> resolve("deploymentType", P1_SSD, "storageType", "HDD", "driveCacheType", "NONE"),
                "perUnitStorageThroughput", "HDD", "12, 40");
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
            "PERSISTENT_1, SSD, 125", "PERSISTENT_1, SSD, 12", "PERSISTENT_1, HDD, 50", "PERSISTENT_1, HDD, 200",
            "PERSISTENT_2, SSD, 200", "PERSISTENT_2, SSD, 40",
    })
    void throughputMustBeOneTheDeploymentAndStorageTypeOffer(String deployment, String storage, String throughput) {
        invalid(() -> resolve("deploymentType", deployment, "storageType", storage, "perUnitStorageThroughput", throughput,
                "driveCacheType", storage.equals("HDD") ? "NONE" : null), "perUnitStorageThroughput", throughput, "allowed");
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
            "PERSISTENT_1, SSD, 50", "PERSISTENT_1, SSD, 100", "PERSISTENT_1, SSD, 200", "PERSISTENT_1, HDD, 12",
            "PERSISTENT_1, HDD, 40", "PERSISTENT_2, SSD, 125", "PERSISTENT_2, SSD, 250", "PERSISTENT_2, SSD, 500",
            "PERSISTENT_2, SSD, 1000",
    })
    void everyThroughputFsxOffersIsAccepted(String deployment, String storage, int throughput) {
        LustreSettings settings = resolve("deploymentType", deployment, "storageType", storage,
                "perUnitStorageThroughput", String.valueOf(throughput), "driveCacheType", storage.equals("HDD") ? "NONE" : null);
        assertEquals(Optional.of(throughput), settings.perUnitStorageThroughput());
    }

    // ---- metadata configuration, EFA and version ----------------------------------------------

    private static LustreSettings persistent2(String... pairs) {
        Map<String, String> raw = storageClass("deploymentType", "PERSISTENT_2", "perUnitStorageThroughput", "125");
        raw.putAll(map(pairs));
        return Requests.resolve(raw, Map.of());
    }

    @Test
    void metadataConfigurationIsAutomaticOrUserProvisionedWithIops() {
        assertEquals(Optional.of(MetadataConfiguration.automatic()), persistent2("metadataConfigurationMode", "AUTOMATIC").metadata());
        assertEquals(Optional.of(MetadataConfiguration.userProvisioned(24000)),
                persistent2("metadataConfigurationMode", "USER_PROVISIONED", "metadataIops", "24000").metadata());
    }

    @Test
    void metadataIopsWithoutUserProvisionedIsRefused() {
        invalid(() -> persistent2("metadataIops", "3000"), "metadataIops", "metadataConfigurationMode", "USER_PROVISIONED");
        invalid(() -> persistent2("metadataConfigurationMode", "AUTOMATIC", "metadataIops", "3000"),
                "metadataIops", "metadataConfigurationMode", "AUTOMATIC");
    }

    @Test
    void userProvisionedNeedsMetadataIops() {
        invalid(() -> persistent2("metadataConfigurationMode", "USER_PROVISIONED"), "metadataIops", "required", "USER_PROVISIONED");
    }

    @ParameterizedTest
    @ValueSource(ints = {1500, 3000, 6000, 12000, 24000, 36000, 180000, 192000})
    void everyMetadataIopsValueFsxOffersIsAccepted(int iops) {
        assertEquals(Optional.of(iops), persistent2("metadataConfigurationMode", "USER_PROVISIONED",
                "metadataIops", String.valueOf(iops)).metadata().orElseThrow().iops());
    }

    @ParameterizedTest
    @CsvSource({"SCRATCH_2,", "PERSISTENT_1, 200"})
    void metadataConfigurationIsForPersistent2Only(String deployment, String throughput) {
        invalid(() -> resolve("deploymentType", deployment, "perUnitStorageThroughput", throughput,
                "metadataConfigurationMode", "AUTOMATIC"), "metadataConfigurationMode", "PERSISTENT_2", deployment);
    }

    @Test
    void efaFollowsTheOfficialExampleStorageClass() {
        LustreSettings settings = Requests.resolve(storageClass("deploymentType", "PERSISTENT_2", "perUnitStorageThroughput", "1000",
                "fileSystemTypeVersion", "2.15", "metadataConfigurationMode", "AUTOMATIC", "efaEnabled", "true"), Map.of());
        assertTrue(settings.efaEnabled());
        assertEquals(Optional.of(LustreVersion.V2_15), settings.fileSystemTypeVersion());
        assertTrue(settings.capacity().description().contains("4800"), settings.capacity().description());
    }

    @Test
    void efaNeedsPersistent2AndAMetadataConfiguration() {
        invalid(() -> resolve("deploymentType", P1_SSD, "perUnitStorageThroughput", "200", "efaEnabled", "true"),
                "efaEnabled", "PERSISTENT_2", P1_SSD);
        invalid(() -> resolve("efaEnabled", "true"), "efaEnabled", "PERSISTENT_2", "unset");
        invalid(() -> persistent2("efaEnabled", "true"), "efaEnabled", "metadataConfigurationMode");
    }

    @Test
    void persistent2CannotRunLustre210() {
        invalid(() -> persistent2("fileSystemTypeVersion", "2.10"), "fileSystemTypeVersion", "2.10", "PERSISTENT_2");
        assertEquals(Optional.of(LustreVersion.V2_12), persistent2("fileSystemTypeVersion", "2.12").fileSystemTypeVersion());
    }

    @Test
    void aMetadataConfigurationNeedsLustre215() {
        invalid(() -> persistent2("fileSystemTypeVersion", "2.12", "metadataConfigurationMode", "AUTOMATIC"),
                "fileSystemTypeVersion", "2.12", "metadataConfigurationMode", "2.15");
        assertTrue(persistent2("fileSystemTypeVersion", "2.15", "metadataConfigurationMode", "AUTOMATIC").metadata().isPresent());
    }

    // ---- KMS, S3 and backups ------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"SCRATCH_1", "SCRATCH_2"})
    void kmsKeyIdIsForPersistentFileSystemsOnly(String deployment) {
        invalid(() -> resolve("deploymentType", deployment, "kmsKeyId", "alias/fsx"), "kmsKeyId", "persistent", deployment);
    }

    @Test
    void aLinkedBucketIsTakenWithItsExportPathAndPolicy() {
        LustreSettings settings = resolve("deploymentType", "SCRATCH_2", "s3ImportPath", BUCKET + "/in",
                "s3ExportPath", BUCKET + "/out", "autoImportPolicy", "NEW_CHANGED_DELETED");
        assertEquals(Optional.of(new DataRepository(BUCKET + "/in", Optional.of(BUCKET + "/out"),
                Optional.of(AutoImportPolicy.NEW_CHANGED_DELETED))), settings.dataRepository());
        assertEquals(new DataRepository(BUCKET, Optional.empty(), Optional.empty()),
                resolve("s3ImportPath", BUCKET).dataRepository().orElseThrow());
    }

    @ParameterizedTest
    @CsvSource({"s3ExportPath, s3://training-data/out", "autoImportPolicy, NEW"})
    void exportPathAndAutoImportNeedAnImportPath(String key, String value) {
        invalid(() -> resolve(key, value), key, "s3ImportPath");
    }

    @Test
    void exportPathMustBeInTheImportBucket() {
        invalid(() -> resolve("s3ImportPath", BUCKET, "s3ExportPath", "s3://elsewhere/out"),
                "s3ExportPath", "s3ImportPath", "same bucket");
    }

    @Test
    void persistent2LinksNoBucketThroughTheseParameters() {
        invalid(() -> persistent2("s3ImportPath", BUCKET, "autoImportPolicy", "NEW"),
                "'s3ImportPath'", "'autoImportPolicy'", "PERSISTENT_2", "data repository associations");
    }

    @Test
    void persistentBackupsAreTakenAsGiven() {
        LustreSettings settings = resolve("deploymentType", P1_SSD, "perUnitStorageThroughput", "100",
                "automaticBackupRetentionDays", "7", "dailyAutomaticBackupStartTime", "02:30", "copyTagsToBackups", "true");
        assertEquals(Optional.of(new BackupSettings(7, Optional.of("02:30"), true)), settings.backups());
    }

    @ParameterizedTest
    @CsvSource({"automaticBackupRetentionDays, 7", "dailyAutomaticBackupStartTime, 02:00", "copyTagsToBackups, true"})
    void scratchFileSystemsTakeNoBackups(String key, String value) {
        invalid(() -> resolve("deploymentType", "SCRATCH_2", key, value), key, "persistent", "SCRATCH_2");
    }

    @Test
    void backupParametersThatAskForNothingAreAcceptedOnScratch() {
        assertEquals(Optional.empty(), resolve("automaticBackupRetentionDays", "0", "copyTagsToBackups", "false").backups());
    }

    @ParameterizedTest
    @CsvSource({"automaticBackupRetentionDays, 7", "copyTagsToBackups, true"})
    void aFileSystemLinkedToS3TakesNoBackups(String key, String value) {
        invalid(() -> resolve("deploymentType", P1_SSD, "perUnitStorageThroughput", "50", "s3ImportPath", BUCKET, key, value),
                key, "s3ImportPath");
        assertEquals(Optional.empty(), resolve("deploymentType", P1_SSD, "perUnitStorageThroughput", "50",
                "s3ImportPath", BUCKET).backups(), "no backup field is sent for a linked file system");
    }

    @ParameterizedTest
    @CsvSource({"''", "0"})
    void aBackupTimeWithoutRetentionIsRefused(String retention) {
        Map<String, String> raw = storageClass("deploymentType", P1_SSD, "perUnitStorageThroughput", "50",
                "dailyAutomaticBackupStartTime", "03:00");
        if (!retention.isEmpty()) {
            raw.put("automaticBackupRetentionDays", retention);
        }
        invalid(() -> Requests.resolve(raw, Map.of()), "dailyAutomaticBackupStartTime", "automaticBackupRetentionDays", "above 0");
    }

    // ---- a VolumeAttributesClass at creation -----------------------------------------------------

    @Test
    void aVolumeAttributesClassOverridesTheThroughput() {
        LustreSettings settings = Requests.resolve(storageClass("deploymentType", P1_SSD, "perUnitStorageThroughput", "50"),
                map("perUnitStorageThroughput", "200"));
        assertEquals(Optional.of(200), settings.perUnitStorageThroughput());
        // the StorageClass may even leave it to the VolumeAttributesClass
        assertEquals(Optional.of(100), Requests.resolve(storageClass("deploymentType", P1_SSD), map("perUnitStorageThroughput", "100"))
                .perUnitStorageThroughput());
    }

    @Test
    void aVolumeAttributesClassThroughputIsCheckedAgainstTheStorageClassAndNamedAsItsOwn() {
        invalid(() -> Requests.resolve(storageClass("deploymentType", P1_SSD, "perUnitStorageThroughput", "50"),
                map("perUnitStorageThroughput", "1000")), "perUnitStorageThroughput (VolumeAttributesClass)", "1000", "50, 100, 200");
        invalid(() -> Requests.resolve(storageClass(), map("perUnitStorageThroughput", "200")),
                "perUnitStorageThroughput (VolumeAttributesClass)", "scratch");
    }

    @Test
    void aVolumeAttributesClassReplacesTheWholeMetadataConfiguration() {
        Map<String, String> userProvisioned = storageClass("deploymentType", "PERSISTENT_2", "perUnitStorageThroughput", "250",
                "metadataConfigurationMode", "USER_PROVISIONED", "metadataIops", "3000");
        assertEquals(Optional.of(MetadataConfiguration.automatic()),
                Requests.resolve(userProvisioned, map("metadataConfigurationMode", "AUTOMATIC")).metadata());
        assertEquals(Optional.of(MetadataConfiguration.userProvisioned(12000)), Requests.resolve(userProvisioned,
                map("metadataConfigurationMode", "USER_PROVISIONED", "metadataIops", "12000")).metadata());
        invalid(() -> Requests.resolve(userProvisioned, map("metadataIops", "6000")),
                "metadataIops (VolumeAttributesClass)", "metadataConfigurationMode (VolumeAttributesClass)");
        invalid(() -> Requests.resolve(storageClass("deploymentType", "SCRATCH_2"), map("metadataConfigurationMode", "AUTOMATIC")),
                "metadataConfigurationMode (VolumeAttributesClass)", "PERSISTENT_2");
    }
}
