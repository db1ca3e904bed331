package dev.polycsi.filecache.cloud;

import static dev.polycsi.filecache.cloud.SimulatedFileCache.request;
import static dev.polycsi.filecache.cloud.SimulatedFileCache.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.polycsi.filecache.params.CacheSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.fsx.model.CreateFileCacheRequest;
import software.amazon.awssdk.services.fsx.model.FileCacheDataRepositoryAssociation;
import software.amazon.awssdk.services.fsx.model.Tag;

/** CreateFileCache as the backend sends it: FSx's defaults left to FSx, the same body for the same request. */
class FileCacheModelTest {

    @Test
    void sendsTheOneLustreConfigurationAndLeavesOutWhatIsNotGiven() {
        CreateFileCacheRequest sent = FileCacheModel.createRequest(request("pvc-1", "token-1", settings()));

        assertEquals("token-1", sent.clientRequestToken());
        assertEquals("LUSTRE", sent.fileCacheTypeAsString());
        assertEquals("2.12", sent.fileCacheTypeVersion());
        assertEquals(1200, sent.storageCapacity());
        assertEquals(List.of(SimulatedFileCache.SUBNET), sent.subnetIds());
        assertEquals("CACHE_1", sent.lustreConfiguration().deploymentTypeAsString());
        assertEquals(1000, sent.lustreConfiguration().perUnitStorageThroughput());
        assertEquals(2400, sent.lustreConfiguration().metadataConfiguration().storageCapacity());
        assertNull(sent.lustreConfiguration().weeklyMaintenanceStartTime(), "FSx picks one");
        assertFalse(sent.hasSecurityGroupIds(), "FSx uses the VPC's default security group");
        assertNull(sent.kmsKeyId());
        assertNull(sent.copyTagsToDataRepositoryAssociations());
        assertEquals(List.of(FileCacheDataRepositoryAssociation.builder().fileCachePath("/ns1/").dataRepositoryPath("s3://training-data/set1/")
                .build()), sent.dataRepositoryAssociations());
    }

    @Test
    void sendsNfsAssociationsWithTheirConfiguration() {
        CacheSettings settings = settings("dataRepositoryAssociations",
                "FileCachePath=/,DataRepositoryPath=nfs://filer.example.com,DataRepositorySubdirectories=[/export1,/export2]");

        FileCacheDataRepositoryAssociation sent = FileCacheModel.createRequest(request("pvc-1", "t", settings)).dataRepositoryAssociations()
                .getFirst();

        assertEquals(List.of("/export1", "/export2"), sent.dataRepositorySubdirectories());
        assertEquals("NFS3", sent.nfs().versionAsString(), "the one version, sent although the StorageClass leaves it out");
        assertFalse(sent.nfs().hasDnsIps());
    }

    /** The client token's idempotency compares bodies: a restarted process must send the same one. */
    @Test
    void tagsGoSortedWhateverTheOrderTheyCameIn() {
        Map<String, String> one = new LinkedHashMap<>();
        one.put("team", "ml");
        one.put("CSIVolumeName", "pvc-1");
        one.put("cost-center", "42");
        Map<String, String> other = new LinkedHashMap<>();
        other.put("cost-center", "42");
        other.put("CSIVolumeName", "pvc-1");
        other.put("team", "ml");

        List<Tag> first = FileCacheModel.createRequest(new NewCache("t", settings(), one)).tags();
        List<Tag> second = FileCacheModel.createRequest(new NewCache("t", settings(), other)).tags();

        assertEquals(first, second);
        assertEquals(List.of("CSIVolumeName", "cost-center", "team"), first.stream().map(Tag::key).toList());
    }
}
