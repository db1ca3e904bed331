package dev.polycsi.fsx.ontap.params;

import static dev.polycsi.fsx.ontap.params.Requests.FILE_SYSTEM;
import static dev.polycsi.fsx.ontap.params.Requests.SVM;
import static dev.polycsi.fsx.ontap.params.Requests.invalid;
import static dev.polycsi.fsx.ontap.params.Requests.resolve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.fsx.ontap.params.OntapSettings.SecurityStyle;
import dev.polycsi.fsx.ontap.params.OntapSettings.Tiering;
import dev.polycsi.fsx.ontap.params.OntapSettings.TieringPolicyName;
import dev.polycsi.fsx.ontap.params.OntapSettings.VolumeStyle;
import dev.polycsi.spi.param.Parameter;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VolumeParametersTest {

    // ---- defaults ---------------------------------------------------------------------------

    @Test
    void theTwoIdsAloneGiveAUnixFlexVolWithTheDriversDefaults() {
        OntapSettings settings = resolve();
        assertEquals(FILE_SYSTEM, settings.fileSystemId());
        assertEquals(SVM, settings.storageVirtualMachineId());
        assertEquals(VolumeStyle.FLEXVOL, settings.volumeStyle());
        assertEquals(List.of(), settings.aggregates());
        assertEquals(OptionalInt.empty(), settings.constituentsPerAggregate(), "FSx's own default (8) for FlexGroups");
        assertEquals(SecurityStyle.UNIX, settings.securityStyle(), "Linux pods need UNIX permissions, whatever the SVM root's style");
        assertEquals(new Tiering(TieringPolicyName.SNAPSHOT_ONLY, OptionalInt.empty()), settings.tiering());
        assertEquals("none", settings.snapshotPolicy(), "the driver owns snapshots");
        assertTrue(settings.storageEfficiencyEnabled());
        assertFalse(settings.copyTagsToBackups());
        assertEquals("/", settings.junctionPathPrefix());
        assertTrue(settings.skipFinalBackupOnDelete(), "FSx's default final backup would outlive every deleted volume");
        assertEquals(List.of("hard", "nfsvers=4.1"), settings.nfsMountOptions());
        assertEquals(Map.of(), settings.extraTags());
        assertEquals(1, settings.constituents());
    }

    @Test
    void theDefaultMountOptionsAreAwsRecommendation() {
        assertEquals(List.of("hard", "nfsvers=4.1"), VolumeParameters.DEFAULT_NFS_MOUNT_OPTIONS);
        assertEquals(VolumeParameters.DEFAULT_NFS_MOUNT_OPTIONS, resolve().nfsMountOptions());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fileSystemId", "storageVirtualMachineId"})
    void bothIdsAreRequired(String key) {
        invalid(() -> resolve(key, null), "parameter '" + key + "' is required");
    }

    @Test
    void settingsAreImmutable() {
        OntapSettings settings = resolve("volumeStyle", "FLEXGROUP", "aggregates", "aggr1", "extraTags", "a=b");
        assertThrows(UnsupportedOperationException.class, () -> settings.aggregates().add("aggr2"));
        assertThrows(UnsupportedOperationException.class, () -> settings.nfsMountOptions().add("soft"));
        assertThrows(UnsupportedOperationException.class, () -> settings.extraTags().put("c", "d"));
    }

    // ---- keys and values as FSx spells them --------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"FileSystemId", "filesystemid", "StorageVirtualMachineId", "VolumeStyle", "tieringpolicy", "EXTRATAGS",
            "snapshotpolicy"})
    void keysAreCaseSensitive(String key) {
        invalid(() -> resolve(key, "x"), "unknown parameter '" + key + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"junctionPath", "sizeInMegabytes", "ontapVolumeType", "exportPolicy", "skipFinalBackup", "snaplockConfiguration",
            "csi.storage.k8s.io/fstype"})
    void keysThisBackendDoesNotTakeAreRefusedRatherThanIgnored(String key) {
        invalid(() -> resolve(key, "x"), "unknown parameter '" + key + "'");
    }

    @ParameterizedTest
    @CsvSource({
            "volumeStyle, flexgroup, FLEXGROUP",
            "volumeStyle, FlexVol, FLEXVOL",
            "securityStyle, unix, UNIX",
            "securityStyle, ntfs, NTFS",
            "tieringPolicy, auto, AUTO",
            "tieringPolicy, snapshot_only, SNAPSHOT_ONLY",
            "tieringPolicy, ' NONE', NONE",
    })
    void enumValuesAreCaseSensitiveAndTheMessageSaysTheRightSpelling(String key, String value, String right) {
        invalid(() -> resolve(key, value), "parameter '" + key + "'", "case-sensitive", "write " + right);
    }

    // ---- every key: good values ---------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"fs-0123abcd", "fs-0123456789abcdef0"})
    void fileSystemIdsOfEightOrSeventeenHexDigits(String id) {
        assertEquals(id, resolve("fileSystemId", id).fileSystemId());
    }

    @Test
    void storageVirtualMachineIdIsTakenAsGiven() {
        assertEquals("svm-0fedcba9876543210", resolve("storageVirtualMachineId", "svm-0fedcba9876543210").storageVirtualMachineId());
    }

    @Test
    void eachSecurityStyle() {
        for (SecurityStyle style : SecurityStyle.values()) {
            assertEquals(style, resolve("securityStyle", style.name()).securityStyle());
        }
    }

    @Test
    void eachTieringPolicyWithoutACoolingPeriod() {
        for (TieringPolicyName policy : TieringPolicyName.values()) {
            assertEquals(new Tiering(policy, OptionalInt.empty()), resolve("tieringPolicy", policy.name()).tiering());
        }
    }

    @ParameterizedTest
    @CsvSource({"AUTO, 2", "AUTO, 183", "SNAPSHOT_ONLY, 31", "SNAPSHOT_ONLY, 2"})
    void coolingPeriodWithAutoOrSnapshotOnly(String policy, int days) {
        assertEquals(new Tiering(TieringPolicyName.valueOf(policy), OptionalInt.of(days)),
                resolve("tieringPolicy", policy, "coolingPeriod", String.valueOf(days)).tiering());
    }

    @Test
    void coolingPeriodWithTheDefaultPolicyIsSnapshotOnly() {
        assertEquals(new Tiering(TieringPolicyName.SNAPSHOT_ONLY, OptionalInt.of(10)), resolve("coolingPeriod", "10").tiering());
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "default", "default-1weekly", "keep_7.daily-snapshots", "P"})
    void snapshotPolicies(String policy) {
        assertEquals(policy, resolve("snapshotPolicy", policy).snapshotPolicy());
    }

    @Test
    void aSnapshotPolicyNameOf256Characters() {
        String name = "p".repeat(256);
        assertEquals(name, resolve("snapshotPolicy", name).snapshotPolicy());
    }

    @ParameterizedTest
    @CsvSource({"storageEfficiencyEnabled, false", "copyTagsToBackups, true", "skipFinalBackupOnDelete, false"})
    void booleansOverrideTheirDefaults(String key, boolean value) {
        OntapSettings settings = resolve(key, String.valueOf(value));
        boolean read = switch (key) {
            case "storageEfficiencyEnabled" -> settings.storageEfficiencyEnabled();
            case "copyTagsToBackups" -> settings.copyTagsToBackups();
            default -> settings.skipFinalBackupOnDelete();
        };
        assertEquals(value, read);
    }

    @ParameterizedTest
    @CsvSource({"1, true", "t, true", "T, true", "TRUE, true", "true, true", "True, true",
            "0, false", "f, false", "F, false", "FALSE, false", "false, false", "False, false"})
    void booleansTakeWhatGoParseBoolTakes(String spelling, boolean value) {
        assertEquals(value, resolve("copyTagsToBackups", spelling).copyTagsToBackups());
        assertEquals(value, resolve("skipFinalBackupOnDelete", spelling).skipFinalBackupOnDelete());
        assertEquals(value, resolve("storageEfficiencyEnabled", spelling).storageEfficiencyEnabled());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/k8s", "/k8s/prod_1", "/a-b/C9"})
    void junctionPathPrefixes(String prefix) {
        assertEquals(prefix, resolve("junctionPathPrefix", prefix).junctionPathPrefix());
    }

    @Test
    void theJunctionPathIsThePrefixAndTheOntapName() {
        assertEquals("/pvc_1", resolve().junctionPath("pvc_1"));
        assertEquals("/k8s/prod/pvc_1", resolve("junctionPathPrefix", "/k8s/prod").junctionPath("pvc_1"));
    }

    @Test
    void aJunctionPathPrefixLeavesRoomForTheLongestName() {
        String longest = "/" + "p".repeat(VolumeParameters.MAX_JUNCTION_PATH_PREFIX - 1);
        OntapSettings settings = resolve("junctionPathPrefix", longest);
        assertEquals(255, settings.junctionPath("n".repeat(VolumeNames.MAX_LENGTH)).length(), "FSx's longest JunctionPath");
        invalid(() -> resolve("junctionPathPrefix", longest + "p"), "parameter 'junctionPathPrefix'", "255");
    }

    @Test
    void nfsMountOptionsReplaceTheDefault() {
        assertEquals(List.of("soft", "nfsvers=3", "nconnect=16"), resolve("nfsMountOptions", "soft,nfsvers=3,nconnect=16").nfsMountOptions());
        assertEquals(List.of(), resolve("nfsMountOptions", "").nfsMountOptions(), "empty: only the PersistentVolume's options");
    }

    @Test
    void extraTagsInTheOrderGiven() {
        OntapSettings settings = resolve("extraTags", "team=storage,cost center=42,empty=");
        assertEquals(List.of("team", "cost center", "empty"), List.copyOf(settings.extraTags().keySet()));
        assertEquals("", settings.extraTags().get("empty"));
        assertEquals(Map.of(), resolve("extraTags", "").extraTags());
    }

    @Test
    void fortySevenExtraTagsLeaveRoomForTheDriversThree() {
        assertEquals(47, resolve("extraTags", tags(47)).extraTags().size());
        invalid(() -> resolve("extraTags", tags(48)), "parameter 'extraTags'", "50");
    }

    @ParameterizedTest
    @ValueSource(strings = {OntapTags.VOLUME_NAME_TAG, OntapTags.SNAPSHOT_NAME_TAG, OntapTags.SKIP_FINAL_BACKUP_TAG, "aws:cloudformation"})
    void theDriversTagKeysAndAwssAreReserved(String key) {
        invalid(() -> resolve("extraTags", "team=a," + key + "=x"), "parameter 'extraTags'", key, "reserved");
    }

    // ---- every key: bad values ----------------------------------------------------------------

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "fileSystemId|fs-0123abc",
            "fileSystemId|fs-0123456789abcdef",
            "fileSystemId|fs-0123456789ABCDEF0",
            "fileSystemId|fs-0123456789abcdef01",
            "fileSystemId|' fs-0123abcd'",
            "fileSystemId|svm-0123456789abcdef0",
            "fileSystemId|''",
            "storageVirtualMachineId|svm-0123abcd",
            "storageVirtualMachineId|svm-0123456789abcdef01",
            "storageVirtualMachineId|SVM-0123456789abcdef0",
            "storageVirtualMachineId|fs-0123456789abcdef0",
            "storageVirtualMachineId|vs0",
            "volumeStyle|FLEXCACHE",
            "volumeStyle|''",
            "aggregates|aggr0",
            "aggregates|aggr100",
            "aggregates|aggr01",
            "aggregates|aggrX",
            "aggregates|AGGR1",
            "aggregates|aggr1,,aggr2",
            "aggregates|aggr1,aggr1",
            "aggregates|aggr1,aggr2,aggr3,aggr4,aggr5,aggr6,aggr7",
            "aggregates|''",
            "constituentsPerAggregate|0",
            "constituentsPerAggregate|201",
            "constituentsPerAggregate|-8",
            "constituentsPerAggregate|eight",
            "constituentsPerAggregate|' 8'",
            "securityStyle|POSIX",
            "tieringPolicy|COLD",
            "coolingPeriod|1",
            "coolingPeriod|184",
            "coolingPeriod|31d",
            "coolingPeriod|''",
            "snapshotPolicy|''",
            "snapshotPolicy|my policy",
            "snapshotPolicy|a/b",
            "snapshotPolicy|pölicy",
            "storageEfficiencyEnabled|yes",
            "storageEfficiencyEnabled|on",
            "copyTagsToBackups|tRUE",
            "skipFinalBackupOnDelete|' true'",
            "skipFinalBackupOnDelete|''",
            "junctionPathPrefix|k8s",
            "junctionPathPrefix|/k8s/",
            "junctionPathPrefix|//",
            "junctionPathPrefix|/k8s//prod",
            "junctionPathPrefix|/k8s/../etc",
            "junctionPathPrefix|/..",
            "junctionPathPrefix|/a/./b",
            "junctionPathPrefix|/a b",
            "junctionPathPrefix|/a.b",
            "junctionPathPrefix|/völ",
            "junctionPathPrefix|''",
            "nfsMountOptions|hard,ro",
            "nfsMountOptions|bind",
            "nfsMountOptions|nfsvers=2",
            "nfsMountOptions|hard nfsvers=4.1",
            "extraTags|team",
            "extraTags|a=b=c",
            "extraTags|a=b,a=c",
            "extraTags|=b",
            "extraTags|a=b,",
            "extraTags|a=b;c",
    })
    void badValuesAreRefusedNamingTheKey(String key, String value) {
        String message = invalid(() -> resolve(key, value), "parameter '" + key + "'");
        assertTrue(message.contains("'" + value + "'"), "the message quotes the value: " + message);
    }

    @Test
    void aSnapshotPolicyNameOf257CharactersIsRefused() {
        invalid(() -> resolve("snapshotPolicy", "p".repeat(257)), "parameter 'snapshotPolicy'", "1 to 256");
    }

    @Test
    void messagesSayWhatToWriteInstead() {
        invalid(() -> resolve("junctionPathPrefix", "k8s/prod/"), "write /k8s/prod");
        invalid(() -> resolve("junctionPathPrefix", "/k8s/"), "write /k8s");
        invalid(() -> resolve("aggregates", "1,2"), "aggr1, aggr2");
        invalid(() -> resolve("aggregates", "aggr1,aggr2,aggr1"), "aggr1 is given twice");
    }

    // ---- combinations -----------------------------------------------------------------------

    @Test
    void aFlexGroupOverNamedAggregates() {
        OntapSettings settings = resolve("volumeStyle", "FLEXGROUP", "aggregates", "aggr1, aggr2", "constituentsPerAggregate", "4");
        assertEquals(VolumeStyle.FLEXGROUP, settings.volumeStyle());
        assertEquals(List.of("aggr1", "aggr2"), settings.aggregates());
        assertEquals(OptionalInt.of(4), settings.constituentsPerAggregate());
        assertEquals(8, settings.constituents());
    }

    @Test
    void aFlexGroupWithFsxsChoicesCountsEightConstituents() {
        OntapSettings settings = resolve("volumeStyle", "FLEXGROUP");
        assertEquals(List.of(), settings.aggregates());
        assertEquals(OptionalInt.empty(), settings.constituentsPerAggregate());
        assertEquals(8, settings.constituents());
        assertEquals(24, resolve("volumeStyle", "FLEXGROUP", "aggregates", "aggr1,aggr2,aggr3").constituents());
    }

    @ParameterizedTest
    @CsvSource({"aggregates, aggr1", "constituentsPerAggregate, 4"})
    void flexGroupKeysAreRefusedForAFlexVol(String key, String value) {
        String message = invalid(() -> resolve(key, value), "parameter '" + key + "'", "'volumeStyle' FLEXGROUP", "FLEXVOL");
        assertTrue(message.contains("the default"), "an unset volumeStyle is said to be the default: " + message);
        invalid(() -> resolve("volumeStyle", "FLEXVOL", key, value), "parameter '" + key + "'", "'volumeStyle' FLEXGROUP");
    }

    @Test
    void aFlexGroupHasAtMostTwoHundredConstituents() {
        assertEquals(198, resolve("volumeStyle", "FLEXGROUP", "aggregates", aggregates(6), "constituentsPerAggregate", "33").constituents());
        assertEquals(200, resolve("volumeStyle", "FLEXGROUP", "aggregates", aggregates(2), "constituentsPerAggregate", "100").constituents());
        assertEquals(200, resolve("volumeStyle", "FLEXGROUP", "constituentsPerAggregate", "200").constituents());
        invalid(() -> resolve("volumeStyle", "FLEXGROUP", "aggregates", aggregates(6), "constituentsPerAggregate", "34"),
                "'aggregates'", "'constituentsPerAggregate'", "204", "200", "33 or less");
        invalid(() -> resolve("volumeStyle", "FLEXGROUP", "aggregates", aggregates(2), "constituentsPerAggregate", "101"),
                "'aggregates'", "'constituentsPerAggregate'", "202");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ALL", "NONE"})
    void aCoolingPeriodIsRefusedWithAllAndNone(String policy) {
        invalid(() -> resolve("tieringPolicy", policy, "coolingPeriod", "31"), "parameter 'coolingPeriod'", "'tieringPolicy'", policy);
    }

    // ---- the schema documents itself --------------------------------------------------------

    @Test
    void everyKeyIsDocumentedWithWhatItTakes() {
        for (Parameter<?> parameter : VolumeParameters.SCHEMA.parameters()) {
            assertTrue(parameter.description().length() > 40, parameter.key() + " needs a description");
            assertTrue(parameter.allowed() != null && !parameter.allowed().isBlank(), parameter.key() + " needs an allowed text");
        }
        assertEquals(List.of("fileSystemId", "storageVirtualMachineId", "volumeStyle", "aggregates", "constituentsPerAggregate",
                        "securityStyle", "tieringPolicy", "coolingPeriod", "snapshotPolicy", "storageEfficiencyEnabled", "copyTagsToBackups",
                        "skipFinalBackupOnDelete", "junctionPathPrefix", "nfsMountOptions", "extraTags"),
                VolumeParameters.SCHEMA.parameters().stream().map(Parameter::key).toList());
    }

    @Test
    void theDescriptionsOfChangedDefaultsSayWhatFsxWouldDo() {
        Map<String, String> descriptions = VolumeParameters.SCHEMA.parameters().stream()
                .collect(Collectors.toMap(Parameter::key, Parameter::description));
        assertTrue(descriptions.get("skipFinalBackupOnDelete").contains("FSx's own default is to take one"));
        assertTrue(descriptions.get("snapshotPolicy").contains("FSx's default is 'default'"));
        assertTrue(descriptions.get("securityStyle").contains("FSx's default is the style of the SVM's root volume"));
    }

    private static String tags(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "k" + i + "=v").collect(Collectors.joining(","));
    }

    private static String aggregates(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "aggr" + i).collect(Collectors.joining(","));
    }
}
