package dev.polycsi.filecache.params;

import static dev.polycsi.filecache.params.Requests.faultAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LustreConfigurationTest {

    private static final String KEY = LustreConfiguration.KEY;
    private static final char HERE = '»';

    @ParameterizedTest
    @ValueSource(strings = {
            "DeploymentType=CACHE_1,PerUnitStorageThroughput=1000,MetadataConfiguration={StorageCapacity=2400}",
            "MetadataConfiguration={StorageCapacity=2400},DeploymentType=CACHE_1,PerUnitStorageThroughput=1000",
            "DeploymentType=CACHE_1",
            "PerUnitStorageThroughput=1000",
            "PerUnitStorageThroughput=+1000",
            "PerUnitStorageThroughput=01000",
            "MetadataConfiguration={StorageCapacity=2400}",
    })
    void everyFormTheOfficialDriverReadsGivesTheOneConfigurationFileCacheOffers(String text) {
        assertEquals(LustreConfiguration.DEFAULT, LustreConfiguration.parse(text));
    }

    @Test
    void theShorthandRoundTrips() {
        String official = "DeploymentType=CACHE_1,PerUnitStorageThroughput=1000,MetadataConfiguration={StorageCapacity=2400}";
        assertEquals(official, LustreConfiguration.DEFAULT.toShorthand());
        assertEquals(LustreConfiguration.DEFAULT, LustreConfiguration.parse(LustreConfiguration.DEFAULT.toShorthand()));
    }

    @Test
    void theMaintenanceTimeIsAddedFromItsOwnParameter() {
        LustreConfiguration withTime = LustreConfiguration.DEFAULT.withWeeklyMaintenanceStartTime(Optional.of("7:09:00"));
        assertEquals(Optional.of("7:09:00"), withTime.weeklyMaintenanceStartTime());
        assertEquals(LustreConfiguration.DEFAULT.toShorthand(), withTime.toShorthand());
    }

    @Test
    void onlyTheValuesFileCacheOffersCanBeBuilt() {
        assertThrows(IllegalArgumentException.class,
                () -> new LustreConfiguration(CacheDeploymentType.CACHE_1, 500, 2400, Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> new LustreConfiguration(CacheDeploymentType.CACHE_1, 1000, 4800, Optional.empty()));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "»                                                     | expected Key=Value",
            "DeploymentType=»CACHE_2                               | 'DeploymentType' CACHE_2: File Cache offers CACHE_1 only",
            "DeploymentType=»cache_1                               | (values are case-sensitive: write CACHE_1)",
            "PerUnitStorageThroughput=»500                         | 'PerUnitStorageThroughput' 500: File Cache offers 1000 MB/s/TiB only",
            "PerUnitStorageThroughput=»fast                        | 'PerUnitStorageThroughput' fast is not an integer",
            "PerUnitStorageThroughput=»99999999999999999999        | is not an integer",
            "PerUnitStorageThroughput=»١٠٠٠                        | is not an integer",
            "MetadataConfiguration={StorageCapacity=»4800}         | 'StorageCapacity' 4800: File Cache offers 2400 GiB only",
            "MetadataConfiguration=»2400                           | 'MetadataConfiguration' in LustreConfiguration takes a group in braces",
            "MetadataConfiguration={»Iops=2400}                    | unknown key 'Iops' in MetadataConfiguration; allowed: StorageCapacity",
            "»perUnitStorageThroughput=1000                        | unknown key 'perUnitStorageThroughput' in LustreConfiguration (keys are case-sensitive: write PerUnitStorageThroughput)",
            "»WeeklyMaintenanceStartTime=7:09:00                   | unknown key 'WeeklyMaintenanceStartTime'",
            "»{DeploymentType=CACHE_1,MetadataConfiguration=2400,perUnitStorageThroughput=1000} | '{' without a key",
            "DeploymentType=CACHE_1,»DeploymentType=CACHE_1        | key 'DeploymentType' is given twice",
            "DeploymentType=CACHE_1,»                              | expected Key=Value after ','",
            "DeploymentType=CACHE_1,»PerUnitStorageThroughput      | 'PerUnitStorageThroughput' is not Key=Value",
            "MetadataConfiguration=»{StorageCapacity=2400          | '{' is never closed",
            "\"DeploymentType=CACHE_1,» PerUnitStorageThroughput=1000\" | whitespace is not allowed in LustreConfiguration",
            "\"DeploymentType=CACHE_1»\t\"                          | whitespace is not allowed",
    })
    void faultsAreReportedAtTheirPosition(String marked, String reason) {
        int character = marked.indexOf(HERE) + 1;
        String text = marked.replace(String.valueOf(HERE), "");
        faultAt(() -> LustreConfiguration.parse(text), KEY, character, reason);
    }
}
