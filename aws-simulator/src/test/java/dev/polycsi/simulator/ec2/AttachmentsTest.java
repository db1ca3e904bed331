package dev.polycsi.simulator.ec2;

import static dev.polycsi.simulator.ec2.Ec2Fixture.INSTANCE;
import static dev.polycsi.simulator.ec2.Ec2Fixture.OTHER_ZONE;
import static dev.polycsi.simulator.ec2.Ec2Fixture.assertErrorCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.simulator.SimulatorConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.ec2.model.AttachVolumeResponse;
import software.amazon.awssdk.services.ec2.model.DetachVolumeResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeAttachment;
import software.amazon.awssdk.services.ec2.model.VolumeAttachmentState;
import software.amazon.awssdk.services.ec2.model.VolumeState;

class AttachmentsTest {

    @TempDir
    Path dataDir;

    private Ec2Fixture sim;

    private Ec2Fixture start(String instanceType) {
        SimulatorConfig defaults = SimulatorConfig.defaults(dataDir);
        sim = Ec2Fixture.start(new SimulatorConfig(defaults.region(), defaults.zones(), defaults.instanceId(), instanceType,
                defaults.fileSystems(), dataDir, defaults.deviceDir(), Optional.empty(), 0));
        return sim;
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void attachAndDetachGoThroughTheirTransitionalStates() {
        start("m5.large");
        sim.knobs().set("delay.volume.attached", "1s");
        sim.knobs().set("delay.volume.detached", "1s");
        String volumeId = sim.createVolume();

        AttachVolumeResponse attached = sim.ec2.attachVolume(r -> r.volumeId(volumeId).instanceId(INSTANCE).device("/dev/xvdaa"));

        assertEquals(VolumeAttachmentState.ATTACHING, attached.state());
        assertEquals("/dev/xvdaa", attached.device());
        assertEquals(INSTANCE, attached.instanceId());
        assertEquals(volumeId, attached.volumeId());
        Volume attaching = sim.volume(volumeId);
        assertEquals(VolumeState.IN_USE, attaching.state());
        assertEquals(VolumeAttachmentState.ATTACHING, attaching.attachments().getFirst().state());
        Ec2Fixture.await("attached", () -> attachmentState(volumeId).equals(Optional.of(VolumeAttachmentState.ATTACHED)));
        assertEquals(List.of(volumeId), attachedTo(INSTANCE));
        assertEquals("attach " + volumeId, sim.storage.calls().getLast());

        DetachVolumeResponse detaching = sim.ec2.detachVolume(r -> r.volumeId(volumeId));

        assertEquals(VolumeAttachmentState.DETACHING, detaching.state());
        assertEquals(VolumeAttachmentState.DETACHING, attachmentState(volumeId).orElseThrow());
        assertEquals("detach " + volumeId, sim.storage.calls().getLast());
        Ec2Fixture.await("detached", () -> attachmentState(volumeId).isEmpty());
        assertEquals(VolumeState.AVAILABLE, sim.volume(volumeId).state());
        assertEquals(List.of(), attachedTo(INSTANCE));
    }

    @Test
    void describeInstancesShowsAttachedVolumesAsBlockDeviceMappings() {
        start("m5.large");
        String volumeId = sim.createVolume();
        sim.ec2.attachVolume(r -> r.volumeId(volumeId).instanceId(INSTANCE).device("/dev/xvdab"));

        Instance instance = sim.ec2.describeInstances(r -> r.instanceIds(INSTANCE)).reservations().getFirst().instances().getFirst();

        assertEquals(INSTANCE, instance.instanceId());
        assertEquals("m5.large", instance.instanceTypeAsString());
        assertEquals(Ec2Fixture.ZONE, instance.placement().availabilityZone());
        assertEquals("running", instance.state().nameAsString());
        assertEquals(1, instance.blockDeviceMappings().size());
        assertEquals("/dev/xvdab", instance.blockDeviceMappings().getFirst().deviceName());
        assertEquals(volumeId, instance.blockDeviceMappings().getFirst().ebs().volumeId());
        assertEquals("attached", instance.blockDeviceMappings().getFirst().ebs().statusAsString());
    }

    @Test
    void deleteVolumeRefusesAnAttachedVolume() {
        start("m5.large");
        String volumeId = sim.createVolume();
        sim.ec2.attachVolume(r -> r.volumeId(volumeId).instanceId(INSTANCE).device("/dev/sdf"));

        assertErrorCode("VolumeInUse", () -> sim.ec2.deleteVolume(r -> r.volumeId(volumeId)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/dev/sdf", "/dev/sdb3", "/dev/xvdf", "/dev/xvdaa", "/dev/xvdcz", "/dev/xvddx"})
    void ec2DeviceNamesAreAccepted(String device) {
        start("m5.large");
        String volumeId = sim.createVolume();

        assertEquals(device, sim.ec2.attachVolume(r -> r.volumeId(volumeId).instanceId(INSTANCE).device(device)).device());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/dev/nvme1n1", "xvdf", "/dev/xvddy", "/dev/xvdzz", "/dev/sdf16", "/dev/sd"})
    void otherDeviceNamesAreRefused(String device) {
        start("m5.large");
        String volumeId = sim.createVolume();

        assertErrorCode("InvalidParameterValue", () -> sim.ec2.attachVolume(r -> r.volumeId(volumeId).instanceId(INSTANCE).device(device)));
        assertTrue(sim.storage.calls().stream().noneMatch(call -> call.startsWith("attach")));
    }

    @Test
    void aDeviceNameIsTakenOnceAndTheRootDeviceAlways() {
        start("m5.large");
        String first = sim.createVolume();
        String second = sim.createVolume();
        sim.ec2.attachVolume(r -> r.volumeId(first).instanceId(INSTANCE).device("/dev/xvdba"));

        assertErrorCode("InvalidParameterValue", () -> sim.ec2.attachVolume(r -> r.volumeId(second).instanceId(INSTANCE).device("/dev/xvdba")));
        assertErrorCode("InvalidParameterValue", () -> sim.ec2.attachVolume(r -> r.volumeId(second).instanceId(INSTANCE).device("/dev/xvda")));
    }

    @Test
    void attachRefusesWhatEc2Refuses() {
        start("m5.large");
        sim.knobs().set("delay.volume.available", "10s");
        String creating = sim.createVolume();
        sim.knobs().set("delay.volume.available", "0ms");
        String elsewhere = sim.ec2.createVolume(r -> r.availabilityZone(OTHER_ZONE).size(10)).volumeId();
        String attached = sim.createVolume();
        sim.ec2.attachVolume(r -> r.volumeId(attached).instanceId(INSTANCE).device("/dev/xvdbb"));

        assertErrorCode("IncorrectState", () -> attach(creating, "/dev/xvdbc"));
        assertErrorCode("InvalidVolume.ZoneMismatch", () -> attach(elsewhere, "/dev/xvdbc"));
        assertErrorCode("VolumeInUse", () -> attach(attached, "/dev/xvdbc"));
        assertErrorCode("InvalidVolume.NotFound", () -> attach("vol-0123456789abcdef0", "/dev/xvdbc"));
        assertErrorCode("InvalidInstanceID.NotFound",
                () -> sim.ec2.attachVolume(r -> r.volumeId(attached).instanceId("i-0fedcba9876543210").device("/dev/xvdbc")));
        assertErrorCode("InvalidInstanceID.Malformed",
                () -> sim.ec2.attachVolume(r -> r.volumeId(attached).instanceId("node-1").device("/dev/xvdbc")));
    }

    @Test
    void theInstanceTypesAttachmentLimitIsEnforced() {
        start("d3.8xlarge");
        for (int i = 0; i < 3; i++) {
            attach(sim.createVolume(), "/dev/xvdc" + (char) ('a' + i));
        }
        String oneTooMany = sim.createVolume();

        assertErrorCode("AttachmentLimitExceeded", () -> attach(oneTooMany, "/dev/xvdcz"));
    }

    @Test
    void theDefaultNitroLimitIs27() {
        start("m5.large");
        for (int i = 0; i < 27; i++) {
            attach(sim.createVolume(), "/dev/xvd" + (char) ('a' + i / 26) + (char) ('a' + i % 26));
        }

        assertErrorCode("AttachmentLimitExceeded", () -> attach(sim.createVolume(), "/dev/xvdbz"));
    }

    @Test
    void multiAttachVolumesMayStayAttachedWhileAttachingToTheSameInstanceAgainIsRefused() {
        start("m5.large");
        String volumeId = sim.ec2.createVolume(r -> r.availabilityZone(Ec2Fixture.ZONE).size(10).volumeType("io2").iops(1000)
                .multiAttachEnabled(true)).volumeId();
        attach(volumeId, "/dev/sdf");

        assertErrorCode("VolumeInUse", () -> attach(volumeId, "/dev/sdg"));
    }

    @Test
    void detachRefusesWhatEc2Refuses() {
        start("m5.large");
        sim.knobs().set("delay.volume.detached", "10s");
        String available = sim.createVolume();
        String attached = sim.createVolume();
        attach(attached, "/dev/sdh");

        assertErrorCode("IncorrectState", () -> sim.ec2.detachVolume(r -> r.volumeId(available)));
        assertErrorCode("InvalidAttachment.NotFound", () -> sim.ec2.detachVolume(r -> r.volumeId(attached).device("/dev/sdz")));
        assertErrorCode("InvalidInstanceID.NotFound", () -> sim.ec2.detachVolume(r -> r.volumeId(attached).instanceId("i-0fedcba9876543210")));
        assertErrorCode("InvalidVolume.NotFound", () -> sim.ec2.detachVolume(r -> r.volumeId("vol-0123456789abcdef0")));

        sim.ec2.detachVolume(r -> r.volumeId(attached).instanceId(INSTANCE).device("/dev/sdh").force(true));

        assertErrorCode("IncorrectState", () -> sim.ec2.detachVolume(r -> r.volumeId(attached)));
    }

    @Test
    void anAttachingVolumeCanBeDetached() {
        start("m5.large");
        sim.knobs().set("delay.volume.attached", "10s");
        String volumeId = sim.createVolume();
        attach(volumeId, "/dev/sdi");

        assertEquals(VolumeAttachmentState.DETACHING, sim.ec2.detachVolume(r -> r.volumeId(volumeId)).state());
    }

    private void attach(String volumeId, String device) {
        sim.ec2.attachVolume(r -> r.volumeId(volumeId).instanceId(INSTANCE).device(device));
    }

    private Optional<VolumeAttachmentState> attachmentState(String volumeId) {
        return sim.volume(volumeId).attachments().stream().findFirst().map(VolumeAttachment::state);
    }

    private List<String> attachedTo(String instanceId) {
        return sim.ec2.describeVolumes(r -> r.filters(Filter.builder().name("attachment.instance-id").values(instanceId).build(),
                Filter.builder().name("attachment.status").values("attached").build())).volumes().stream().map(Volume::volumeId).toList();
    }
}
