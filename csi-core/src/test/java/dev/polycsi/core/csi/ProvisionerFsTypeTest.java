package dev.polycsi.core.csi;

import static dev.polycsi.core.csi.InProcessDriver.description;
import static dev.polycsi.core.csi.InProcessDriver.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import csi.v1.Csi;
import dev.polycsi.spi.BackendCapabilities.ControllerFeature;
import dev.polycsi.spi.BackendCapabilities.NodeFeature;
import dev.polycsi.spi.VolumeCapability;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --default-fstype ext4}, as csi-provisioner's: a backend without block volumes ("files",
 * which takes no fs type but its own, as EFS) gets the default as no fs type in every call that
 * carries a capability, while any other fs type still reaches it and is refused; a block backend
 * keeps it.
 */
class ProvisionerFsTypeTest {

    @TempDir
    Path dir;

    FakeBackend files;
    FakeBackend block;
    InProcessDriver driver;

    @BeforeEach
    void start() throws Exception {
        files = fileBackend();
        block = new FakeBackend("block", FakeBackend.block(EnumSet.allOf(ControllerFeature.class)));
        driver = InProcessDriver.start(dir, ProvisionerFsType.of(Optional.of("ext4")), files, block);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    /** A file backend that attaches, stages and expands, so that every capability reaches it; it takes "" and "nfs". */
    static FakeBackend fileBackend() {
        FakeBackend files = new FakeBackend("files", FakeBackend.capabilities(EnumSet.allOf(ControllerFeature.class),
                EnumSet.of(NodeFeature.STAGE_UNSTAGE_VOLUME, NodeFeature.EXPAND_VOLUME)));
        files.fsTypes = Set.of("", "nfs");
        return files;
    }

    static Csi.VolumeCapability mount(String fsType) {
        return Csi.VolumeCapability.newBuilder()
                .setMount(Csi.VolumeCapability.MountVolume.newBuilder().setFsType(fsType).addMountFlags("noatime"))
                .setAccessMode(ControllerServiceTest.RWO.getAccessMode())
                .build();
    }

    Csi.Volume create(String backend, String fsType) {
        return driver.client.controller().createVolume(Csi.CreateVolumeRequest.newBuilder()
                .setName("pvc-" + backend + "-" + fsType).addVolumeCapabilities(mount(fsType)).putParameters("backend", backend).build())
                .getVolume();
    }

    @Test
    void aFileBackendGetsTheDefaultAsNoFsTypeOnCreate() {
        create("files", "ext4");
        VolumeCapability seen = files.createRequests.getFirst().capabilities().getFirst();
        assertEquals("", seen.fsType());
        assertEquals(List.of("noatime"), seen.mountFlags(), "only the fs type goes");
    }

    @Test
    void anotherFsTypeStillReachesTheFileBackendWhichRefusesIt() {
        var refused = expect(Status.Code.INVALID_ARGUMENT, () -> create("files", "xfs"));
        assertEquals("fsType xfs is not supported by backend files", description(refused));
        create("files", "nfs");
        assertEquals("nfs", files.capabilitiesSeen.getLast().fsType());
    }

    @Test
    void aBlockBackendKeepsTheDefault() {
        create("block", "ext4");
        assertEquals("ext4", block.createRequests.getFirst().capabilities().getFirst().fsType());
    }

    @Test
    void withoutADefaultExt4GoesToTheFileBackendAsGiven() throws Exception {
        driver.close();
        files = fileBackend();
        driver = InProcessDriver.start(dir, files);
        var refused = expect(Status.Code.INVALID_ARGUMENT, () -> create("files", "ext4"));
        assertEquals("fsType ext4 is not supported by backend files", description(refused));
    }

    @Test
    void everyControllerCallWithACapabilityTakesTheDefaultOffForAFileBackend() {
        String id = create("files", "").getVolumeId();
        String blockId = create("block", "ext4").getVolumeId();
        files.capabilitiesSeen.clear();
        block.capabilitiesSeen.clear();
        for (String volume : List.of(id, blockId)) {
            driver.client.controller().controllerPublishVolume(Csi.ControllerPublishVolumeRequest.newBuilder()
                    .setVolumeId(volume).setNodeId(InProcessDriver.NODE_ID).setVolumeCapability(mount("ext4")).build());
            var validated = driver.client.controller().validateVolumeCapabilities(Csi.ValidateVolumeCapabilitiesRequest.newBuilder()
                    .setVolumeId(volume).addVolumeCapabilities(mount("ext4")).build());
            assertTrue(validated.hasConfirmed(), validated.getMessage());
            assertEquals(List.of(mount("ext4")), validated.getConfirmed().getVolumeCapabilitiesList(), "confirmed as asked");
            driver.client.controller().controllerExpandVolume(Csi.ControllerExpandVolumeRequest.newBuilder().setVolumeId(volume)
                    .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(2 << 20)).setVolumeCapability(mount("ext4")).build());
        }
        driver.client.controller().getCapacity(Csi.GetCapacityRequest.newBuilder()
                .putParameters("backend", "files").addVolumeCapabilities(mount("ext4")).build());
        assertEquals(List.of("", "", ""), files.capabilitiesSeen.stream().map(VolumeCapability::fsType).toList(),
                "publish, expand, capacity");
        assertEquals(List.of("ext4", "ext4"), block.capabilitiesSeen.stream().map(VolumeCapability::fsType).toList(), "publish, expand");
        // Another node: on the same one, the earlier publish with another capability makes it ALREADY_EXISTS first.
        expect(Status.Code.INVALID_ARGUMENT, () -> driver.client.controller().controllerPublishVolume(Csi.ControllerPublishVolumeRequest
                .newBuilder().setVolumeId(id).setNodeId("node-2").setVolumeCapability(mount("xfs")).build()));
    }

