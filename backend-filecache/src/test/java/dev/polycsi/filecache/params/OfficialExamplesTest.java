package dev.polycsi.filecache.params;

import static dev.polycsi.filecache.params.Requests.faultAt;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polycsi.spi.controller.CapacityRange;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The examples of aws-file-cache-csi-driver (its StorageClass spec, dynamic provisioning README,
 * and unit tests) and of the CreateFileCache documentation, accepted here with the meaning they
 * have there, and surviving a round trip through the records' shorthand.
 */
class OfficialExamplesTest {

    /** examples/kubernetes/dynamic_provisioning/specs/storageclass.yaml. */
    static final Map<String, String> STORAGE_CLASS = Map.of(
            "subnetId", "subnet-0980aa7d25bc5fbf6",
            "securityGroupIds", "sg-0ce0ae50c693cdf88",
            "dataRepositoryAssociations", "FileCachePath=/ns1/,DataRepositoryPath=nfs://10.0.92.69/,NFS={Version=NFS3},"
                    + "DataRepositorySubdirectories=[subdir1,subdir2,subdir3]",
            "fileCacheType", "LUSTRE",
            "fileCacheTypeVersion", "2.12",
            "weeklyMaintenanceStartTime", "7:00:00",
            "LustreConfiguration", "DeploymentType=CACHE_1,PerUnitStorageThroughput=1000,MetadataConfiguration={StorageCapacity=2400}",
            "copyTagsToDataRepositoryAssociations", "true",
            "extraTags", "Tag1=Value1,Tag2=Value2");

    @Test
    void theOfficialStorageClassResolvesToWhatTheOfficialDriverSends() {
        CacheSettings settings = Requests.resolve(STORAGE_CLASS, CapacityRange.ANY);
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Tag1", "Value1");
        tags.put("Tag2", "Value2");
        CacheSettings expected = new CacheSettings("subnet-0980aa7d25bc5fbf6", List.of("sg-0ce0ae50c693cdf88"), 1200, FileCacheType.LUSTRE,
                FileCacheVersion.V2_12, Optional.empty(), true,
                LustreConfiguration.DEFAULT.withWeeklyMaintenanceStartTime(Optional.of("7:00:00")),
                List.of(DataRepositoryAssociation.nfs("/ns1/", "nfs://10.0.92.69/", List.of("subdir1", "subdir2", "subdir3"),
                        NfsConfiguration.nfs3())),
                tags);
        assertEquals(expected, settings);
        OfficialReading.assertSameAs(STORAGE_CLASS.get("dataRepositoryAssociations"), STORAGE_CLASS.get("LustreConfiguration"), settings);
    }

    /** pkg/cloud/cloud_test.go's CreateFileCache request. */
    @Test
    void theOfficialUnitTestsRequestResolves() {
        Map<String, String> raw = new HashMap<>(STORAGE_CLASS);
        raw.put("subnetId", "subnet-056da83524edbe641");
        raw.put("securityGroupIds", "sg-086f61ea73388fb6b,sg-0145e55e976000c9e");
        raw.put("kmsKeyId", "arn:aws:kms:us-east-1:215474938041:key/48313a27-7d88-4b51-98a4-fdf5bc80dbbe");
        raw.put("extraTags", "key1=value1,key2=value2");
        CacheSettings settings = Requests.resolve(raw, new CapacityRange(1200 * StorageCapacity.GIB, 0));
        assertEquals(List.of("sg-086f61ea73388fb6b", "sg-0145e55e976000c9e"), settings.securityGroupIds());
        assertEquals(Optional.of(raw.get("kmsKeyId")), settings.kmsKeyId());
        assertEquals(Map.of("key1", "value1", "key2", "value2"), settings.extraTags());
        assertEquals(1200, settings.storageCapacityGiB());
    }

