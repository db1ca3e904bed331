package dev.polycsi.simulator.fsx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.fsx.model.BadRequestException;
import software.amazon.awssdk.services.fsx.model.DescribeStorageVirtualMachinesResponse;
import software.amazon.awssdk.services.fsx.model.FileSystem;
import software.amazon.awssdk.services.fsx.model.FileSystemLifecycle;
import software.amazon.awssdk.services.fsx.model.FileSystemType;
import software.amazon.awssdk.services.fsx.model.OntapDeploymentType;
import software.amazon.awssdk.services.fsx.model.ResourceNotFoundException;
import software.amazon.awssdk.services.fsx.model.StorageVirtualMachine;
import software.amazon.awssdk.services.fsx.model.StorageVirtualMachineLifecycle;
import software.amazon.awssdk.services.fsx.model.StorageVirtualMachineNotFoundException;
import software.amazon.awssdk.services.fsx.model.StorageVirtualMachineRootVolumeSecurityStyle;
import software.amazon.awssdk.services.fsx.model.StorageVirtualMachineSubtype;
import software.amazon.awssdk.services.fsx.model.Tag;

/** The seeded FSx for ONTAP file system and its SVM, as DescribeFileSystems and DescribeStorageVirtualMachines show them. */
class StorageVirtualMachinesTest extends AbstractFsxTest {

    private static final String DNS_NAME = "svm-0123456789abcdef0.fs-0fedcba9876543210.fsx.us-east-1.amazonaws.com";

    @Test
    void theSeededFileSystemIsAnAvailableSecondGenerationSingleAzOntapFileSystem() {
        FileSystem fs = fixture.describe(OntapSeed.FILE_SYSTEM_ID);

        assertEquals(FileSystemType.ONTAP, fs.fileSystemType());
        assertEquals(FileSystemLifecycle.AVAILABLE, fs.lifecycle());
        assertEquals(1024, fs.storageCapacity());
        assertEquals(List.of("subnet-0123456789abcdef0"), fs.subnetIds());
        assertEquals("vpc-0123456789abcdef0", fs.vpcId());
        assertEquals("arn:aws:fsx:us-east-1:123456789012:file-system/fs-0fedcba9876543210", fs.resourceARN());
        assertNull(fs.dnsName(), "ONTAP file systems have endpoints, not a DNS name");
        assertNull(fs.lustreConfiguration());
        var ontap = fs.ontapConfiguration();
        assertEquals(OntapDeploymentType.SINGLE_AZ_2, ontap.deploymentType());
        assertEquals(1, ontap.haPairs());
        assertEquals(384, ontap.throughputCapacityPerHAPair());
        assertEquals(384, ontap.throughputCapacity());
        assertEquals("management.fs-0fedcba9876543210.fsx.us-east-1.amazonaws.com", ontap.endpoints().management().dnsName());
        assertEquals(List.of(OntapSeed.MANAGEMENT_IP), ontap.endpoints().management().ipAddresses());
        assertEquals("intercluster.fs-0fedcba9876543210.fsx.us-east-1.amazonaws.com", ontap.endpoints().intercluster().dnsName());
        assertEquals(OntapSeed.CREATION_TIME, fs.creationTime());
        assertEquals(OntapSeed.FILE_SYSTEM_ID, fixture.fsx.describeFileSystems().fileSystems().getFirst().fileSystemId(), "listed first");
    }

    @Test
    void theSeededSvmServesNfsSmbAndManagementOnOneNameAndIscsiOnAnother() {
        List<StorageVirtualMachine> all = fixture.fsx.describeStorageVirtualMachines(r -> { }).storageVirtualMachines();

        assertEquals(1, all.size());
        StorageVirtualMachine svm = all.getFirst();
        assertEquals(OntapSeed.SVM_ID, svm.storageVirtualMachineId());
        assertEquals("svm1", svm.name());
        assertEquals(OntapSeed.FILE_SYSTEM_ID, svm.fileSystemId());
        assertEquals(StorageVirtualMachineLifecycle.CREATED, svm.lifecycle());
        assertEquals(StorageVirtualMachineSubtype.DEFAULT, svm.subtype());
        assertEquals(StorageVirtualMachineRootVolumeSecurityStyle.UNIX, svm.rootVolumeSecurityStyle());
        assertEquals(OntapSeed.SVM_UUID, svm.uuid());
        assertEquals("arn:aws:fsx:us-east-1:123456789012:storage-virtual-machine/fs-0fedcba9876543210/svm-0123456789abcdef0",
                svm.resourceARN());
        assertEquals(DNS_NAME, svm.endpoints().nfs().dnsName());
        assertEquals(List.of("198.19.255.10"), svm.endpoints().nfs().ipAddresses());
        assertEquals(DNS_NAME, svm.endpoints().smb().dnsName());
        assertEquals(DNS_NAME, svm.endpoints().management().dnsName());
        assertEquals("iscsi." + DNS_NAME, svm.endpoints().iscsi().dnsName());
        assertEquals(OntapSeed.SVM_ISCSI_IPS, svm.endpoints().iscsi().ipAddresses());
        assertEquals(DNS_NAME, OntapSeed.svmDnsName("us-east-1"));
        assertEquals(OntapSeed.CREATION_TIME, svm.creationTime());
    }