    @Test
    void everyNodeCallWithACapabilityTakesTheDefaultOffForAFileBackend() {
        String id = create("files", "").getVolumeId();
        String blockId = create("block", "ext4").getVolumeId();
        files.capabilitiesSeen.clear();
        block.capabilitiesSeen.clear();
        for (String volume : List.of(id, blockId)) {
            Path pod = dir.resolve(volume.replace(':', '-'));
            driver.client.node().nodeStageVolume(Csi.NodeStageVolumeRequest.newBuilder().setVolumeId(volume)
                    .setStagingTargetPath(pod.resolve("globalmount").toString()).setVolumeCapability(mount("ext4")).build());
            driver.client.node().nodePublishVolume(Csi.NodePublishVolumeRequest.newBuilder().setVolumeId(volume)
                    .setStagingTargetPath(pod.resolve("globalmount").toString()).setTargetPath(pod.resolve("mount").toString())
                    .setVolumeCapability(mount("ext4")).build());
            driver.mounter.mounted.add(pod.resolve("mount")); // the fake mounter mounts nothing; expand needs a mount there
            driver.client.node().nodeExpandVolume(Csi.NodeExpandVolumeRequest.newBuilder().setVolumeId(volume)
                    .setVolumePath(pod.resolve("mount").toString()).setVolumeCapability(mount("ext4")).build());
        }
        assertEquals(List.of("", "", ""), files.capabilitiesSeen.stream().map(VolumeCapability::fsType).toList(), "stage, publish, expand");
        assertEquals(List.of("ext4", "ext4", "ext4"), block.capabilitiesSeen.stream().map(VolumeCapability::fsType).toList());
        var refused = expect(Status.Code.INVALID_ARGUMENT, () -> driver.client.node().nodePublishVolume(Csi.NodePublishVolumeRequest
                .newBuilder().setVolumeId(id).setStagingTargetPath(dir.resolve("s").toString()).setTargetPath(dir.resolve("t").toString())
                .setVolumeCapability(mount("xfs")).build()));
        assertEquals("fsType xfs is not supported by backend files", description(refused));
    }

    @Test
    void theFlagMustBeAFsType() {
        assertEquals(ProvisionerFsType.NONE, ProvisionerFsType.of(Optional.empty()));
        assertEquals(Optional.of("xfs"), ProvisionerFsType.of(Optional.of("xfs")).value());
        for (String bad : List.of("", " ", "ext4 ", "ext4,xfs")) {
            var e = assertThrows(IllegalArgumentException.class, () -> ProvisionerFsType.of(Optional.of(bad)));
            assertTrue(e.getMessage().startsWith("--default-fstype '" + bad + "'"), e.getMessage());
        }
    }
}
