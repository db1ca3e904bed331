package dev.polycsi.ebs.node;

import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.node.UnstageRequest;
import dev.polycsi.spi.node.NodeUnpublishRequest;
import dev.polycsi.spi.node.VolumeStatsRequest;
import dev.polycsi.spi.node.NodeExpandRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.controller.CapacityRange;
import dev.polycsi.spi.node.NodeDetails;
import dev.polycsi.spi.node.NodePublishRequest;
import dev.polycsi.spi.node.StageRequest;
import dev.polycsi.spi.node.VolumeStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's decisions, against a mounter that keeps its mount table in memory and devices that are plain files. */
class EbsNodeTest {

    static final String VOLUME = "vol-0123456789abcdef0";
    static final String OTHER_VOLUME = "vol-0fedcba9876543210";
    static final InstanceIdentity IDENTITY = new InstanceIdentity("i-0123456789abcdef0", "m5.large", "us-east-1a", 0, 1);

    @TempDir
    Path dir;

    Path dev;
    Path byId;
    Path sys;
    RecordingMounter mounter;
    EbsNode node;

    @BeforeEach
    void setUp() throws IOException {
        dev = Files.createDirectories(dir.resolve("dev"));
        byId = Files.createDirectories(dir.resolve("by-id"));
        sys = Files.createDirectories(dir.resolve("sys"));
        mounter = new RecordingMounter();
        node = node(Duration.ofMillis(300));
    }

    EbsNode node(Duration wait) {
        DeviceResolver resolver = new DeviceResolver(byId, sys, new DeviceResolver.Wait(wait, Duration.ofMillis(20)));
        FormatArguments format = (context, fsType, legacyXfs) -> context.containsKey("blockSize")
                ? List.of("-b", context.get("blockSize"))
                : List.of();
        return new EbsNode(IDENTITY, new NodeOptions(Optional.empty(), Optional.empty(), false), mounter, resolver, format);
    }

    /** A device file named {@code name} with a by-id link for {@code volumeId}, and the NVMe serial {@code serial} if given. */
    Path attach(String volumeId, String name, Optional<String> serial) throws IOException {
        Path device = Files.createFile(dev.resolve(name));
        Files.createSymbolicLink(byId.resolve(DeviceResolver.BY_ID_PREFIX + volumeId.replace("-", "")), device);
        if (serial.isPresent()) {
            Path serialFile = sys.resolve("block").resolve(name).resolve("device").resolve("serial");
            Files.createDirectories(serialFile.getParent());
            Files.writeString(serialFile, serial.get() + "        \n"); // NVMe pads the serial with spaces
        }
        mounter.deviceSizes.put(device.toRealPath(), 1L << 30);
        return device.toRealPath();
    }

    /** As the core sends it: the staging directory exists (see NodeOps' contract). */
    StageRequest stage(String fsType, Map<String, String> publishContext, Map<String, String> volumeContext) {
        createDirectory(dir.resolve("staging"));
        return new StageRequest(VOLUME, dir.resolve("staging"), VolumeCapability.filesystem(fsType, AccessMode.SINGLE_NODE_WRITER),
                publishContext, volumeContext, Secrets.none(), Deadline.NONE);
    }

    StageRequest stage(String fsType) {
        return stage(fsType, Map.of("devicePath", "/dev/xvdaa"), Map.of());
    }