    /** The dynamic provisioning README's template, with its placeholders filled in. */
    @Test
    void theReadmeTemplateResolves() {
        Map<String, String> raw = new HashMap<>(STORAGE_CLASS);
        raw.put("kmsKeyId", "1234abcd-12ab-34cd-56ef-1234567890ab");
        raw.put("copyTagsToDataRepositoryAssociations", "false");
        raw.put("weeklyMaintenanceStartTime", "7:09:00");
        CacheSettings settings = Requests.resolve(raw, CapacityRange.ANY);
        assertEquals(false, settings.copyTagsToDataRepositoryAssociations());
        assertEquals(Optional.of("7:09:00"), settings.lustreConfiguration().weeklyMaintenanceStartTime());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            // examples/kubernetes/dynamic_provisioning/specs/storageclass.yaml
            "FileCachePath=/ns1/,DataRepositoryPath=nfs://10.0.92.69/,NFS={Version=NFS3},DataRepositorySubdirectories=[subdir1,subdir2,subdir3]",
            // pkg/util/util_test.go
            "FileCachePath=/ns1/,DataRepositoryPath=nfs://filler.domain.com/,NFS={Version=NFS3,DnsIps=[10.0.0.1,10.0.0.2,10.0.0.3]},"
                    + "DataRepositorySubdirectories=[subdir1,subdir2,subdir3]",
            // the AWS CLI's create-file-cache S3 example
            "FileCachePath=/ns2/,DataRepositoryPath=s3://s3cache2/fsx/",
            // the CreateFileCache documentation's NFS example (nfs://filer.domain.com with subdirectories and two DNS servers)
            "FileCachePath=/ns1,DataRepositoryPath=nfs://filer.domain.com,DataRepositorySubdirectories=[test,test2],"
                    + "NFS={Version=NFS3,DnsIps=[192.168.0.1,192.168.0.2]}",
            // two S3 associations, separated by a space as the README says
            "FileCachePath=/ns1/,DataRepositoryPath=s3://s3cache1/fsx/ FileCachePath=/ns2/,DataRepositoryPath=s3://s3cache2/fsx/",
    })
    void theDocumentedAssociationsRoundTrip(String text) {
        List<DataRepositoryAssociation> parsed = DataRepositoryAssociations.parse(text);
        String shorthand = DataRepositoryAssociations.format(parsed);
        assertEquals(parsed, DataRepositoryAssociations.parse(shorthand), shorthand);
        assertEquals(shorthand, DataRepositoryAssociations.format(DataRepositoryAssociations.parse(shorthand)));
        OfficialReading.assertSameAs(text, null, Requests.resolve("dataRepositoryAssociations", text));
        OfficialReading.assertSameAs(shorthand, null, Requests.resolve("dataRepositoryAssociations", shorthand));
    }

    @Test
    void theUnitTestsSplitsAreTheParsersEntries() {
        // pkg/util/util_test.go TestSplitUnnestedCommas and TestMapValues
        DataRepositoryAssociation association = DataRepositoryAssociations.parse("FileCachePath=/ns1/,DataRepositoryPath=nfs://filler.domain.com/,"
                + "NFS={Version=NFS3,DnsIps=[10.0.0.1,10.0.0.2,10.0.0.3]},DataRepositorySubdirectories=[subdir1,subdir2,subdir3]").getFirst();
        assertEquals("/ns1/", association.fileCachePath());
        assertEquals("nfs://filler.domain.com/", association.dataRepositoryPath());
        assertEquals(new NfsConfiguration(NfsVersion.NFS3, List.of("10.0.0.1", "10.0.0.2", "10.0.0.3")), association.nfs().orElseThrow());
        assertEquals(List.of("subdir1", "subdir2", "subdir3"), association.dataRepositorySubdirectories());
        assertEquals(LustreConfiguration.DEFAULT, LustreConfiguration.parse(
                "DeploymentType=CACHE_1,PerUnitStorageThroughput=1000,MetadataConfiguration={StorageCapacity=2400}"));
    }

    /** pkg/util/util_test.go TestRoundUpVolumeSize. */
    @ParameterizedTest(name = "{0} GiB + {1} bytes -> {2} GiB")
    @CsvSource({"0, 1, 1200", "1, 0, 1200", "1000, 0, 1200", "2000, 0, 2400", "2400, 0, 2400", "2400, 1, 4800", "3600, 0, 4800",
            "4800, 0, 4800", "4800, 1, 7200"})
    void theOfficialRoundingTableHolds(long gib, long bytes, int expected) {
        assertEquals(expected, StorageCapacity.forCreate(new CapacityRange(gib * StorageCapacity.GIB + bytes, 0)));
    }

    /**
     * The pre-release README's example, which the official driver itself mishandles: it ignores
     * the lower-case keys (FSx then refuses the association for want of paths) and panics on the
     * LustreConfiguration. Here both are refused at the first fault, with the right spelling.
     */
    @Test
    void thePreReleaseReadmeExampleIsRefusedWithTheRightSpelling() {
        faultAt(() -> Requests.resolve("dataRepositoryAssociations", "fileCachePath=/ns1/,dataRepositoryPath=nfs://10.0.92.69/fsx/"),
                "dataRepositoryAssociations", 1, "unknown key 'fileCachePath'", "write FileCachePath");
        faultAt(() -> Requests.resolve("LustreConfiguration", "{DeploymentType=CACHE_1,MetadataConfiguration=2400,perUnitStorageThroughput=1000}"),
                "LustreConfiguration", 1, "'{' without a key");
        faultAt(() -> Requests.resolve("LustreConfiguration", "DeploymentType=CACHE_1,MetadataConfiguration=2400"),
                "LustreConfiguration", 46, "'MetadataConfiguration' in LustreConfiguration takes a group in braces");
    }
}
