package dev.polycsi.simulator.ec2;

import dev.polycsi.simulator.state.StateFileException;
import static dev.polycsi.simulator.ec2.Ec2Fixture.INSTANCE;
import static dev.polycsi.simulator.ec2.Ec2Fixture.OTHER_ZONE;
import static dev.polycsi.simulator.ec2.Ec2Fixture.ZONE;
import static dev.polycsi.simulator.ec2.Ec2Fixture.assertErrorCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.simulator.SimulatorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.ec2.model.CreateVolumeRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesResponse;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeModification;
import software.amazon.awssdk.services.ec2.model.VolumeState;

/** A simulator started on the state directory of one that stopped finds everything as it was. */
class Ec2StateFileTest {

    @TempDir
    Path dataDir;

    private Path stateDir() {
        return dataDir.resolve("state");
    }

    private Path stateFile() {
        return stateDir().resolve(Ec2StateFile.NAME);
    }

    private Ec2Fixture start() {
        return Ec2Fixture.start(SimulatorConfig.defaults(dataDir).withStateDir(stateDir()));
    }

    private static CreateVolumeRequest tokenRequest(int sizeGiB) {
        return CreateVolumeRequest.builder().availabilityZone(ZONE).size(sizeGiB).volumeType("gp3").clientToken("restart-token").build();
    }

