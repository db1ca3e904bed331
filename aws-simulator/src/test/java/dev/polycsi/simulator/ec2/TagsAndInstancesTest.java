package dev.polycsi.simulator.ec2;

import static dev.polycsi.simulator.ec2.Ec2Fixture.INSTANCE;
import static dev.polycsi.simulator.ec2.Ec2Fixture.assertErrorCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.simulator.SimulatorConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Tag;

class TagsAndInstancesTest {

    @TempDir
    Path dataDir;

    private Ec2Fixture sim;

    @BeforeEach
    void start() {
        sim = Ec2Fixture.start(SimulatorConfig.defaults(dataDir));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void createTagsAddsAndOverwritesOnVolumesSnapshotsAndTheInstance() {
        String volumeId = sim.createVolume();
        String snapshotId = sim.ec2.createSnapshot(r -> r.volumeId(volumeId)).snapshotId();

        sim.ec2.createTags(r -> r.resources(volumeId, snapshotId, INSTANCE).tags(tag("env", "dev"), tag("owner", "a")));
        sim.ec2.createTags(r -> r.resources(volumeId).tags(tag("owner", "b")));

        assertEquals(Map.of("env", "dev", "owner", "b"), tags(sim.volume(volumeId).tags()));
        assertEquals(Map.of("env", "dev", "owner", "a"),
                tags(sim.ec2.describeSnapshots(r -> r.snapshotIds(snapshotId)).snapshots().getFirst().tags()));
        assertEquals(Map.of("env", "dev", "owner", "a"),
                tags(sim.ec2.describeInstances(r -> { }).reservations().getFirst().instances().getFirst().tags()));
    }

    @Test
    void deleteTagsByKeyByMatchingValueOrAll() {
        String volumeId = sim.createVolume();
        sim.ec2.createTags(r -> r.resources(volumeId).tags(tag("a", "1"), tag("b", "2"), tag("c", "3")));

        sim.ec2.deleteTags(r -> r.resources(volumeId).tags(Tag.builder().key("a").build(), tag("b", "not-2")));
        assertEquals(Map.of("b", "2", "c", "3"), tags(sim.volume(volumeId).tags()));

        sim.ec2.deleteTags(r -> r.resources(volumeId).tags(tag("b", "2")));
        assertEquals(Map.of("c", "3"), tags(sim.volume(volumeId).tags()));

        sim.ec2.deleteTags(r -> r.resources(volumeId));
        assertEquals(Map.of(), tags(sim.volume(volumeId).tags()));
    }

    @Test
    void taggingUnknownResourcesFailsWithoutChangingAnything() {
        String volumeId = sim.createVolume();

        assertErrorCode("InvalidVolume.NotFound", () -> sim.ec2.createTags(r -> r.resources(volumeId, "vol-0123456789abcdef0").tags(tag("a", "1"))));
        assertErrorCode("InvalidSnapshot.NotFound", () -> sim.ec2.createTags(r -> r.resources("snap-0123456789abcdef0").tags(tag("a", "1"))));
        assertErrorCode("InvalidInstanceID.NotFound", () -> sim.ec2.deleteTags(r -> r.resources("i-0fedcba9876543210")));
        assertErrorCode("InvalidID", () -> sim.ec2.createTags(r -> r.resources("bucket-1").tags(tag("a", "1"))));
        assertErrorCode("InvalidVolumeID.Malformed", () -> sim.ec2.createTags(r -> r.resources("vol-xyz").tags(tag("a", "1"))));
        assertErrorCode("InvalidParameterValue", () -> sim.ec2.createTags(r -> r.resources(volumeId).tags(tag("aws:cloudformation", "1"))));
        assertEquals(Map.of(), tags(sim.volume(volumeId).tags()));
    }

    @Test
    void aResourceHoldsAtMostFiftyTags() {
        String volumeId = sim.createVolume();
        sim.ec2.createTags(r -> r.resources(volumeId).tags(IntStream.range(0, 50).mapToObj(i -> tag("k" + i, "v")).toList()));

        assertErrorCode("TagLimitExceeded", () -> sim.ec2.createTags(r -> r.resources(volumeId).tags(tag("one-more", "v"))));
    }

    @Test
    void describeInstancesAnswersTheConfiguredInstance() {
        Reservation reservation = sim.ec2.describeInstances(r -> { }).reservations().getFirst();
        var instance = reservation.instances().getFirst();

        assertEquals("123456789012", reservation.ownerId());
        assertEquals(INSTANCE, instance.instanceId());
        assertEquals("m5.large", instance.instanceTypeAsString());
        assertEquals("us-east-1a", instance.placement().availabilityZone());
        assertEquals(16, instance.state().code());
        assertEquals("/dev/xvda", instance.rootDeviceName());
        assertTrue(instance.blockDeviceMappings().isEmpty());
        assertEquals(1, sim.ec2.describeInstances(r -> r.filters(Filter.builder().name("instance-type").values("m5.*").build()))
                .reservations().size());
        assertEquals(0, sim.ec2.describeInstances(r -> r.filters(Filter.builder().name("availability-zone").values("us-east-1b").build()))
                .reservations().size());
        assertErrorCode("InvalidInstanceID.NotFound", () -> sim.ec2.describeInstances(r -> r.instanceIds("i-0fedcba9876543210")));
        assertErrorCode("InvalidInstanceID.Malformed", () -> sim.ec2.describeInstances(r -> r.instanceIds("node-1")));
    }

    @Test
    void describeAvailabilityZonesAnswersTheConfiguredZonesWithTheirIds() {
        List<AvailabilityZone> zones = sim.ec2.describeAvailabilityZones().availabilityZones();

        assertEquals(List.of("us-east-1a", "us-east-1b", "us-east-1c"), zones.stream().map(AvailabilityZone::zoneName).toList());
        assertEquals(List.of("use1-az1", "use1-az2", "use1-az3"), zones.stream().map(AvailabilityZone::zoneId).toList());
        assertEquals("us-east-1", zones.getFirst().regionName());
        assertEquals("available", zones.getFirst().stateAsString());
        assertEquals(List.of("us-east-1b"), sim.ec2.describeAvailabilityZones(r -> r.zoneNames("us-east-1b")).availabilityZones().stream()
                .map(AvailabilityZone::zoneName).toList());
        assertEquals(List.of("us-east-1c"), sim.ec2.describeAvailabilityZones(r -> r.zoneIds("use1-az3")).availabilityZones().stream()
                .map(AvailabilityZone::zoneName).toList());
        assertErrorCode("InvalidZone.NotFound", () -> sim.ec2.describeAvailabilityZones(r -> r.zoneNames("us-east-1z")));
    }

    @Test
    void aDryRunOfDescribeAvailabilityZonesIsDryRunOperationWith412() {
        Ec2Exception dryRun = assertThrows(Ec2Exception.class, () -> sim.ec2.describeAvailabilityZones(r -> r.dryRun(true)));

        assertEquals("DryRunOperation", dryRun.awsErrorDetails().errorCode());
        assertEquals(412, dryRun.statusCode());
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> map = new TreeMap<>();
        tags.forEach(tag -> map.put(tag.key(), tag.value()));
        return map;
    }
}