    /** As the core sends it: the target exists, a directory or, for raw block, a file. */
    private static void createDirectory(Path path) {
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    NodePublishRequest publish(VolumeCapability capability, boolean readonly) {
        Path target = dir.resolve("pods/target");
        try {
            Files.createDirectories(target.getParent());
            if (capability.isBlock()) {
                Files.deleteIfExists(target);
                Files.createFile(target);
            } else {
                Files.createDirectories(target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new NodePublishRequest(VOLUME, Optional.of(dir.resolve("staging")), dir.resolve("pods/target"), capability, readonly,
                Map.of("devicePath", "/dev/xvdaa"), Map.of(), Secrets.none(), Deadline.NONE);
    }

    @Test
    void detailsReportTheZoneAndTheLimitOfTheInstanceType() {
        NodeDetails details = node.details();
        assertEquals(Map.of("topology.kubernetes.io/zone", "us-east-1a"), details.topology());
        assertEquals(26, details.maxVolumes()); // m5.large: 27 shared slots less the root
    }

    @Test
    void ext4EncryptionSupportFromTheVolumeContextFormatsWithTheEncryptFeatureOnExt4Only() throws IOException {
        DeviceResolver resolver = new DeviceResolver(byId, sys, new DeviceResolver.Wait(Duration.ofMillis(300), Duration.ofMillis(20)));
        EbsNode realArguments = new EbsNode(IDENTITY, new NodeOptions(Optional.empty(), Optional.empty(), false), mounter, resolver,
                FormatArguments.FROM_VOLUME_CONTEXT);
        Path device = attach(VOLUME, "nvme1n1", Optional.of("vol0123456789abcdef0"));

        CsiException onXfs = assertThrows(CsiException.class, () -> realArguments.stage(stage("xfs", Map.of("devicePath", "/dev/xvdaa"),
                Map.of("ext4encryptionsupport", "true"))));
        assertEquals(CsiException.Code.INVALID_ARGUMENT, onXfs.code());
        assertTrue(onXfs.getMessage().contains("ext4EncryptionSupport"), onXfs.getMessage());

        realArguments.stage(stage("ext4", Map.of("devicePath", "/dev/xvdaa"), Map.of("ext4encryptionsupport", "true")));
        assertEquals(List.of("formatAndMount " + device + " " + dir.resolve("staging") + " ext4 [-O, encrypt] []"),
                mounter.callsStartingWith("formatAndMount"));
    }

    @Test
    void stageFormatsAndMountsTheByIdDeviceAsExt4ByDefault() throws IOException {
        Path device = attach(VOLUME, "nvme1n1", Optional.of("vol0123456789abcdef0"));
        node.stage(stage("", Map.of("devicePath", "/dev/xvdaa"), Map.of("blockSize", "4096")));
        assertEquals(List.of("formatAndMount " + device + " " + dir.resolve("staging") + " ext4 [-b, 4096] []"),
                mounter.callsStartingWith("formatAndMount"));
        assertTrue(Files.isDirectory(dir.resolve("staging")));
    }

    @Test
    void stageMountsXfsWithNouuidOnceAndTheVolumesFlags() throws IOException {
        Path device = attach(VOLUME, "nvme1n1", Optional.empty());
        StageRequest request = new StageRequest(VOLUME, dir.resolve("staging"),
                new VolumeCapability(VolumeCapability.AccessType.MOUNT, "XFS", List.of("noatime,nouuid", "discard"), "",
                        AccessMode.SINGLE_NODE_WRITER),
                Map.of(), Map.of(), Secrets.none(), Deadline.NONE);
        node.stage(request);
        assertEquals(List.of("formatAndMount " + device + " " + dir.resolve("staging") + " xfs [] [noatime, nouuid, discard]"),
                mounter.callsStartingWith("formatAndMount"));
    }

    @Test
    void stagingAgainIsSuccessWithoutAnotherMount() throws IOException {
        attach(VOLUME, "nvme1n1", Optional.of("vol0123456789abcdef0"));
        node.stage(stage("ext4"));
        node.stage(stage("ext4"));
        assertEquals(1, mounter.callsStartingWith("formatAndMount").size());
    }

    @Test
    void anotherDeviceAtTheStagingPathIsRefused() throws IOException {
        attach(VOLUME, "nvme1n1", Optional.empty());
        Path other = Files.createFile(dev.resolve("nvme2n1"));
        mounter.formatAndMount(other, dir.resolve("staging"), "ext4", List.of(), List.of());
        CsiException e = assertThrows(CsiException.class, () -> node.stage(stage("ext4")));
        assertEquals(CsiException.Code.FAILED_PRECONDITION, e.code());
        assertTrue(e.getMessage().contains(other.toString()), e.getMessage());
    }

    @Test
    void anNvmeDiskWithAnotherVolumesSerialIsRefusedNamingBoth() throws IOException {
        attach(VOLUME, "nvme1n1", Optional.of("vol0fedcba9876543210"));
        CsiException e = assertThrows(CsiException.class, () -> node.stage(stage("ext4")));
        assertEquals(CsiException.Code.FAILED_PRECONDITION, e.code());
        assertTrue(e.getMessage().contains(VOLUME) && e.getMessage().contains(OTHER_VOLUME), e.getMessage());
        assertTrue(mounter.calls.isEmpty(), "nothing may be mounted: " + mounter.calls);
    }

    @Test
    void theSerialIsAlsoReadFromTheController() throws IOException {
        attach(VOLUME, "nvme3n1", Optional.empty());
        Path serial = Files.createDirectories(sys.resolve("class/nvme/nvme3")).resolve("serial");
        Files.writeString(serial, "AWS1234567890ABCDEF\n"); // an instance-store disk
        CsiException e = assertThrows(CsiException.class, () -> node.stage(stage("ext4")));
        assertEquals(CsiException.Code.FAILED_PRECONDITION, e.code());
        assertTrue(e.getMessage().contains("AWS1234567890ABCDEF"), e.getMessage());
    }

    @Test
    void withoutAByIdLinkTheDevicePathIsUsedResolved() throws IOException {
        Path xen = Files.createFile(dev.resolve("xvdba"));
        Path link = Files.createSymbolicLink(dev.resolve("xvdaa"), xen);
        node.stage(stage("ext4", Map.of("devicePath", link.toString()), Map.of()));
        assertEquals(List.of("formatAndMount " + xen.toRealPath() + " " + dir.resolve("staging") + " ext4 [] []"),
                mounter.callsStartingWith("formatAndMount"));
    }

    @Test
    void aStaleDevicePathToAnotherVolumesNvmeDiskIsRefused() throws IOException {
        Path nvme = Files.createFile(dev.resolve("nvme4n1"));
        Path serial = Files.createDirectories(sys.resolve("block/nvme4n1/device")).resolve("serial");
        Files.writeString(serial, "vol0fedcba9876543210");
        Path link = Files.createSymbolicLink(dev.resolve("xvdaa"), nvme);
        CsiException e = assertThrows(CsiException.class,
                () -> node.stage(stage("ext4", Map.of("devicePath", link.toString()), Map.of())));
        assertEquals(CsiException.Code.FAILED_PRECONDITION, e.code());
    }

    @Test
    void noDeviceIsNotFoundAfterABoundedWait() {
        long start = System.nanoTime();
        CsiException e = assertThrows(CsiException.class, () -> node.stage(stage("ext4")));
        long waited = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals(CsiException.Code.NOT_FOUND, e.code());
        assertTrue(e.getMessage().contains(VOLUME) && e.getMessage().contains("/dev/xvdaa"), e.getMessage());
        assertTrue(waited >= 300 && waited < 5000, "waited " + waited + " ms");
    }

    @Test
    void aLinkThatUdevMakesLateIsWaitedFor() throws Exception {
        node = node(Duration.ofSeconds(5));
        Thread udev = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(200);
                attach(VOLUME, "nvme1n1", Optional.of("vol0123456789abcdef0"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        node.stage(stage("ext4"));
        udev.join();
        assertEquals(1, mounter.callsStartingWith("formatAndMount").size());
    }

    @Test
    void blockVolumesAreNotStaged() {
        node.stage(new StageRequest(VOLUME, dir.resolve("staging"), VolumeCapability.block(AccessMode.SINGLE_NODE_WRITER), Map.of(),
                Map.of(), Secrets.none(), Deadline.NONE));
        assertTrue(mounter.calls.isEmpty());
    }

    @Test
    void unsupportedFilesystemsAndForeignIdsAreInvalid() throws IOException {
        attach(VOLUME, "nvme1n1", Optional.empty());
        assertEquals(CsiException.Code.INVALID_ARGUMENT, assertThrows(CsiException.class, () -> node.stage(stage("btrfs"))).code());
        StageRequest foreign = new StageRequest("../../etc", dir.resolve("staging"), VolumeCapability.filesystem("ext4",
                AccessMode.SINGLE_NODE_WRITER), Map.of(), Map.of(), Secrets.none(), Deadline.NONE);
        assertEquals(CsiException.Code.INVALID_ARGUMENT, assertThrows(CsiException.class, () -> node.stage(foreign)).code());
    }

    @Test
    void aDeviceLargerThanItsFilesystemIsGrownAtStage() throws IOException {
        Path device = attach(VOLUME, "nvme1n1", Optional.empty());
        FilesystemSizeTest.writeExt4Superblock(device, 4096, (256L << 20) / 4096);
        mounter.deviceSizes.put(device, 1L << 30);
        node.stage(stage("ext4"));
        assertEquals(List.of("resizeFilesystem " + device + " " + dir.resolve("staging")), mounter.callsStartingWith("resize"));
    }

    @Test
    void aFilesystemThatFillsItsDeviceIsNotGrown() throws IOException {
        Path device = attach(VOLUME, "nvme1n1", Optional.empty());
        FilesystemSizeTest.writeExt4Superblock(device, 4096, (1L << 30) / 4096);
        node.stage(stage("ext4"));
        assertEquals(List.of(), mounter.callsStartingWith("resize"));
    }

    @Test
    void publishBindsTheStagingPathWithItsPerMountFlags() throws IOException {
        attach(VOLUME, "nvme1n1", Optional.empty());
        node.stage(stage("ext4"));
        VolumeCapability capability = new VolumeCapability(VolumeCapability.AccessType.MOUNT, "ext4", List.of("noatime", "discard"),
                "", AccessMode.SINGLE_NODE_WRITER);
        node.publish(publish(capability, false));
        assertEquals(List.of("bindMount " + dir.resolve("staging") + " " + dir.resolve("pods/target") + " [noatime]"),
                mounter.callsStartingWith("bindMount"));
        assertTrue(Files.isDirectory(dir.resolve("pods/target")));
        node.publish(publish(capability, false));
        assertEquals(1, mounter.callsStartingWith("bindMount").size(), "publishing again changes nothing");
    }

    @Test
    void aReadOnlyModeOrFlagPublishesReadOnly() throws IOException {
        attach(VOLUME, "nvme1n1", Optional.empty());
        node.stage(stage("ext4"));
        node.publish(publish(VolumeCapability.filesystem("ext4", AccessMode.SINGLE_NODE_READER_ONLY), false));
        assertTrue(mounter.findMount(dir.resolve("pods/target")).orElseThrow().readOnly());
        node.unpublish(new NodeUnpublishRequest(VOLUME, dir.resolve("pods/target"), Deadline.NONE));
        node.publish(publish(VolumeCapability.filesystem("ext4", AccessMode.SINGLE_NODE_WRITER), true));
        assertTrue(mounter.findMount(dir.resolve("pods/target")).orElseThrow().readOnly());
    }

    @Test
    void somethingElseAtThePublishTargetIsRefused() throws IOException {
        attach(VOLUME, "nvme1n1", Optional.empty());
        node.stage(stage("ext4"));
        Path other = Files.createFile(dev.resolve("nvme9n1"));
        mounter.formatAndMount(other, dir.resolve("pods/target"), "ext4", List.of(), List.of());
        CsiException e = assertThrows(CsiException.class,
                () -> node.publish(publish(VolumeCapability.filesystem("ext4", AccessMode.SINGLE_NODE_WRITER), false)));
        assertEquals(CsiException.Code.FAILED_PRECONDITION, e.code());
    }

    @Test
    void publishingAnUnstagedVolumeIsAPreconditionFailure() {
        CsiException e = assertThrows(CsiException.class,
                () -> node.publish(publish(VolumeCapability.filesystem("ext4", AccessMode.SINGLE_NODE_WRITER), false)));
        assertEquals(CsiException.Code.FAILED_PRECONDITION, e.code());
    }

    @Test
    void blockPublishBindsTheDeviceOntoAFile() throws IOException {
        Path device = attach(VOLUME, "nvme1n1", Optional.of("vol0123456789abcdef0"));
        node.publish(publish(VolumeCapability.block(AccessMode.SINGLE_NODE_WRITER), true));
        assertEquals(List.of("bindMount " + device + " " + dir.resolve("pods/target") + " ro []"), mounter.callsStartingWith("bindMount"));
        assertTrue(Files.isRegularFile(dir.resolve("pods/target")));
    }

    @Test
    void unpublishUnmountsAndIsIdempotent() throws IOException {
        attach(VOLUME, "nvme1n1", Optional.empty());
        node.stage(stage("ext4"));
        node.publish(publish(VolumeCapability.filesystem("ext4", AccessMode.SINGLE_NODE_WRITER), false));
        node.unpublish(new NodeUnpublishRequest(VOLUME, dir.resolve("pods/target"), Deadline.NONE));
        assertFalse(mounter.isMounted(dir.resolve("pods/target")));
        assertEquals(List.of("unmount " + dir.resolve("pods/target")), mounter.callsStartingWith("unmount"));
        node.unpublish(new NodeUnpublishRequest(VOLUME, dir.resolve("pods/target"), Deadline.NONE));
        assertEquals(1, mounter.callsStartingWith("unmount").size());
    }

    @Test
    void unstageUnmountsOnlyWhatIsMounted() throws IOException {
        node.unstage(new UnstageRequest(VOLUME, dir.resolve("staging"), Deadline.NONE));
        assertTrue(mounter.calls.isEmpty());
        attach(VOLUME, "nvme1n1", Optional.empty());
        node.stage(stage("ext4"));
        node.unstage(new UnstageRequest(VOLUME, dir.resolve("staging"), Deadline.NONE));
        assertEquals(List.of("unmount " + dir.resolve("staging")), mounter.callsStartingWith("unmount"));
        assertFalse(mounter.isMounted(dir.resolve("staging")));
    }

    @Test
    void statsOfAFilesystemCarryBytesAndInodes() throws IOException {
        attach(VOLUME, "nvme1n1", Optional.empty());
        node.stage(stage("ext4"));
        VolumeStats stats = node.stats(new VolumeStatsRequest(VOLUME, dir.resolve("staging"), Optional.empty(), Deadline.NONE));
        assertEquals(new VolumeStats(1000, 400, 600, 100, 70, 30, false, ""), stats);
    }

    @Test
    void expandGrowsTheFilesystemOfTheStagedDevice() throws IOException {
        Path device = attach(VOLUME, "nvme1n1", Optional.of("vol0123456789abcdef0"));
        node.stage(stage("ext4"));
        mounter.deviceSizes.put(device, 2L << 30);
        long size = node.expand(new NodeExpandRequest(VOLUME, dir.resolve("pods/target"), Optional.of(dir.resolve("staging")),
                new CapacityRange(2L << 30, 0), Optional.of(VolumeCapability.filesystem("ext4", AccessMode.SINGLE_NODE_WRITER)), Deadline.NONE));
        assertEquals(2L << 30, size);
        assertEquals(List.of("resizeFilesystem " + device + " " + dir.resolve("staging")), mounter.callsStartingWith("resize"));
    }

    @Test
    void expandBeforeEc2GrewTheDeviceIsUnavailableAndGrowsNothing() throws IOException {
        attach(VOLUME, "nvme1n1", Optional.empty());
        node.stage(stage("ext4"));
        CsiException e = assertThrows(CsiException.class, () -> node.expand(new NodeExpandRequest(VOLUME, dir.resolve("pods/target"),
                Optional.of(dir.resolve("staging")), new CapacityRange(2L << 30, 0), Optional.empty(), Deadline.NONE)));
        assertEquals(CsiException.Code.UNAVAILABLE, e.code());
        assertTrue(e.getMessage().contains(Long.toString(1L << 30)) && e.getMessage().contains(Long.toString(2L << 30)), e.getMessage());
        assertEquals(List.of(), mounter.callsStartingWith("resize"));
    }

    @Test
    void expandRefusesAStagedDiskOfAnotherVolume() throws IOException {
        attach(VOLUME, "nvme1n1", Optional.empty());
        node.stage(stage("ext4"));
        Files.createDirectories(sys.resolve("block/nvme1n1/device"));
        Files.writeString(sys.resolve("block/nvme1n1/device/serial"), "vol0fedcba9876543210");
        CsiException e = assertThrows(CsiException.class, () -> node.expand(new NodeExpandRequest(VOLUME, dir.resolve("pods/target"),
                Optional.of(dir.resolve("staging")), CapacityRange.ANY, Optional.empty(), Deadline.NONE)));
        assertEquals(CsiException.Code.FAILED_PRECONDITION, e.code());
    }

    @Test
    void expandOfNothingMountedIsNotFound() {
        CsiException e = assertThrows(CsiException.class, () -> node.expand(new NodeExpandRequest(VOLUME, dir.resolve("pods/target"),
                Optional.of(dir.resolve("staging")), CapacityRange.ANY, Optional.empty(), Deadline.NONE)));
        assertEquals(CsiException.Code.NOT_FOUND, e.code());
    }

    @Test
    void mountOptionHelpers() {
        assertEquals(List.of("ro", "noatime"), EbsNode.perMountFlags(List.of("ro,noatime", "data=ordered", "discard")));
        assertEquals(List.of("nouuid"), EbsNode.stageMountOptions("xfs", List.of()));
        assertEquals(List.of(), EbsNode.stageMountOptions("ext4", List.of()));
        assertEquals("ext4", EbsNode.fsType(VolumeCapability.filesystem("", AccessMode.SINGLE_NODE_WRITER)));
    }
}
