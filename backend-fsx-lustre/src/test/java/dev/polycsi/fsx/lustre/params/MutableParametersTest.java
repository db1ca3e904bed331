package dev.polycsi.fsx.lustre.params;

import static dev.polycsi.fsx.lustre.params.Requests.invalid;
import static dev.polycsi.fsx.lustre.params.Requests.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MutableParametersTest {

    private static final ExistingFileSystem P1_SSD = new ExistingFileSystem(DeploymentType.PERSISTENT_1, StorageType.SSD,
            Optional.of(50), false, Optional.empty(), Optional.empty(), 2400);
    private static final ExistingFileSystem P1_HDD = new ExistingFileSystem(DeploymentType.PERSISTENT_1, StorageType.HDD,
            Optional.of(12), false, Optional.empty(), Optional.empty(), 6000);
    private static final ExistingFileSystem P2_AUTOMATIC = new ExistingFileSystem(DeploymentType.PERSISTENT_2, StorageType.SSD,
            Optional.of(250), false, Optional.of(MetadataMode.AUTOMATIC), Optional.of(3000), 4800);
    private static final ExistingFileSystem P2_PROVISIONED = new ExistingFileSystem(DeploymentType.PERSISTENT_2, StorageType.SSD,
            Optional.of(125), false, Optional.of(MetadataMode.USER_PROVISIONED), Optional.of(12000), 2400);
    private static final ExistingFileSystem P2_EFA = new ExistingFileSystem(DeploymentType.PERSISTENT_2, StorageType.SSD,
            Optional.of(1000), true, Optional.of(MetadataMode.AUTOMATIC), Optional.of(12000), 4800);
    private static final ExistingFileSystem P2_WITHOUT_METADATA = new ExistingFileSystem(DeploymentType.PERSISTENT_2, StorageType.SSD,
            Optional.of(125), false, Optional.empty(), Optional.empty(), 1200);
    private static final ExistingFileSystem SCRATCH_2 = new ExistingFileSystem(DeploymentType.SCRATCH_2, StorageType.SSD,
            Optional.empty(), false, Optional.empty(), Optional.empty(), 1200);

    private static LustreChange resolve(String... pairs) {
        return MutableParameters.resolve(MutableParameters.SCHEMA.parse(map(pairs)));
    }

    @Test
    void throughputAndMetadataResolveToAChange() {
        assertEquals(new LustreChange(Optional.of(500), Optional.empty()), resolve("perUnitStorageThroughput", "500"));
        assertEquals(new LustreChange(Optional.empty(), Optional.of(MetadataConfiguration.userProvisioned(24000))),
                resolve("metadataConfigurationMode", "USER_PROVISIONED", "metadataIops", "24000"));
        assertEquals(new LustreChange(Optional.empty(), Optional.of(MetadataConfiguration.automatic())),
                resolve("metadataConfigurationMode", "AUTOMATIC"));
    }

    @Test
    void metadataKeysFollowTheStorageClassRules() {
        invalid(() -> resolve("metadataIops", "6000"), "metadataIops", "metadataConfigurationMode", "USER_PROVISIONED");
        invalid(() -> resolve("metadataConfigurationMode", "AUTOMATIC", "metadataIops", "6000"), "metadataIops", "AUTOMATIC");
        invalid(() -> resolve("metadataConfigurationMode", "USER_PROVISIONED"), "metadataIops", "required");
    }

    @ParameterizedTest
    @CsvSource({"perUnitStorageThroughput, 300", "perUnitStorageThroughput, fast", "metadataIops, 4500",
            "metadataConfigurationMode, user_provisioned", "metadataConfigurationMode, MANUAL"})
    void badValuesAreRefusedNamingTheKey(String key, String value) {
        invalid(() -> resolve(key, value, "metadataConfigurationMode", key.equals("metadataIops") ? "USER_PROVISIONED" : null),
                "parameter '" + key + "'", value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PerUnitStorageThroughput", "metadataiops", "deploymentType", "storageCapacity", "extraTags"})
    void keysAreCaseSensitiveAndOnlyTheMutableOnesAreTaken(String key) {
        invalid(() -> resolve(key, "1"), "unknown parameter '" + key + "'", "perUnitStorageThroughput");
    }

    @Test
    void anEmptyChangeIsRefused() {
        invalid(() -> resolve(), "change nothing");
    }

    // ---- against the file system: what UpdateFileSystem allows --------------------------------

    @ParameterizedTest
    @CsvSource({"50", "100", "200"})
    void persistent1SsdThroughputMovesWithinItsList(int throughput) {
        resolve("perUnitStorageThroughput", String.valueOf(throughput)).checkApplicableTo(P1_SSD);
    }

    @ParameterizedTest
    @CsvSource({"125", "250", "500", "1000"})
    void persistent2ThroughputMovesWithinItsList(int throughput) {
        resolve("perUnitStorageThroughput", String.valueOf(throughput)).checkApplicableTo(P2_AUTOMATIC);
    }

    @Test
    void throughputOutsideTheDeploymentTypesListIsRefused() {
        invalid(() -> resolve("perUnitStorageThroughput", "125").checkApplicableTo(P1_SSD),
                "perUnitStorageThroughput", "125", "PERSISTENT_1", "50, 100, 200");
        invalid(() -> resolve("perUnitStorageThroughput", "200").checkApplicableTo(P2_AUTOMATIC),
                "perUnitStorageThroughput", "200", "125, 250, 500, 1000");
    }

    @Test
    void throughputOfScratchHddAndEfaFileSystemsCannotChange() {
        invalid(() -> resolve("perUnitStorageThroughput", "200").checkApplicableTo(SCRATCH_2), "perUnitStorageThroughput", "SCRATCH_2");
        invalid(() -> resolve("perUnitStorageThroughput", "40").checkApplicableTo(P1_HDD), "perUnitStorageThroughput", "HDD");
        invalid(() -> resolve("perUnitStorageThroughput", "500").checkApplicableTo(P2_EFA), "perUnitStorageThroughput", "EFA");
    }

    @Test
    void metadataIsForPersistent2Only() {
        invalid(() -> resolve("metadataConfigurationMode", "AUTOMATIC").checkApplicableTo(P1_SSD),
                "metadataConfigurationMode", "PERSISTENT_2", "PERSISTENT_1");
        invalid(() -> resolve("metadataConfigurationMode", "USER_PROVISIONED", "metadataIops", "3000").checkApplicableTo(SCRATCH_2),
                "metadataConfigurationMode", "SCRATCH_2");
        // FSx adds no metadata configuration to a file system created without one (its UnsupportedOperation)
        invalid(() -> resolve("metadataConfigurationMode", "USER_PROVISIONED", "metadataIops", "3000")
                .checkApplicableTo(P2_WITHOUT_METADATA), "metadataConfigurationMode", "created without a metadata configuration");
    }

    @Test
    void metadataIopsNeverGoDown() {
        resolve("metadataConfigurationMode", "USER_PROVISIONED", "metadataIops", "12000").checkApplicableTo(P2_PROVISIONED);
        resolve("metadataConfigurationMode", "USER_PROVISIONED", "metadataIops", "24000").checkApplicableTo(P2_PROVISIONED);
        invalid(() -> resolve("metadataConfigurationMode", "USER_PROVISIONED", "metadataIops", "6000").checkApplicableTo(P2_PROVISIONED),
                "metadataIops", "6000", "12000");
        // leaving AUTOMATIC: at least what AUTOMATIC gave
        resolve("metadataConfigurationMode", "USER_PROVISIONED", "metadataIops", "3000").checkApplicableTo(P2_AUTOMATIC);
        invalid(() -> resolve("metadataConfigurationMode", "USER_PROVISIONED", "metadataIops", "1500").checkApplicableTo(P2_AUTOMATIC),
                "metadataIops", "1500", "3000");
        // back to AUTOMATIC: FSx judges whether AUTOMATIC would give as many
        resolve("metadataConfigurationMode", "AUTOMATIC").checkApplicableTo(P2_PROVISIONED);
    }

    @Test
    void pendingOnLeavesOutWhatTheFileSystemAlreadyHas() {
        LustreChange both = resolve("perUnitStorageThroughput", "125", "metadataConfigurationMode", "USER_PROVISIONED",
                "metadataIops", "12000");
        assertTrue(both.pendingOn(P2_PROVISIONED).isEmpty(), "a retry after success asks for nothing");
        assertEquals(both, both.pendingOn(P2_AUTOMATIC));
        assertEquals(new LustreChange(Optional.empty(), Optional.of(MetadataConfiguration.userProvisioned(12000))),
                resolve("perUnitStorageThroughput", "250", "metadataConfigurationMode", "USER_PROVISIONED", "metadataIops", "12000")
                        .pendingOn(P2_AUTOMATIC), "P2_AUTOMATIC already has 250 MB/s/TiB");
        assertTrue(resolve("metadataConfigurationMode", "AUTOMATIC").pendingOn(P2_AUTOMATIC).isEmpty());
        assertEquals(Optional.of(MetadataConfiguration.automatic()),
                resolve("metadataConfigurationMode", "AUTOMATIC").pendingOn(P2_PROVISIONED).metadata());
    }
}
