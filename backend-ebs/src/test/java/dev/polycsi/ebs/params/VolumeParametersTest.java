package dev.polycsi.ebs.params;

import static dev.polycsi.ebs.params.Requests.BLOCK;
import static dev.polycsi.ebs.params.Requests.EXT4;
import static dev.polycsi.ebs.params.Requests.METADATA;
import static dev.polycsi.ebs.params.Requests.NO_FS;
import static dev.polycsi.ebs.params.Requests.XFS;
import static dev.polycsi.ebs.params.Requests.invalid;
import static dev.polycsi.ebs.params.Requests.request;
import static dev.polycsi.ebs.params.Requests.resolve;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.controller.ContentSource;
import dev.polycsi.spi.controller.CreateVolumeRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VolumeParametersTest {

    @Test
    void defaultsAreGp3Ext4UnencryptedWithEc2sOwnPerformance() {
        VolumeSettings settings = resolve(Map.of(), 100);
        assertEquals("gp3", settings.type());
        assertEquals(Optional.empty(), settings.iops());
        assertEquals(Optional.empty(), settings.throughput());
        assertFalse(settings.encrypted());
        assertEquals("ext4", settings.fsType());
        assertEquals(FormatOptions.NONE, settings.format());
        assertEquals(Map.of(), settings.volumeContext());
    }

    @Test
    void keysMatchWithoutRegardToCaseAsTheOfficialDriverLowerCasesThem() {
        VolumeSettings settings = resolve(Map.of("TYPE", "io1", "IOPSPERGB", "10", "kmskeyid", "alias/ebs-key"), 100);
        assertEquals("io1", settings.type());
        assertEquals(Optional.of(1000), settings.iops());
        assertEquals(Optional.of("alias/ebs-key"), settings.kmsKeyId());
    }

    @Test
    void unknownKeysAndBadValuesAreRefusedNamingTheKey() {
        invalid(() -> resolve(Map.of("iopsPerGb2", "5"), 10), "iopsPerGb2");
        invalid(() -> resolve(Map.of("type", "gp4"), 10), "type", "gp4");
        invalid(() -> resolve(Map.of("iops", "many"), 10), "iops");
        invalid(() -> resolve(Map.of("iops", "0"), 10), "iops");
        invalid(() -> resolve(Map.of("encrypted", "yes"), 10), "encrypted");
        invalid(() -> resolve(Map.of("throughput", "100"), 10), "throughput");
        invalid(() -> resolve(Map.of("kmsKeyId", "not a key"), 10), "kmsKeyId");
        invalid(() -> resolve(Map.of("fstype", "ntfs"), 10), "fstype");
        // a snapshot parameter only in the official driver: volumes reach Outposts by topology
        invalid(() -> resolve(Map.of("outpostArn", "arn:aws:outposts:us-east-1:123456789012:outpost/op-0123456789abcdef0"), 10),
                "outpostArn");
    }

    @Test
    void iopsAndIopsPerGbTogetherAreRefusedNamingBoth() {
        invalid(() -> resolve(Map.of("type", "io2", "iops", "1000", "iopsPerGB", "10"), 100), "iops", "iopsPerGB");
    }

    /** Numbers from the official limits: io1 100/64000/50, io2 100/256000/1000, gp3 3000/16000/500 (min/max/per GiB). */
    @ParameterizedTest(name = "{0} {1}={2} on {3} GiB -> {4}")
    @CsvSource({
            "io1, iopsPerGB, 50, 100, 5000",
            "io1, iopsPerGB, 50, 2000, 64000",     // 100000 capped at the type's maximum
            "io1, iopsPerGB, 100, 1000, 50000",    // 100000 capped at 50 per GiB
            "io2, iopsPerGB, 500, 10, 5000",
            "io2, iopsPerGB, 1000, 300, 256000",   // 300000 capped at the maximum
            "io2, iopsPerGB, 2000, 100, 100000",   // capped at 1000 per GiB
            "gp3, iopsPerGB, 50, 100, 5000",
            "gp3, iopsPerGB, 500, 100, 16000",     // 50000 capped at the maximum
            "gp3, iops, 16000, 10, 5000",          // capped at 500 per GiB
            "gp3, iops, 16000, 4, 3000",           // 500 per GiB is 2000, but every gp3 volume may have 3000
            "gp3, iops, 3000, 1, 3000",
            "io1, iops, 64000, 4, 200",            // io1's smallest volume: 4 GiB × 50
            "io2, iops, 30000, 100, 30000",
    })
    void iopsAreComputedAndCappedAsTheOfficialDriverDoes(String type, String key, String value, long sizeGiB, int expected) {
        VolumeSettings settings = resolve(Map.of("type", type, key, value), sizeGiB);
        assertEquals(Optional.of(expected), settings.iops());
    }

    @Test
    void iopsBelowTheMinimumFailUnlessAutoIncreaseIsAllowed() {
        String message = invalid(() -> resolve(Map.of("type", "gp3", "iopsPerGB", "10"), 100), "iopsPerGB", "3000", "allowAutoIOPSPerGBIncrease");
        assertTrue(message.contains("1000"), message);
        invalid(() -> resolve(Map.of("type", "io1", "iops", "50"), 100), "iops", "100");
        assertEquals(Optional.of(3000),
                resolve(Map.of("type", "gp3", "iopsPerGB", "10", "allowAutoIOPSPerGBIncrease", "true"), 100).iops());
        assertEquals(Optional.of(100),
                resolve(Map.of("type", "io1", "iopsPerGB", "2", "allowAutoIOPSPerGBIncrease", "true"), 10).iops());
    }

    @Test
    void callerMayPassTheIopsLimitsEc2ReallyHas() {
        VolumeSettings settings = VolumeParameters.resolve(request(Map.of("type", "gp3", "iops", "40000")), 1000, Map.of(),
                type -> new IopsLimits(3000, 80000, 500));
        assertEquals(Optional.of(40000), settings.iops());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gp2", "st1", "sc1", "standard"})
    void iopsOnTypesWithoutProvisionedIopsAreRefusedNamingKeyAndType(String type) {
        invalid(() -> resolve(Map.of("type", type, "iops", "3000"), 500), "iops", type);
        invalid(() -> resolve(Map.of("type", type, "iopsPerGB", "3"), 500), "iopsPerGB", type);
        invalid(() -> resolve(Map.of("type", type, "throughput", "250"), 500), "throughput", type);
    }

    @Test
    void throughputIsForGp3OnlyAndWithinEc2sRatio() {
        invalid(() -> resolve(Map.of("type", "io2", "iops", "3000", "throughput", "250"), 100), "throughput", "io2");
        assertEquals(Optional.of(500), resolve(Map.of("throughput", "500"), 100).throughput());
        // 0.25 MiB/s per IOPS: 3000 baseline IOPS allow 750 MiB/s
        assertEquals(Optional.of(750), resolve(Map.of("throughput", "750"), 100).throughput());
        invalid(() -> resolve(Map.of("throughput", "1000"), 100), "throughput", "4000");
        assertEquals(Optional.of(1000), resolve(Map.of("throughput", "1000", "iops", "4000"), 100).throughput());
    }

    @ParameterizedTest
    @ValueSource(strings = {"io1", "io2"})
    void provisionedIopsTypesNeedIops(String type) {
        invalid(() -> resolve(Map.of("type", type), 100), type, "iops", "iopsPerGB");
    }

    @Test
    void kmsKeyIdForcesEncryption() {
        String arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        VolumeSettings settings = resolve(Map.of("kmsKeyId", arn, "encrypted", "false"), 10);
        assertTrue(settings.encrypted());
        assertEquals(Optional.of(arn), settings.kmsKeyId());
        assertTrue(resolve(Map.of("encrypted", "true"), 10).encrypted());
    }

    @Test
    void blockExpressIsAcceptedAndIgnored() {
        VolumeSettings settings = resolve(Map.of("type", "io2", "iops", "1000", "blockExpress", "true"), 100);
        assertEquals("io2", settings.type());
        assertEquals(Optional.of(1000), settings.iops());
    }

    @Test
    void mutableParametersOverrideTheStorageClass() {
        VolumeSettings settings = VolumeParameters.resolve(request(Map.of("type", "gp2"),
                Map.of("type", "gp3", "iops", "6000", "throughput", "400"), List.of(EXT4), METADATA), 100, Map.of());
        assertEquals("gp3", settings.type());
        assertEquals(Optional.of(6000), settings.iops());
        assertEquals(Optional.of(400), settings.throughput());
    }

    @Test
    void mutableIopsReplaceTheStorageClassIopsPerGb() {
        VolumeSettings settings = VolumeParameters.resolve(request(Map.of("type", "io2", "iopsPerGB", "10"),
                Map.of("iops", "8000"), List.of(EXT4), METADATA), 100, Map.of());
        assertEquals(Optional.of(8000), settings.iops());
        assertFalse(settings.tags().containsKey(Tags.IOPS_PER_GB_TAG), "the ratio did not decide the IOPS");
    }

    @Test
    void mutableValuesAreCheckedAgainstTheResultingType() {
        invalid(() -> VolumeParameters.resolve(request(Map.of("type", "gp3", "iops", "4000"), Map.of("type", "gp2"),
                List.of(EXT4), METADATA), 100, Map.of()), "iops", "gp2");
        invalid(() -> VolumeParameters.resolve(request(Map.of("type", "st1"), Map.of("throughput", "200"),
                List.of(EXT4), METADATA), 500, Map.of()), "throughput (VolumeAttributesClass)", "st1");
        invalid(() -> VolumeParameters.resolve(request(Map.of(), Map.of("type", "io1"),
                List.of(EXT4), METADATA), 500, Map.of()), "io1", "iops");
    }

    @Test
    void fsTypeComesFromTheCapabilityThenTheLegacyKeyThenDefaultsToExt4() {
        assertEquals("xfs", VolumeParameters.resolve(request(Map.of(), Map.of(), List.of(XFS), METADATA), 10, Map.of()).fsType());
        assertEquals("ext3", VolumeParameters.resolve(request(Map.of("fstype", "ext3"), Map.of(), List.of(NO_FS), METADATA), 10, Map.of()).fsType());
        assertEquals("xfs", VolumeParameters.resolve(request(Map.of("FsType", "xfs"), Map.of(), List.of(XFS), METADATA), 10, Map.of()).fsType());
        assertEquals("ext4", VolumeParameters.resolve(request(Map.of(), Map.of(), List.of(NO_FS), METADATA), 10, Map.of()).fsType());
    }

    @Test
    void legacyFstypeThatContradictsTheCapabilityIsRefused() {
        invalid(() -> VolumeParameters.resolve(request(Map.of("fstype", "xfs"), Map.of(), List.of(EXT4), METADATA), 10, Map.of()),
                "fstype", "xfs", "ext4");
    }

    @Test
    void unsupportedCapabilityFilesystemIsRefused() {
        var ntfs = dev.polycsi.spi.VolumeCapability.filesystem("ntfs", dev.polycsi.spi.AccessMode.SINGLE_NODE_WRITER);
        invalid(() -> VolumeParameters.resolve(request(Map.of(), Map.of(), List.of(ntfs), METADATA), 10, Map.of()),
                "ntfs", "csi.storage.k8s.io/fstype");
    }

    @Test
    void blockVolumesTakeNoFormatOptionsAndHaveNoFilesystem() {
        VolumeSettings settings = VolumeParameters.resolve(request(Map.of(), Map.of(), List.of(BLOCK), METADATA), 10, Map.of());
        assertEquals("", settings.fsType());
        invalid(() -> VolumeParameters.resolve(request(Map.of("blockSize", "4096"), Map.of(), List.of(BLOCK), METADATA), 10, Map.of()),
                "blockSize", "block");
        invalid(() -> VolumeParameters.resolve(request(Map.of("ext4BigAlloc", "true"), Map.of(), List.of(BLOCK), METADATA), 10, Map.of()),
                "ext4BigAlloc");
        // as in the official driver, the legacy fstype key does not stop a class from serving block claims
        assertEquals("", VolumeParameters.resolve(request(Map.of("fstype", "xfs"), Map.of(), List.of(BLOCK), METADATA), 10, Map.of()).fsType());
    }

    @Test
    void formatOptionsGoToTheVolumeContextUnderTheOfficialKeys() {
        VolumeSettings settings = resolve(Map.of("blockSize", "4096", "inodeSize", "512", "bytesPerInode", "65536",
                "numberOfInodes", "100000", "ext4BigAlloc", "true", "ext4ClusterSize", "65536"), 100);
        assertEquals(Map.of("blocksize", "4096", "inodesize", "512", "bytesperinode", "65536", "numberofinodes", "100000",
                "ext4bigalloc", "true", "ext4clustersize", "65536"), settings.volumeContext());
        assertEquals(settings.format(), FormatOptions.fromVolumeContext(settings.volumeContext()));
    }

    @Test
    void formatOptionsThatDoNotApplyToTheFilesystemAreRefusedNamingTheKey() {
        for (String key : List.of("bytesPerInode", "numberOfInodes")) {
            invalid(() -> VolumeParameters.resolve(request(Map.of(key, "4096"), Map.of(), List.of(XFS), METADATA), 10, Map.of()), key, "xfs");
        }
        invalid(() -> VolumeParameters.resolve(request(Map.of("ext4BigAlloc", "true"), Map.of(), List.of(XFS), METADATA), 10, Map.of()),
                "ext4BigAlloc", "xfs");
        invalid(() -> VolumeParameters.resolve(request(Map.of("fstype", "ext3", "ext4BigAlloc", "true"), Map.of(), List.of(NO_FS), METADATA),
                10, Map.of()), "ext4BigAlloc", "ext3");
        invalid(() -> resolve(Map.of("ext4ClusterSize", "65536"), 10), "ext4ClusterSize", "ext4BigAlloc");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "blockSize, 4k", "blockSize, 3000", "blockSize, 512", "blockSize, 131072", "blockSize, -4096",
            "inodeSize, 100", "inodeSize, 300", "inodeSize, 8192",  // 8192 > the default 4096 block
            "bytesPerInode, 512", "bytesPerInode, 134217728", "bytesPerInode, 1e6",
            "numberOfInodes, 0", "numberOfInodes, 4294967296",
            "ext4ClusterSize, 1024", "ext4ClusterSize, 24576",
    })
    void formatValuesOutsideMkfsRangesAreRefusedNamingTheKey(String key, String value) {
        Map<String, String> storageClass = key.equals("ext4ClusterSize") ? Map.of(key, value, "ext4BigAlloc", "true") : Map.of(key, value);
        invalid(() -> resolve(storageClass, 10), key);
    }

    @Test
    void inodeSizeLimitsDependOnFilesystemAndBlockSize() {
        assertEquals(Optional.of(1024L), resolve(Map.of("inodeSize", "1024", "blockSize", "1024"), 10).format().inodeSize());
        invalid(() -> resolve(Map.of("inodeSize", "2048", "blockSize", "1024"), 10), "inodeSize", "1024");
        invalid(() -> VolumeParameters.resolve(request(Map.of("inodeSize", "256"), Map.of(), List.of(XFS), METADATA), 10, Map.of()),
                "inodeSize", "512");
        invalid(() -> VolumeParameters.resolve(request(Map.of("inodeSize", "2048", "blockSize", "2048"), Map.of(), List.of(XFS), METADATA),
                10, Map.of()), "inodeSize");
        assertEquals(Optional.of(2048L), VolumeParameters.resolve(request(Map.of("inodeSize", "2048"), Map.of(), List.of(XFS), METADATA),
                10, Map.of()).format().inodeSize());
        invalid(() -> resolve(Map.of("ext4BigAlloc", "true", "ext4ClusterSize", "4096", "blockSize", "8192"), 10), "ext4ClusterSize", "8192");
    }

    private static CreateVolumeRequest fromSnapshot(Map<String, String> storageClass) {
        CreateVolumeRequest blank = request(storageClass);
        return new CreateVolumeRequest(blank.name(), blank.capacity(), blank.capabilities(), blank.parameters(), blank.mutableParameters(),
                blank.metadata(), Optional.of(new ContentSource.Snapshot("snap-0123456789abcdef0")), blank.topology(), blank.secrets(),
                blank.deadline());
    }

    @Test
    void volumeInitializationRateGoesToEc2ForASnapshotRestore() {
        VolumeSettings settings = VolumeParameters.resolve(fromSnapshot(Map.of("volumeInitializationRate", "250")), 10, Map.of());
        assertEquals(Optional.of(250), settings.initializationRate());
        assertEquals(Optional.empty(), resolve(Map.of(), 10).initializationRate());
    }

    @ParameterizedTest
    @ValueSource(strings = {"99", "301", "fast", "-100"})
    void volumeInitializationRateOutsideEc2sRangeIsRefused(String rate) {
        invalid(() -> VolumeParameters.resolve(fromSnapshot(Map.of("volumeInitializationRate", rate)), 10, Map.of()),
                "volumeInitializationRate");
    }

    @Test
    void volumeInitializationRateWithoutASnapshotIsRefusedBeforeEc2IsAsked() {
        invalid(() -> resolve(Map.of("volumeInitializationRate", "200"), 10), "volumeInitializationRate", "snapshot");
    }

    @Test
    void blockAttachUntilInitializedIsCarriedInTheVolumeContext() {
        assertEquals(Map.of(VolumeParameters.BLOCK_ATTACH_CONTEXT, "true"),
                resolve(Map.of("blockAttachUntilInitialized", "true"), 10).volumeContext());
        assertEquals(Map.of(), resolve(Map.of("blockAttachUntilInitialized", "false"), 10).volumeContext());
        invalid(() -> resolve(Map.of("blockAttachUntilInitialized", "yes"), 10), "blockAttachUntilInitialized");
    }

    @Test
    void allowAutoIOPSIncreaseOnModifyIsKeptAsTheOfficialTag() {
        VolumeSettings settings = resolve(Map.of("type", "io2", "iopsPerGB", "50", "allowAutoIOPSIncreaseOnModify", "true"), 100);
        assertEquals("true", settings.tags().get(Tags.ALLOW_AUTO_IOPS_INCREASE_ON_MODIFY_TAG));
        assertEquals("50", settings.tags().get(Tags.IOPS_PER_GB_TAG));
        assertFalse(resolve(Map.of("type", "io2", "iopsPerGB", "50"), 100).tags().containsKey(Tags.ALLOW_AUTO_IOPS_INCREASE_ON_MODIFY_TAG));
        invalid(() -> resolve(Map.of("allowAutoIOPSIncreaseOnModify", "1"), 10), "allowAutoIOPSIncreaseOnModify");
    }

    @Test
    void ext4EncryptionSupportIsForExt4Only() {
        assertEquals(Map.of("ext4encryptionsupport", "true"), resolve(Map.of("ext4EncryptionSupport", "true"), 10).volumeContext());
        invalid(() -> VolumeParameters.resolve(request(Map.of("ext4EncryptionSupport", "true"), Map.of(), List.of(XFS), METADATA), 10,
                Map.of()), "ext4EncryptionSupport", "xfs");
        invalid(() -> VolumeParameters.resolve(request(Map.of("ext4EncryptionSupport", "true"), Map.of(), List.of(BLOCK), METADATA), 10,
                Map.of()), "ext4EncryptionSupport");
    }

    @Test
    void aVolumeAttributesClassIopsPerGBDecidesTheIopsAtCreation() {
        VolumeSettings settings = VolumeParameters.resolve(request(Map.of("type", "io2", "iops", "1000"),
                Map.of("iopspergb", "20", "allowautoiopsincreaseonmodify", "true"), List.of(EXT4), METADATA), 100, Map.of());
        assertEquals(Optional.of(2000), settings.iops());
        assertEquals("20", settings.tags().get(Tags.IOPS_PER_GB_TAG));
        assertEquals("true", settings.tags().get(Tags.ALLOW_AUTO_IOPS_INCREASE_ON_MODIFY_TAG));
        invalid(() -> VolumeParameters.resolve(request(Map.of("type", "io2"), Map.of("iopspergb", "20", "iops", "3000"), List.of(EXT4),
                METADATA), 100, Map.of()), "iops", "iopspergb");
    }
}
