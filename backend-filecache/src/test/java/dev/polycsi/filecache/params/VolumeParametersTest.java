package dev.polycsi.filecache.params;

import static dev.polycsi.filecache.params.Requests.SUBNET;
import static dev.polycsi.filecache.params.Requests.invalid;
import static dev.polycsi.filecache.params.Requests.resolve;
import static dev.polycsi.filecache.params.Requests.storageClass;
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
import dev.polycsi.spi.param.Parameters;
import java.util.ArrayList;
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

    // ---- defaults ---------------------------------------------------------------------------

    @Test
    void aSubnetAndOneAssociationAreACacheWithEveryFieldCreateFileCacheRequires() {
        CacheSettings settings = resolve();
        assertEquals(SUBNET, settings.subnetId());
        assertEquals(List.of(), settings.securityGroupIds());
        assertEquals(1200, settings.storageCapacityGiB());
        assertEquals(FileCacheType.LUSTRE, settings.fileCacheType());
        assertEquals("2.12", settings.fileCacheTypeVersion().wire());
        assertEquals(Optional.empty(), settings.kmsKeyId());
        assertFalse(settings.copyTagsToDataRepositoryAssociations());
        assertEquals(LustreConfiguration.DEFAULT, settings.lustreConfiguration());
        assertEquals(CacheDeploymentType.CACHE_1, settings.lustreConfiguration().deploymentType());
        assertEquals(1000, settings.lustreConfiguration().perUnitStorageThroughput());
        assertEquals(2400, settings.lustreConfiguration().metadataStorageCapacity());
        assertEquals(Optional.empty(), settings.lustreConfiguration().weeklyMaintenanceStartTime());
        assertEquals(List.of(DataRepositoryAssociation.s3("/ns1/", "s3://training-data/set1/")), settings.dataRepositoryAssociations());
        assertEquals(RepositoryType.S3, settings.repositoryType());
        assertEquals(Map.of(), settings.extraTags());
    }

    @Test
    void everyParameterReachesTheSettings() {
        CacheSettings settings = resolve(
                "securityGroupIds", "sg-0123abcd, sg-0123456789abcdef0",
                "dataRepositoryAssociations", "FileCachePath=/a,DataRepositoryPath=nfs://filer/a FileCachePath=/b,DataRepositoryPath=nfs://filer/b",
                "fileCacheType", "LUSTRE",
                "fileCacheTypeVersion", "2.12",
                "kmsKeyId", "alias/cache",
                "copyTagsToDataRepositoryAssociations", "true",
                "LustreConfiguration", "DeploymentType=CACHE_1",
                "weeklyMaintenanceStartTime", "7:09:00",
                "extraTags", "team=ml,cost-centre=42");
        assertEquals(List.of("sg-0123abcd", "sg-0123456789abcdef0"), settings.securityGroupIds());
        assertEquals(RepositoryType.NFS, settings.repositoryType());
        assertEquals(List.of("/a", "/b"), settings.dataRepositoryAssociations().stream().map(DataRepositoryAssociation::fileCachePath).toList());
        assertEquals(Optional.of("alias/cache"), settings.kmsKeyId());
        assertTrue(settings.copyTagsToDataRepositoryAssociations());
        assertEquals(Optional.of("7:09:00"), settings.lustreConfiguration().weeklyMaintenanceStartTime());
        assertEquals(List.of("team", "cost-centre"), List.copyOf(settings.extraTags().keySet()), "tags keep their order");
    }

    @Test
    void theVersionDefaultsWhateverTheTypeUnlikeTheOfficialDriver() {
        // the official driver sends an empty version when fileCacheType is set and fileCacheTypeVersion is not
        assertEquals(FileCacheVersion.V2_12, resolve("fileCacheType", "LUSTRE").fileCacheTypeVersion());
        assertEquals(FileCacheType.LUSTRE, resolve("fileCacheTypeVersion", "2.12").fileCacheType());
    }

    @Test
    void resolvesACreateVolumeRequestsParametersAndCapacity() {
        Parameters parameters = VolumeParameters.SCHEMA.parse(storageClass());
        CreateVolumeRequest request = new CreateVolumeRequest("pvc-1234", new CapacityRange(2000 * StorageCapacity.GIB, 0),
                List.of(VolumeCapability.filesystem("", AccessMode.MULTI_NODE_MULTI_WRITER)), parameters, Parameters.none(),
                new CreationMetadata("data", "team-a", "pvc-1234"), Optional.empty(), TopologyRequirement.NONE, Secrets.none(),
                Deadline.NONE);
        assertEquals(2400, VolumeParameters.resolve(request).storageCapacityGiB());
        assertEquals(VolumeParameters.resolve(parameters, request.capacity()), VolumeParameters.resolve(request));
    }

    @Test
    void settingsAreImmutable() {
        CacheSettings settings = resolve("securityGroupIds", "sg-0123abcd", "extraTags", "a=b");
        assertThrows(UnsupportedOperationException.class, () -> settings.securityGroupIds().add("sg-89abcdef"));
        assertThrows(UnsupportedOperationException.class, () -> settings.extraTags().put("c", "d"));
        assertThrows(UnsupportedOperationException.class, () -> settings.dataRepositoryAssociations().clear());
        DataRepositoryAssociation nfs = resolve("dataRepositoryAssociations",
                "FileCachePath=/a,DataRepositoryPath=nfs://f,DataRepositorySubdirectories=[x],NFS={Version=NFS3,DnsIps=[10.0.0.2]}")
                .dataRepositoryAssociations().getFirst();
        assertThrows(UnsupportedOperationException.class, () -> nfs.dataRepositorySubdirectories().add("y"));
        assertThrows(UnsupportedOperationException.class, () -> nfs.nfs().orElseThrow().dnsIps().add("10.0.0.3"));
        List<String> groups = new ArrayList<>(List.of("sg-0123abcd"));
        CacheSettings copy = new CacheSettings(SUBNET, groups, 1200, FileCacheType.LUSTRE, FileCacheVersion.V2_12, Optional.empty(), false,
                LustreConfiguration.DEFAULT, settings.dataRepositoryAssociations(), Map.of());
        groups.add("sg-89abcdef");
        assertEquals(List.of("sg-0123abcd"), copy.securityGroupIds());
    }

    @Test
    void settingsCannotHoldWhatCreateFileCacheRefuses() {
        List<DataRepositoryAssociation> one = resolve().dataRepositoryAssociations();
        assertThrows(IllegalArgumentException.class, () -> new CacheSettings(SUBNET, List.of(), 3600, FileCacheType.LUSTRE,
                FileCacheVersion.V2_12, Optional.empty(), false, LustreConfiguration.DEFAULT, one, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new CacheSettings(SUBNET, List.of(), 1200, FileCacheType.LUSTRE,
                FileCacheVersion.V2_12, Optional.empty(), false, LustreConfiguration.DEFAULT, List.of(), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> DataRepositoryAssociation.nfs("/a", "s3://bucket", List.of(),
                NfsConfiguration.nfs3()));
        assertThrows(IllegalArgumentException.class, () -> new DataRepositoryAssociation("/a", "nfs://f/x", List.of(), Optional.empty()));
    }

    // ---- keys and values as the official driver reads them -----------------------------------

    @Test
    void subnetIdAndAssociationsAreRequired() {
        invalid(() -> resolve("subnetId", null), "parameter 'subnetId' is required");
        invalid(() -> resolve("dataRepositoryAssociations", null), "parameter 'dataRepositoryAssociations' is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SubnetId", "lustreConfiguration", "DataRepositoryAssociations", "extratags", "FileCacheType"})
    void keysAreCaseSensitiveAsInTheOfficialDriver(String key) {
        invalid(() -> resolve(key, "x"), "unknown parameter '" + key + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploymentType", "perUnitStorageThroughput", "storageCapacity", "autoImportPolicy"})
    void keysThisBackendDoesNotTakeAreRefusedRatherThanIgnored(String key) {
        invalid(() -> resolve(key, "1"), "unknown parameter '" + key + "'");
    }

    @ParameterizedTest
    @CsvSource({"fileCacheType, lustre, LUSTRE", "fileCacheType, ' LUSTRE', LUSTRE"})
    void enumValuesAreCaseSensitiveAndTheMessageSaysTheRightSpelling(String key, String value, String right) {
        invalid(() -> resolve(key, value), "parameter '" + key + "'", "case-sensitive", "write " + right);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "subnetId|subnet-xyz",
            "subnetId|subnet-0123abc",
            "subnetId|subnet-0123456789abc",
            "subnetId|subnet-0123456789abcdef012",
            "subnetId|' subnet-0123abcd'",
            "subnetId|subnet-0123ABCD",
            "securityGroupIds|sg-1",
            "securityGroupIds|''",
            "securityGroupIds|sg-0123abcd,,sg-0123abce",
            "securityGroupIds|sg-0123abcd,sg-0123abcd",
            "securityGroupIds|default",
            "fileCacheType|NFS",
            "fileCacheTypeVersion|2.15",
            "fileCacheTypeVersion|2.1",
            "kmsKeyId|not a key",
            "copyTagsToDataRepositoryAssociations|yes",
            "copyTagsToDataRepositoryAssociations|tRUE",
            "weeklyMaintenanceStartTime|0:05:00",
            "weeklyMaintenanceStartTime|8:05:00",
            "weeklyMaintenanceStartTime|1:5:00",
            "weeklyMaintenanceStartTime|1:24:00",
            "weeklyMaintenanceStartTime|Mon:05:00",
            "weeklyMaintenanceStartTime|d:HH:MM",
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

    @ParameterizedTest
    @ValueSource(strings = {"1", "t", "T", "TRUE", "true", "True"})
    void booleansAcceptWhatGosParseBoolAcceptsAsTrue(String value) {
        assertTrue(resolve("copyTagsToDataRepositoryAssociations", value).copyTagsToDataRepositoryAssociations());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "f", "F", "FALSE", "false", "False"})
    void booleansAcceptWhatGosParseBoolAcceptsAsFalse(String value) {
        assertFalse(resolve("copyTagsToDataRepositoryAssociations", value).copyTagsToDataRepositoryAssociations());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1:00:00", "7:23:59", "7:00:00", "3:1230"})
    void maintenanceTimesFsxTakesAreAccepted(String value) {
        assertEquals(Optional.of(value), resolve("weeklyMaintenanceStartTime", value).lustreConfiguration().weeklyMaintenanceStartTime());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234abcd-12ab-34cd-56ef-1234567890ab", "mrk-1234abcd12ab34cd56ef1234567890ab",
            "arn:aws:kms:us-east-1:215474938041:key/48313a27-7d88-4b51-98a4-fdf5bc80dbbe", "alias/cache-data",
            "arn:aws-us-gov:kms:us-gov-west-1:123456789012:alias/cache-data"})
    void kmsKeyIdTakesKeyIdsArnsAndAliases(String key) {
        assertEquals(Optional.of(key), resolve("kmsKeyId", key).kmsKeyId());
    }

    @Test
    void securityGroupIdsAreCommaSeparatedTrimmedAndAtMost50() {
        assertEquals(List.of("sg-0123abcd", "sg-0123456789abcdef0"),
                resolve("securityGroupIds", "sg-0123abcd , sg-0123456789abcdef0").securityGroupIds());
        String fifty = IntStream.range(0, 50).mapToObj(i -> "sg-%08x".formatted(i)).collect(Collectors.joining(","));
        assertEquals(50, resolve("securityGroupIds", fifty).securityGroupIds().size());
        invalid(() -> resolve("securityGroupIds", fifty + ",sg-ffffffff"), "securityGroupIds", "at most 50");
    }

    @Test
    void extraTagsAreReadAsTheOfficialDriverReadsThem() {
        assertEquals(Map.of("team", "ml", "empty", ""), resolve("extraTags", "team=ml,empty=").extraTags());
        // nothing is trimmed: the official driver would create the tag " env" too
        assertEquals(Map.of("a", "1", " env", "prod"), resolve("extraTags", "a=1, env=prod").extraTags());
        assertEquals(Map.of(), resolve("extraTags", "").extraTags());
        assertEquals(Map.of("path", "/data/x:y@z"), resolve("extraTags", "path=/data/x:y@z").extraTags());
        String message = invalid(() -> resolve("extraTags", "a=b=c"), "'a=b=c' is not one key=value");
        assertTrue(message.contains("allowed"), message);
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
        FsxTags.checkLimits(tags, "cache");
        tags.put(FsxTags.VOLUME_NAME_TAG, "pvc-1");
        invalid(() -> FsxTags.checkLimits(tags, "cache"), "51 tags", "50");
        invalid(() -> FsxTags.checkLimits(Map.of("", "v"), "cache"), "tag key");
        invalid(() -> FsxTags.checkLimits(Map.of("k", "v".repeat(257)), "cache"), "'k'", "256");
    }

    // ---- the shorthand parameters ------------------------------------------------------------

    @Test
    void shorthandFaultsNameTheParameterAndThePosition() {
        Requests.faultAt(() -> resolve("LustreConfiguration", "PerUnitStorageThroughput=500"), "LustreConfiguration", 26, "1000");
        Requests.faultAt(() -> resolve("dataRepositoryAssociations", "FileCachePath=/a,DataRepositoryPath=s3://bucket,NFS"),
                "dataRepositoryAssociations", 49, "'NFS' is not Key=Value");
        Requests.faultAt(() -> resolve("dataRepositoryAssociations", "  \n "), "dataRepositoryAssociations", 1, "no association");
        Requests.faultAt(() -> resolve("LustreConfiguration", ""), "LustreConfiguration", 1, "expected Key=Value");
    }
}