    @Test
    void svmsAreNamedByIdAndAnUnknownOneIsStorageVirtualMachineNotFound() {
        assertEquals(OntapSeed.SVM_ID, fixture.fsx.describeStorageVirtualMachines(r -> r.storageVirtualMachineIds(OntapSeed.SVM_ID))
                .storageVirtualMachines().getFirst().storageVirtualMachineId());

        StorageVirtualMachineNotFoundException missing = assertThrows(StorageVirtualMachineNotFoundException.class,
                () -> fixture.fsx.describeStorageVirtualMachines(r -> r.storageVirtualMachineIds(OntapSeed.SVM_ID, "svm-00000000000000000")));
        assertEquals("StorageVirtualMachineNotFound", missing.awsErrorDetails().errorCode());
        assertTrue(missing.getMessage().contains("svm-00000000000000000"), missing.getMessage());
        assertThrows(BadRequestException.class, () -> fixture.fsx.describeStorageVirtualMachines(r -> r.storageVirtualMachineIds("svm-1")));
        List<String> tooMany = java.util.stream.IntStream.range(0, 51).mapToObj(i -> OntapSeed.SVM_ID).toList();
        assertThrows(BadRequestException.class, () -> fixture.fsx.describeStorageVirtualMachines(r -> r.storageVirtualMachineIds(tooMany)));
    }

    @Test
    void oneFileSystemIdFilterNarrowsTheListing() {
        assertEquals(1, fixture.fsx.describeStorageVirtualMachines(r -> r.filters(f -> f.name("file-system-id")
                .values(OntapSeed.FILE_SYSTEM_ID))).storageVirtualMachines().size());
        assertEquals(0, fixture.fsx.describeStorageVirtualMachines(r -> r.filters(f -> f.name("file-system-id")
                .values("fs-00000000000000000"))).storageVirtualMachines().size());

        assertThrows(BadRequestException.class, () -> fixture.fsx.describeStorageVirtualMachines(r -> r.filters(
                f -> f.name("file-system-id").values(OntapSeed.FILE_SYSTEM_ID),
                f -> f.name("file-system-id").values(OntapSeed.FILE_SYSTEM_ID))));
        assertThrows(BadRequestException.class, () -> fixture.fsx.describeStorageVirtualMachines(r -> r.filters(
                f -> f.name("volume-id").values("fsvol-00000000000000000"))));
    }

    @Test
    void pagesEndWithoutANextTokenAndABadTokenIsRefused() {
        DescribeStorageVirtualMachinesResponse page = fixture.fsx.describeStorageVirtualMachines(r -> r.maxResults(1));

        assertEquals(1, page.storageVirtualMachines().size());
        assertNull(page.nextToken());
        assertEquals(1, fixture.fsx.describeStorageVirtualMachinesPaginator(r -> r.maxResults(1)).storageVirtualMachines().stream().count());
        assertThrows(BadRequestException.class, () -> fixture.fsx.describeStorageVirtualMachines(r -> r.nextToken("bm90IGEgdG9rZW4=")));
    }

    @Test
    void theSeededFileSystemIsNeitherUpdatedNorDeleted() {
        BadRequestException update = assertThrows(BadRequestException.class,
                () -> fixture.fsx.updateFileSystem(r -> r.fileSystemId(OntapSeed.FILE_SYSTEM_ID).storageCapacity(2048)));
        BadRequestException delete = assertThrows(BadRequestException.class,
                () -> fixture.fsx.deleteFileSystem(r -> r.fileSystemId(OntapSeed.FILE_SYSTEM_ID)));

        assertTrue(update.getMessage().contains(OntapSeed.FILE_SYSTEM_ID), update.getMessage());
        assertTrue(delete.getMessage().contains("ONTAP"), delete.getMessage());
        assertEquals(FileSystemLifecycle.AVAILABLE, fixture.describe(OntapSeed.FILE_SYSTEM_ID).lifecycle());
    }

    @Test
    void theSvmAndTheFileSystemAreTaggedByArn() {
        String svmArn = fixture.fsx.describeStorageVirtualMachines(r -> { }).storageVirtualMachines().getFirst().resourceARN();
        String fsArn = fixture.describe(OntapSeed.FILE_SYSTEM_ID).resourceARN();

        fixture.fsx.tagResource(r -> r.resourceARN(svmArn).tags(tag("team", "storage")));
        fixture.fsx.tagResource(r -> r.resourceARN(fsArn).tags(tag("env", "test")));
        fixture.fsx.untagResource(r -> r.resourceARN(svmArn).tagKeys("never-set"));

        assertEquals(List.of(tag("team", "storage")), fixture.fsx.listTagsForResource(r -> r.resourceARN(svmArn)).tags());
        assertEquals(List.of(tag("team", "storage")),
                fixture.fsx.describeStorageVirtualMachines(r -> { }).storageVirtualMachines().getFirst().tags());
        assertEquals(List.of(tag("env", "test")), fixture.describe(OntapSeed.FILE_SYSTEM_ID).tags());
        String otherFileSystem = svmArn.replace(OntapSeed.FILE_SYSTEM_ID, "fs-00000000000000000");
        assertThrows(ResourceNotFoundException.class, () -> fixture.fsx.listTagsForResource(r -> r.resourceARN(otherFileSystem)));
        assertFalse(fixture.fsx.listTagsForResource(r -> r.resourceARN(svmArn)).tags().isEmpty());
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
