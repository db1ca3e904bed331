package dev.polycsi.simulator.ec2;

import static dev.polycsi.simulator.ec2.Ec2Fixture.ZONE;
import static dev.polycsi.simulator.ec2.Ec2Fixture.assertErrorCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.simulator.SimulatorConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.CreateSnapshotResponse;
import software.amazon.awssdk.services.ec2.model.CreateVolumeResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

class SnapshotsTest {

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
    void aSnapshotIsPendingThenCompleted() {
        sim.knobs().set("delay.snapshot.completed", "1s");
        String volumeId = sim.createVolume(10);

        CreateSnapshotResponse created = sim.ec2.createSnapshot(r -> r.volumeId(volumeId).description("before upgrade")
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SNAPSHOT)
                        .tags(Tag.builder().key("CSIVolumeSnapshotName").value("snap-1").build()).build()));

        assertTrue(created.snapshotId().matches("snap-[0-9a-f]{17}"), created.snapshotId());
        assertEquals(SnapshotState.PENDING, created.state());
        assertEquals("0%", created.progress());
        assertEquals(volumeId, created.volumeId());
        assertEquals(10, created.volumeSize());
        assertEquals("before upgrade", created.description());
        assertEquals("123456789012", created.ownerId());
        assertEquals("CSIVolumeSnapshotName", created.tags().getFirst().key());
        assertEquals("snapshot " + volumeId + " " + created.snapshotId(), sim.storage.calls().getLast());

        Ec2Fixture.await("completed", () -> snapshot(created.snapshotId()).state() == SnapshotState.COMPLETED);
        assertEquals("100%", snapshot(created.snapshotId()).progress());
    }

    @Test
    void aVolumeFromASnapshotTakesItsSizeAndData() {
        String source = sim.createVolume(10);
        String snapshotId = sim.ec2.createSnapshot(r -> r.volumeId(source)).snapshotId();

        CreateVolumeResponse restored = sim.ec2.createVolume(r -> r.availabilityZone(ZONE).snapshotId(snapshotId));
        CreateVolumeResponse larger = sim.ec2.createVolume(r -> r.availabilityZone(ZONE).snapshotId(snapshotId).size(30));

        assertEquals(10, restored.size());
        assertEquals(snapshotId, restored.snapshotId());
        assertEquals(30, larger.size());
        assertEquals("create " + restored.volumeId() + " " + (10L << 30) + " " + snapshotId, sim.storage.calls().get(2));
        assertErrorCode("InvalidParameterValue", () -> sim.ec2.createVolume(r -> r.availabilityZone(ZONE).snapshotId(snapshotId).size(5)));
        assertErrorCode("InvalidSnapshot.NotFound", () -> sim.ec2.createVolume(r -> r.availabilityZone(ZONE).snapshotId("snap-0123456789abcdef0")));
    }

    @Test
    void aPendingSnapshotCannotBeRestoredYet() {
        sim.knobs().set("delay.snapshot.completed", "10s");
        String snapshotId = sim.ec2.createSnapshot(r -> r.volumeId(sim.createVolume())).snapshotId();

        assertErrorCode("IncorrectState", () -> sim.ec2.createVolume(r -> r.availabilityZone(ZONE).snapshotId(snapshotId)));
    }

    @Test
    void describeSnapshotsByIdOwnerFilterAndPage() {
        String first = sim.createVolume();
        String second = sim.createVolume();
        List<String> ofFirst = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ofFirst.add(sim.ec2.createSnapshot(r -> r.volumeId(first)).snapshotId());
        }
        String ofSecond = sim.ec2.createSnapshot(r -> r.volumeId(second)
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SNAPSHOT)
                        .tags(Tag.builder().key("team").value("db").build()).build())).snapshotId();

        assertEquals(List.of(ofSecond), ids(sim.ec2.describeSnapshots(r -> r.snapshotIds(ofSecond)).snapshots()));
        assertEquals(ofFirst, ids(sim.ec2.describeSnapshots(r -> r.ownerIds("self").filters(filter("volume-id", first))).snapshots()));
        assertEquals(List.of(ofSecond), ids(sim.ec2.describeSnapshots(r -> r.filters(filter("tag:team", "db"))).snapshots()));
        assertEquals(7, sim.ec2.describeSnapshots(r -> r.filters(filter("status", "completed"))).snapshots().size());
        assertEquals(List.of(), sim.ec2.describeSnapshots(r -> r.ownerIds("amazon")).snapshots());

        var firstPage = sim.ec2.describeSnapshots(r -> r.ownerIds("self").maxResults(5));
        var secondPage = sim.ec2.describeSnapshots(r -> r.ownerIds("self").maxResults(5).nextToken(firstPage.nextToken()));
        assertEquals(5, firstPage.snapshots().size());
        assertEquals(List.of(ofFirst.get(5), ofSecond), ids(secondPage.snapshots()));
        assertEquals(null, secondPage.nextToken());
        assertErrorCode("InvalidParameterCombination", () -> sim.ec2.describeSnapshots(r -> r.snapshotIds(ofSecond).maxResults(5)));
        assertErrorCode("InvalidSnapshot.NotFound", () -> sim.ec2.describeSnapshots(r -> r.snapshotIds("snap-0123456789abcdef0")));
        assertErrorCode("InvalidSnapshotID.Malformed", () -> sim.ec2.describeSnapshots(r -> r.snapshotIds("snapshot-1")));
    }

    @Test
    void aNewSnapshotIsInvisibleDuringTheConsistencyWindow() {
        sim.knobs().set("consistency", "1s");
        String snapshotId = sim.ec2.createSnapshot(r -> r.volumeId(sim.createVolume())).snapshotId();

        assertErrorCode("InvalidSnapshot.NotFound", () -> sim.ec2.describeSnapshots(r -> r.snapshotIds(snapshotId)));
        assertEquals(List.of(), sim.ec2.describeSnapshots(r -> r.ownerIds("self")).snapshots());
        Ec2Fixture.await("visible", () -> sim.ec2.describeSnapshots(r -> r.ownerIds("self")).hasSnapshots()
                && !sim.ec2.describeSnapshots(r -> r.ownerIds("self")).snapshots().isEmpty());
    }

    @Test
    void deleteSnapshotRemovesItAndItsData() {
        String snapshotId = sim.ec2.createSnapshot(r -> r.volumeId(sim.createVolume())).snapshotId();

        sim.ec2.deleteSnapshot(r -> r.snapshotId(snapshotId));

        assertEquals("deleteSnapshot " + snapshotId, sim.storage.calls().getLast());
        assertErrorCode("InvalidSnapshot.NotFound", () -> sim.ec2.describeSnapshots(r -> r.snapshotIds(snapshotId)));
        assertErrorCode("InvalidSnapshot.NotFound", () -> sim.ec2.deleteSnapshot(r -> r.snapshotId(snapshotId)));
    }

    @Test
    void createSnapshotNeedsAnExistingVolume() {
        assertErrorCode("InvalidVolume.NotFound", () -> sim.ec2.createSnapshot(r -> r.volumeId("vol-0123456789abcdef0")));
        assertErrorCode("MissingParameter", () -> sim.ec2.createSnapshot(r -> { }));
    }

    private Snapshot snapshot(String snapshotId) {
        return sim.ec2.describeSnapshots(r -> r.snapshotIds(snapshotId)).snapshots().getFirst();
    }

    private static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    private static List<String> ids(List<Snapshot> snapshots) {
        return snapshots.stream().map(Snapshot::snapshotId).toList();
    }
}
