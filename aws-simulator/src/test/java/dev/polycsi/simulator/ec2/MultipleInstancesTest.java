package dev.polycsi.simulator.ec2;

import static dev.polycsi.simulator.ec2.Ec2Fixture.INSTANCE;
import static dev.polycsi.simulator.ec2.Ec2Fixture.OTHER_ZONE;
import static dev.polycsi.simulator.ec2.Ec2Fixture.ZONE;
import static dev.polycsi.simulator.ec2.Ec2Fixture.assertErrorCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.simulator.SimulatedInstance;
import dev.polycsi.simulator.SimulatorConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeAttachmentState;

/** An account with several instances: the node's and others that volumes attach to without a device here. */
class MultipleInstancesTest {

    static final String SECOND = SimulatorConfig.derivedInstanceId(1);
    static final String THIRD = SimulatorConfig.derivedInstanceId(2);

    @TempDir
    Path dataDir;

    private Ec2Fixture sim;

    private Ec2Fixture start(SimulatorConfig config) {
        sim = Ec2Fixture.start(config);
        return sim;
    }

    /** The node's instance and {@code total - 1} others spread over the zones: the second is in us-east-1b. */
    private Ec2Fixture startSpread(int total) {
        return start(SimulatorConfig.defaults(dataDir).withInstanceCount(total));
    }