    @Test
    void volumesSnapshotsTagsAttachmentsAndModificationsSurviveARestart() {
        String attached;
        String detached;
        List<Volume> volumes;
        List<Snapshot> snapshots;
        List<VolumeModification> modifications;
        List<Tag> instanceTags;
        try (Ec2Fixture sim = start()) {
            attached = sim.createVolume();
            sim.ec2.attachVolume(r -> r.volumeId(attached).instanceId(INSTANCE).device("/dev/xvdba"));
            detached = sim.createVolume();
            sim.ec2.attachVolume(r -> r.volumeId(detached).instanceId(INSTANCE).device("/dev/xvdbb"));
            sim.ec2.detachVolume(r -> r.volumeId(detached));
            String tagged = sim.ec2.createVolume(r -> r.availabilityZone(ZONE).size(5).volumeType("io2").iops(500).encrypted(true)
                    .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.VOLUME)
                            .tags(tag("CSIVolumeName", "pvc-1"), tag("team", "storage")).build())).volumeId();
            String snapshotId = sim.ec2.createSnapshot(r -> r.volumeId(tagged).description("before restart")).snapshotId();
            sim.ec2.createTags(r -> r.resources(snapshotId, INSTANCE).tags(tag("kept", "yes")));
            sim.ec2.modifyVolume(r -> r.volumeId(sim.createVolume()).size(20).iops(4000));
            sim.ec2.createVolume(tokenRequest(7));
            volumes = sim.ec2.describeVolumes().volumes();
            snapshots = sim.ec2.describeSnapshots(r -> r.ownerIds("self")).snapshots();
            modifications = sim.ec2.describeVolumesModifications().volumesModifications();
            instanceTags = sim.ec2.describeInstances().reservations().getFirst().instances().getFirst().tags();
        }

        try (Ec2Fixture sim = start()) {
            assertEquals(volumes, sim.ec2.describeVolumes().volumes());
            assertEquals(snapshots, sim.ec2.describeSnapshots(r -> r.ownerIds("self")).snapshots());
            assertEquals(modifications, sim.ec2.describeVolumesModifications().volumesModifications());
            assertEquals(instanceTags, sim.ec2.describeInstances().reservations().getFirst().instances().getFirst().tags());
            assertEquals(List.of("attach " + attached), sim.storage.calls(), "only the attached volume's device is shown again");
            assertErrorCode("VolumeInUse", () -> sim.ec2.deleteVolume(r -> r.volumeId(attached)));
            sim.ec2.attachVolume(r -> r.volumeId(detached).instanceId(INSTANCE).device("/dev/xvdbb"));
        }
    }

    @Test
    void attachmentsAndTagsOfSeveralInstancesSurviveARestartAndOnlyTheNodesDevicesComeBack() {
        SimulatorConfig config = SimulatorConfig.defaults(dataDir).withInstanceCount(3).withStateDir(stateDir());
        String second = SimulatorConfig.derivedInstanceId(1);
        String onNode;
        String onSecond;
        List<Volume> volumes;
        List<Instance> instances;
        try (Ec2Fixture sim = Ec2Fixture.start(config)) {
            onNode = sim.createVolume();
            sim.ec2.attachVolume(r -> r.volumeId(onNode).instanceId(INSTANCE).device("/dev/xvdba"));
            onSecond = sim.ec2.createVolume(r -> r.availabilityZone(OTHER_ZONE).size(2).volumeType("gp3")).volumeId();
            sim.ec2.attachVolume(r -> r.volumeId(onSecond).instanceId(second).device("/dev/xvdba"));
            sim.ec2.createTags(r -> r.resources(second).tags(tag("role", "worker")));
            sim.ec2.createTags(r -> r.resources(INSTANCE).tags(tag("role", "node")));
            volumes = sim.ec2.describeVolumes().volumes();
            instances = instancesButLaunchTime(sim);
        }

        try (Ec2Fixture sim = Ec2Fixture.start(config)) {
            assertEquals(volumes, sim.ec2.describeVolumes().volumes());
            assertEquals(instances, instancesButLaunchTime(sim));
            assertEquals(List.of("attach " + onNode), sim.storage.calls(), "only the node's instance's volume has its device shown again");
            String third = createVolumeIn(sim, OTHER_ZONE);
            assertErrorCode("InvalidParameterValue",
                    () -> sim.ec2.attachVolume(r -> r.volumeId(third).instanceId(second).device("/dev/xvdba")));
        }
    }

    @Test
    void theInstanceTagsOfAFileFromBeforeSeveralInstancesAreTheNodes() throws IOException {
        Files.createDirectories(stateDir());
        Files.writeString(stateFile(), "{\"version\": 1, \"sequence\": 0, \"volumes\": [], \"snapshots\": [], \"clientTokens\": [],"
                + " \"instanceTags\": {\"team\": \"storage\"}}");

        try (Ec2Fixture sim = Ec2Fixture.start(SimulatorConfig.defaults(dataDir).withInstanceCount(2).withStateDir(stateDir()))) {
            List<Instance> instances = sim.ec2.describeInstances().reservations().stream().flatMap(r -> r.instances().stream()).toList();
            assertEquals(List.of(tag("team", "storage")), instances.get(0).tags());
            assertEquals(List.of(), instances.get(1).tags());
        }
    }

    /** What a restart keeps of the instances: all but their launch time, which is the simulator's start. */
    private static List<Instance> instancesButLaunchTime(Ec2Fixture sim) {
        return sim.ec2.describeInstances().reservations().stream()
                .flatMap(reservation -> reservation.instances().stream())
                .map(instance -> instance.toBuilder().launchTime(null).build())
                .toList();
    }

    private static String createVolumeIn(Ec2Fixture sim, String zone) {
        return sim.ec2.createVolume(r -> r.availabilityZone(zone).size(1).volumeType("gp3")).volumeId();
    }

    @Test
    void locksFastRestoresAndInitializationSurviveARestart() {
        String snapshotId;
        String restored;
        List<Volume> volumes;
        try (Ec2Fixture sim = start()) {
            sim.knobs().set("delay.volume.initialized", "1h");
            snapshotId = sim.ec2.createSnapshot(r -> r.volumeId(sim.createVolume())).snapshotId();
            sim.ec2.lockSnapshot(r -> r.snapshotId(snapshotId).lockMode("compliance").lockDuration(3).coolOffPeriod(2));
            sim.ec2.enableFastSnapshotRestores(r -> r.sourceSnapshotIds(snapshotId).availabilityZones(OTHER_ZONE));
            restored = sim.ec2.createVolume(r -> r.availabilityZone(ZONE).snapshotId(snapshotId).volumeInitializationRate(150)).volumeId();
            volumes = sim.ec2.describeVolumes().volumes();
        }

        try (Ec2Fixture sim = start()) {
            assertEquals(volumes, sim.ec2.describeVolumes().volumes());
            assertEquals("compliance-cooloff", sim.ec2.describeLockedSnapshots(r -> r.snapshotIds(snapshotId)).snapshots().getFirst()
                    .lockStateAsString());
            assertErrorCode("SnapshotLocked", () -> sim.ec2.deleteSnapshot(r -> r.snapshotId(snapshotId)));
            assertEquals(1, sim.ec2.describeFastSnapshotRestores(r -> { }).fastSnapshotRestores().size());
            assertEquals("initializing", sim.ec2.describeVolumeStatus(r -> r.volumeIds(restored)).volumeStatuses().getFirst()
                    .volumeStatus().details().getLast().status());
        }
    }

    @Test
    void aClientTokenAnswersTheSameVolumeAfterARestart() {
        String created;
        try (Ec2Fixture sim = start()) {
            created = sim.ec2.createVolume(tokenRequest(7)).volumeId();
        }

        try (Ec2Fixture sim = start()) {
            assertEquals(created, sim.ec2.createVolume(tokenRequest(7)).volumeId());
            assertErrorCode("IdempotentParameterMismatch", () -> sim.ec2.createVolume(tokenRequest(8)));
            assertEquals(1, sim.ec2.describeVolumes().volumes().size());
        }
    }

    @Test
    void aClientTokenOfADeletedVolumeStillAnswersItAfterARestart() {
        String created;
        try (Ec2Fixture sim = start()) {
            created = sim.ec2.createVolume(tokenRequest(7)).volumeId();
            sim.ec2.deleteVolume(r -> r.volumeId(created));
            assertEquals(List.of(), sim.ec2.describeVolumes().volumes());
        }

        try (Ec2Fixture sim = start()) {
            assertEquals(created, sim.ec2.createVolume(tokenRequest(7)).volumeId());
            assertEquals(List.of(), sim.ec2.describeVolumes().volumes());
        }
    }

    @Test
    void newVolumesGetNewIdsAndListAfterTheRestoredOnes() {
        List<String> before = new ArrayList<>();
        try (Ec2Fixture sim = start()) {
            for (int i = 0; i < 6; i++) {
                before.add(sim.createVolume());
            }
        }

        try (Ec2Fixture sim = start()) {
            String added = sim.createVolume();

            assertFalse(before.contains(added));
            List<String> expected = new ArrayList<>(before);
            expected.add(added);
            assertEquals(expected, pagedVolumeIds(sim, 5), "pagination tokens follow the creation order across the restart");
        }
    }

    @Test
    void transitionsThatEndedWhileStoppedHaveEndedAfterARestart() throws InterruptedException {
        String soonAvailable;
        String longCreating;
        String soonGone;
        try (Ec2Fixture sim = start()) {
            soonGone = sim.createVolume();
            sim.knobs().set("delay.volume.deleted", "2s");
            sim.ec2.deleteVolume(r -> r.volumeId(soonGone));
            sim.knobs().set("delay.volume.available", "2s");
            soonAvailable = sim.createVolume();
            sim.knobs().set("delay.volume.available", "60m");
            longCreating = sim.createVolume();
            assertEquals(VolumeState.CREATING, sim.volume(soonAvailable).state());
            assertEquals(VolumeState.DELETING, sim.volume(soonGone).state());
        }
        // Long enough that a loaded machine still checks them before they end, and sleeps past it.
        Thread.sleep(2_500);

        try (Ec2Fixture sim = start()) {
            assertEquals(VolumeState.AVAILABLE, sim.volume(soonAvailable).state());
            assertEquals(VolumeState.CREATING, sim.volume(longCreating).state());
            assertErrorCode("InvalidVolume.NotFound", () -> sim.volume(soonGone));
        }
    }

    @Test
    void aVolumeBoundToFailStillFailsAfterARestart() throws InterruptedException {
        String failing;
        try (Ec2Fixture sim = start()) {
            sim.knobs().set("delay.volume.available", "200ms");
            sim.knobs().set("fail.volume.create", "capacity");
            failing = sim.createVolume();
        }
        Thread.sleep(400);

        try (Ec2Fixture sim = start()) {
            assertEquals(VolumeState.ERROR, sim.volume(failing).state(), "the failure was fixed when the volume was asked for");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{ \"version\": 1, \"volumes\": [", "[]", "{\"version\": 2}", "{\"sequence\": 3}",
            "{\"version\": 1, \"sequence\": 1, \"volumes\": [{\"id\": \"vol-1\"}], \"snapshots\": [], \"clientTokens\": [], \"instanceTags\": {}}"})
    void aStateFileThatCannotBeReadStopsTheStartNamingTheFile(String content) throws IOException {
        Files.createDirectories(stateDir());
        Files.writeString(stateFile(), content);

        StateFileException refused = assertThrows(StateFileException.class, this::start);

        assertTrue(refused.getMessage().contains(stateFile().toString()), refused.getMessage());
        assertEquals(content, Files.readString(stateFile()), "the file is left for the user to look at");
    }

    @Test
    void anUnknownVersionIsRefusedAsSuch() throws IOException {
        Files.createDirectories(stateDir());
        Files.writeString(stateFile(), "{\"version\": 2, \"volumes\": []}");

        StateFileException refused = assertThrows(StateFileException.class, this::start);

        assertTrue(refused.getMessage().contains("version 2"), refused.getMessage());
    }

    @Test
    void aStateDirectoryThatCannotBeWrittenStopsTheStart() throws IOException {
        Files.writeString(stateDir(), "a file where the directory should be");

        StateFileException refused = assertThrows(StateFileException.class, this::start);

        assertTrue(refused.getMessage().contains(stateFile().toString()), refused.getMessage());
    }

    @Test
    void eachSaveReplacesTheFileWholeAndLeavesNoTemporaryFile() throws IOException {
        Files.createDirectories(stateDir());
        // as a crash in the middle of a save would leave it
        Files.writeString(stateDir().resolve(Ec2StateFile.NAME + ".tmp"), "{\"version\": 1, \"volu");
        try (Ec2Fixture sim = start()) {
            String volumeId = sim.createVolume();
            sim.ec2.createTags(r -> r.resources(volumeId).tags(tag("k", "v")));
            sim.ec2.deleteVolume(r -> r.volumeId(volumeId));

            try (Stream<Path> files = Files.list(stateDir())) {
                assertEquals(List.of(stateFile()), files.toList());
            }
            assertTrue(Files.readString(stateFile()).startsWith("{\"version\":1,"), Files.readString(stateFile()));
        }
    }

    @Test
    void withoutAStateDirectoryNothingIsWritten() throws IOException {
        try (Ec2Fixture sim = Ec2Fixture.start(SimulatorConfig.defaults(dataDir))) {
            sim.createVolume();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            assertEquals(List.of(dataDir), files.toList());
        }
    }

    private static List<String> pagedVolumeIds(Ec2Fixture sim, int pageSize) {
        List<String> ids = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            DescribeVolumesResponse page = sim.ec2.describeVolumes(r -> r.maxResults(pageSize).nextToken(next));
            page.volumes().forEach(volume -> ids.add(volume.volumeId()));
            token = page.nextToken();
        } while (token != null);
        return ids;
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