    /** The node's instance (m5.large) and a second one of {@code secondType}, both in us-east-1a. */
    private Ec2Fixture startInOneZone(String secondType) {
        SimulatorConfig defaults = SimulatorConfig.defaults(dataDir);
        return start(defaults.withInstances(List.of(defaults.nodeInstance(), new SimulatedInstance(SECOND, secondType, ZONE))));
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private String createVolume(String zone) {
        return sim.ec2.createVolume(r -> r.availabilityZone(zone).size(1).volumeType("gp3")).volumeId();
    }

    private List<Instance> instances(DescribeInstancesResponse response) {
        return response.reservations().stream().flatMap(reservation -> reservation.instances().stream()).toList();
    }

    private List<String> volumesAttachedTo(String instanceId) {
        return sim.ec2.describeVolumes(r -> r.filters(Filter.builder().name("attachment.instance-id").values(instanceId).build()))
                .volumes().stream().map(Volume::volumeId).toList();
    }

    @Test
    void describeInstancesListsEveryInstanceInAReservationOfItsOwn() {
        startSpread(4);

        DescribeInstancesResponse all = sim.ec2.describeInstances();

        List<Instance> instances = instances(all);
        assertEquals(List.of(INSTANCE, SECOND, THIRD, SimulatorConfig.derivedInstanceId(3)), instances.stream().map(Instance::instanceId).toList());
        assertEquals(List.of("us-east-1a", "us-east-1b", "us-east-1c", "us-east-1a"),
                instances.stream().map(i -> i.placement().availabilityZone()).toList());
        assertTrue(instances.stream().allMatch(i -> i.instanceTypeAsString().equals("m5.large")));
        assertEquals(4, all.reservations().stream().map(Reservation::reservationId).distinct().count());
        assertEquals(4, instances.stream().map(Instance::privateIpAddress).distinct().count());
        assertEquals("10.0.0.10", instances.getFirst().privateIpAddress());
    }

    @Test
    void describeInstancesNarrowsToTheNamedOrFilteredInstances() {
        startSpread(4);

        assertEquals(List.of(SECOND, THIRD), instances(sim.ec2.describeInstances(r -> r.instanceIds(THIRD, SECOND))).stream()
                .map(Instance::instanceId).toList());
        assertEquals(List.of(SECOND), instances(sim.ec2.describeInstances(r -> r.filters(
                Filter.builder().name("availability-zone").values(OTHER_ZONE).build()))).stream().map(Instance::instanceId).toList());
        assertErrorCode("InvalidInstanceID.NotFound", () -> sim.ec2.describeInstances(r -> r.instanceIds(SECOND, "i-0123456789abd0009")));
    }

    @Test
    void describeInstancesPagesThroughManyInstances() {
        startSpread(7);

        DescribeInstancesResponse first = sim.ec2.describeInstances(r -> r.maxResults(5));
        assertEquals(5, first.reservations().size());
        assertNotNull(first.nextToken());
        DescribeInstancesResponse second = sim.ec2.describeInstances(r -> r.maxResults(5).nextToken(first.nextToken()));
        assertNull(second.nextToken());

        List<String> ids = new ArrayList<>();
        instances(first).forEach(i -> ids.add(i.instanceId()));
        instances(second).forEach(i -> ids.add(i.instanceId()));
        assertEquals(SimulatorConfig.defaults(dataDir).withInstanceCount(7).instances().stream().map(SimulatedInstance::id).toList(), ids);
        assertEquals(7, sim.ec2.describeInstancesPaginator(r -> r.maxResults(5)).reservations().stream().count());
    }

    @Test
    void aVolumeAttachesToAnotherInstanceWithoutADeviceOnThisMachine() {
        startSpread(2);
        sim.knobs().set("delay.volume.detached", "0s");
        String volumeId = createVolume(OTHER_ZONE);

        assertEquals(SECOND, sim.ec2.attachVolume(r -> r.volumeId(volumeId).instanceId(SECOND).device("/dev/xvdba")).instanceId());

        assertEquals(List.of(volumeId), volumesAttachedTo(SECOND));
        assertEquals(List.of(), volumesAttachedTo(INSTANCE));
        Ec2Fixture.await("attached", () -> sim.volume(volumeId).attachments().getFirst().state() == VolumeAttachmentState.ATTACHED);
        Instance second = instances(sim.ec2.describeInstances(r -> r.instanceIds(SECOND))).getFirst();
        assertEquals(volumeId, second.blockDeviceMappings().getFirst().ebs().volumeId());
        assertEquals("/dev/xvdba", second.blockDeviceMappings().getFirst().deviceName());
        assertEquals(List.of(), instances(sim.ec2.describeInstances(r -> r.instanceIds(INSTANCE))).getFirst().blockDeviceMappings());

        sim.ec2.detachVolume(r -> r.volumeId(volumeId).instanceId(SECOND));
        Ec2Fixture.await("detached", () -> sim.volume(volumeId).attachments().isEmpty());

        assertEquals(List.of("create " + volumeId + " 1073741824"), sim.storage.calls(),
                "only the node's instance has block devices here");
    }

    @Test
    void aMultiAttachedVolumeHasItsDeviceHereWhileAttachedToTheNodesInstance() {
        startInOneZone("m5.large");
        String volumeId = sim.ec2.createVolume(r -> r.availabilityZone(ZONE).size(4).volumeType("io2").iops(100).multiAttachEnabled(true))
                .volumeId();
        Ec2Fixture.await("available", () -> sim.volume(volumeId).stateAsString().equals("available"));

        sim.ec2.attachVolume(r -> r.volumeId(volumeId).instanceId(SECOND).device("/dev/xvdba"));
        sim.ec2.attachVolume(r -> r.volumeId(volumeId).instanceId(INSTANCE).device("/dev/xvdba"));
        sim.ec2.detachVolume(r -> r.volumeId(volumeId).instanceId(SECOND));

        assertEquals(List.of("attach " + volumeId), sim.storage.calls().subList(1, sim.storage.calls().size()));
        sim.ec2.detachVolume(r -> r.volumeId(volumeId).instanceId(INSTANCE));
        assertEquals("detach " + volumeId, sim.storage.calls().getLast());
    }

    @Test
    void eachInstanceHasTheAttachmentLimitOfItsTypeAndItsOwnDeviceNames() {
        startInOneZone("d3.8xlarge");
        List<String> devices = List.of("/dev/xvdba", "/dev/xvdbb", "/dev/xvdbc");
        for (String device : devices) {
            String volumeId = createVolume(ZONE);
            sim.ec2.attachVolume(r -> r.volumeId(volumeId).instanceId(SECOND).device(device));
        }
        String fourth = createVolume(ZONE);

        assertErrorCode("AttachmentLimitExceeded", () -> sim.ec2.attachVolume(r -> r.volumeId(fourth).instanceId(SECOND).device("/dev/xvdbd")));
        assertEquals(INSTANCE, sim.ec2.attachVolume(r -> r.volumeId(fourth).instanceId(INSTANCE).device("/dev/xvdba")).instanceId(),
                "a device name in use on another instance is free on this one, and its limit is its own");
        String fifth = createVolume(ZONE);
        assertErrorCode("InvalidParameterValue", () -> sim.ec2.attachVolume(r -> r.volumeId(fifth).instanceId(INSTANCE).device("/dev/xvdba")));
        assertEquals(3, volumesAttachedTo(SECOND).size());
        assertEquals(List.of(fourth), volumesAttachedTo(INSTANCE));
    }

    @Test
    void aVolumeAttachesOnlyToInstancesOfItsZone() {
        startSpread(2);
        String inFirstZone = createVolume(ZONE);
        String inSecondZone = createVolume(OTHER_ZONE);

        assertErrorCode("InvalidVolume.ZoneMismatch",
                () -> sim.ec2.attachVolume(r -> r.volumeId(inFirstZone).instanceId(SECOND).device("/dev/xvdba")));
        assertErrorCode("InvalidVolume.ZoneMismatch",
                () -> sim.ec2.attachVolume(r -> r.volumeId(inSecondZone).instanceId(INSTANCE).device("/dev/xvdba")));
        sim.ec2.attachVolume(r -> r.volumeId(inSecondZone).instanceId(SECOND).device("/dev/xvdba"));
        sim.ec2.attachVolume(r -> r.volumeId(inFirstZone).instanceId(INSTANCE).device("/dev/xvdba"));
        assertEquals(List.of(inSecondZone), volumesAttachedTo(SECOND));
        assertEquals(List.of(inFirstZone), volumesAttachedTo(INSTANCE));
    }

    @Test
    void unknownInstancesAreRefusedByAttachDetachAndTags() {
        startSpread(2);
        String volumeId = createVolume(ZONE);
        String unknown = SimulatorConfig.derivedInstanceId(2);

        assertErrorCode("InvalidInstanceID.NotFound", () -> sim.ec2.attachVolume(r -> r.volumeId(volumeId).instanceId(unknown).device("/dev/xvdba")));
        sim.ec2.attachVolume(r -> r.volumeId(volumeId).instanceId(INSTANCE).device("/dev/xvdba"));
        assertErrorCode("InvalidInstanceID.NotFound", () -> sim.ec2.detachVolume(r -> r.volumeId(volumeId).instanceId(unknown)));
        assertErrorCode("InvalidAttachment.NotFound", () -> sim.ec2.detachVolume(r -> r.volumeId(volumeId).instanceId(SECOND)));
        assertErrorCode("InvalidInstanceID.NotFound", () -> sim.ec2.createTags(r -> r.resources(unknown).tags(tag("a", "b"))));
    }

    @Test
    void eachInstanceHasItsOwnTags() {
        startSpread(3);

        sim.ec2.createTags(r -> r.resources(SECOND).tags(tag("role", "worker")));

        assertEquals(List.of(tag("role", "worker")), instances(sim.ec2.describeInstances(r -> r.instanceIds(SECOND))).getFirst().tags());
        assertEquals(List.of(), instances(sim.ec2.describeInstances(r -> r.instanceIds(INSTANCE))).getFirst().tags());
        assertEquals(List.of(SECOND), instances(sim.ec2.describeInstances(r -> r.filters(Filter.builder().name("tag:role").values("worker").build())))
                .stream().map(Instance::instanceId).toList());
    }

    static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
