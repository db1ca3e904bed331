package dev.polycsi.ebs.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.aws.idempotency.ClientTokens;
import dev.polycsi.simulator.AwsSimulator;
import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.ec2.Ec2Service;
import dev.polycsi.simulator.imds.ImdsService;
import dev.polycsi.simulator.knobs.Knobs;
import dev.polycsi.simulator.storage.BlockStorage;
import dev.polycsi.spi.AwsAccess;
import dev.polycsi.spi.CsiException.Code;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** SdkEbsCloud against the simulated EC2, through the real SDK client. */
class SdkEbsCloudTest {

    private static final String ZONE = "us-east-1a";
    private static final String OTHER_ZONE = "us-east-1b";
    private static final String INSTANCE = SimulatorConfig.DEFAULT_INSTANCE;
    private static final CloudOptions FAST = new CloudOptions(true, Duration.ofMillis(100), Duration.ofMillis(300));
    private static final SdkEbsCloud.Waits SHORT_WAITS = new SdkEbsCloud.Waits(Duration.ofSeconds(20), Duration.ofSeconds(20),
            Duration.ofSeconds(20), Duration.ofSeconds(20));
    private static final AtomicInteger NAMES = new AtomicInteger();

    @TempDir
    Path dir;
    private AwsSimulator simulator;
    private final List<EbsCloud> clouds = new ArrayList<>();
    private EbsCloud cloud;

    @BeforeEach
    void start() throws Exception {
        simulator = AwsSimulator.start(SimulatorConfig.defaults(dir).withPort(0), new Knobs(), BlockStorage.NONE,
                List.of(ImdsService::new, Ec2Service::new));
        cloud = cloud(FAST, SHORT_WAITS, 10);
    }

    @AfterEach
    void stop() {
        clouds.forEach(EbsCloud::close);
        simulator.close();
    }

    private EbsCloud cloud(CloudOptions options, SdkEbsCloud.Waits waits, int maxAttempts) {
        AwsAccess access = AwsAccess.simulated("us-east-1", simulator.endpoint());
        EbsCloud made = new SdkEbsCloud(Ec2Clients.build(access, maxAttempts), options, waits, Clock.systemUTC());
        clouds.add(made);
        return made;
    }

    private long calls(String action) {
        return simulator.counters().calls("ec2", action);
    }

    private static NewDisk gp3(String name, long sizeGiB) {
        return new NewDisk(name, sizeGiB, ZONE, "gp3", Optional.empty(), Optional.empty(), false, Optional.empty(),
                Map.of("team", "storage"), Optional.empty(), false, Optional.empty());
    }

    private static String name() {
        return "pvc-" + NAMES.incrementAndGet();
    }

    private static void assertCode(Code code, Executable call) {
        EbsCloudException e = assertThrows(EbsCloudException.class, call);
        assertEquals(code, e.code(), e.getMessage());
    }

    private static <T> List<T> concurrently(int n, java.util.function.IntFunction<Callable<T>> task) throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(threads.submit(task.apply(i)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        }
    }

    // ---- creation

    @Test
    void createIsIdempotentByNameAndTagsTheVolume() {
        String name = name();
        Disk first = cloud.createDisk(gp3(name, 10));
        Disk again = cloud.createDisk(gp3(name, 10));
        assertEquals(first.volumeId(), again.volumeId());
        assertEquals("available", first.state());
        assertEquals(10, first.sizeGiB());
        assertEquals(Optional.of(3000), first.iops());
        assertEquals(name, first.tags().get(EbsCloud.VOLUME_NAME_TAG));
        assertEquals("storage", first.tags().get("team"));
        assertEquals(1, calls("CreateVolume"), "the second call found the volume by its tag");
        assertEquals(first.volumeId(), cloud.findDiskByName(name).orElseThrow().volumeId());
    }

    @Test
    void aVolumeOfTheSameNameButOtherSizeAlreadyExists() {
        String name = name();
        cloud.createDisk(gp3(name, 10));
        assertCode(Code.ALREADY_EXISTS, () -> cloud.createDisk(gp3(name, 20)));
        assertEquals(1, calls("CreateVolume"));
    }

    @Test
    void aRestartedDriverFindsTheVolumeByTagAndMakesNoSecond() {
        String name = name();
        Disk first = cloud.createDisk(gp3(name, 10));
        cloud.close();
        EbsCloud restarted = cloud(FAST, SHORT_WAITS, 10);
        long describesBefore = calls("DescribeVolumes");
        assertEquals(first.volumeId(), restarted.createDisk(gp3(name, 10)).volumeId());
        assertEquals(1, calls("CreateVolume"));
        assertTrue(calls("DescribeVolumes") - describesBefore <= 2, "one look-up by name, one wait poll");
    }

    @Test
    void aNameUsedAgainAfterDeletionGetsANewVolume() {
        String name = name();
        Disk first = cloud.createDisk(gp3(name, 10));
        cloud.deleteDisk(first.volumeId());
        Disk second = cloud.createDisk(gp3(name, 10));
        assertNotEquals(first.volumeId(), second.volumeId());
        assertEquals("available", second.state());
    }

    @Test
    void aTokenUsedWithOtherParametersMovesToTheNextGeneration() {
        String name = name();
        // someone (an older driver, a hand-made call) used the name's token for other parameters and no tag
        try (var raw = Ec2Clients.build(AwsAccess.simulated("us-east-1", simulator.endpoint()), 1)) {
            raw.forAction("CreateVolume").createVolume(r -> r.clientToken(ClientTokens.token(name, 1)).availabilityZone(ZONE).size(1).volumeType("gp2"));
        }
        Disk disk = cloud.createDisk(gp3(name, 10));
        assertEquals(10, disk.sizeGiB());
        assertEquals(3, calls("CreateVolume"), "the foreign call, the refused token, the next generation");
        assertEquals(disk.volumeId(), cloud.createDisk(gp3(name, 10)).volumeId());
        assertEquals(3, calls("CreateVolume"));
    }

    @Test
    void creationWaitsForAvailableWithFewPolls() {
        simulator.knobs().set("delay.volume.available", "1500ms");
        Disk disk = cloud.createDisk(gp3(name(), 10));
        assertEquals("available", disk.state());
        // polls at 0.25, 0.6, 1.2, 2.0 s (+ batch windows): a handful, not one every few milliseconds
        assertTrue(calls("DescribeVolumes") <= 8, "DescribeVolumes: " + calls("DescribeVolumes"));
    }

    @Test
    void manyVolumesWaitingTogetherShareTheirPolls() throws Exception {
        simulator.knobs().set("delay.volume.available", "1s");
        List<Disk> disks = concurrently(40, i -> () -> cloud.createDisk(gp3(name(), 5)));
        assertTrue(disks.stream().allMatch(d -> d.state().equals("available")));
        assertEquals(40, calls("CreateVolume"));
        // name look-ups and poll rounds shared by all 40 (at most one call per batch window
        // and batcher), where unbatched waiting would cost several calls per volume
        assertTrue(calls("DescribeVolumes") <= 20, "DescribeVolumes: " + calls("DescribeVolumes"));
    }

    @Test
    void createFromSnapshotAndUnknownSnapshot() {
        Disk source = cloud.createDisk(gp3(name(), 8));
        DiskSnapshot snapshot = cloud.createSnapshot(new NewSnapshot("snap-" + name(), source.volumeId(), Map.of(), Optional.empty()));
        NewDisk fromSnapshot = new NewDisk(name(), 8, ZONE, "gp3", Optional.empty(), Optional.empty(), false, Optional.empty(), Map.of(),
                Optional.of(snapshot.snapshotId()), false, Optional.empty());
        Disk restored = cloud.createDisk(fromSnapshot);
        assertEquals(Optional.of(snapshot.snapshotId()), restored.snapshotId());
        assertEquals(restored.volumeId(), cloud.createDisk(fromSnapshot).volumeId());

        NewDisk unknown = new NewDisk(name(), 8, ZONE, "gp3", Optional.empty(), Optional.empty(), false, Optional.empty(), Map.of(),
                Optional.of("snap-0123456789abcdef0"), false, Optional.empty());
        assertCode(Code.NOT_FOUND, () -> cloud.createDisk(unknown));
    }

    @Test
    void badParametersAreInvalidArgumentWithEc2sMessage() {
        NewDisk badType = new NewDisk(name(), 10, ZONE, "gp9", Optional.empty(), Optional.empty(), false, Optional.empty(), Map.of(),
                Optional.empty(), false, Optional.empty());
        EbsCloudException e = assertThrows(EbsCloudException.class, () -> cloud.createDisk(badType));
        assertEquals(Code.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("volumeType"), e.getMessage());
        NewDisk badZone = new NewDisk(name(), 10, "us-east-1z", "gp3", Optional.empty(), Optional.empty(), false, Optional.empty(), Map.of(),
                Optional.empty(), false, Optional.empty());
        assertCode(Code.INVALID_ARGUMENT, () -> cloud.createDisk(badZone));
        NewDisk iopsOnGp2 = new NewDisk(name(), 10, ZONE, "gp2", Optional.of(500), Optional.empty(), false, Optional.empty(), Map.of(),
                Optional.empty(), false, Optional.empty());
        assertCode(Code.INVALID_ARGUMENT, () -> cloud.createDisk(iopsOnGp2));
    }

    @Test
    void multiAttachIo2() {
        NewDisk io2 = new NewDisk(name(), 10, ZONE, "io2", Optional.of(1000), Optional.empty(), false, Optional.empty(), Map.of(),
                Optional.empty(), true, Optional.empty());
        Disk disk = cloud.createDisk(io2);
        assertTrue(disk.multiAttach());
        assertEquals(Optional.of(1000), disk.iops());
    }

    @Test
    void copyIsIdempotentByName() {
        Disk source = cloud.createDisk(gp3(name(), 6));
        String name = name();
        Disk copy = cloud.copyDisk(source.volumeId(), gp3(name, 6));
        assertNotEquals(source.volumeId(), copy.volumeId());
        assertEquals(6, copy.sizeGiB());
        assertEquals(copy.volumeId(), cloud.copyDisk(source.volumeId(), gp3(name, 6)).volumeId());
        assertEquals(1, calls("CopyVolumes"));
        assertCode(Code.NOT_FOUND, () -> cloud.copyDisk("vol-0123456789abcdef0", gp3(name(), 6)));
        Disk other = cloud.createDisk(gp3(name(), 6));
        assertCode(Code.ALREADY_EXISTS, () -> cloud.copyDisk(other.volumeId(), gp3(name, 6)));
    }

    // ---- look-ups and deletion

    @Test
    void unknownIdsAreEmptyAndDoNotFailOthersInTheBatch() throws Exception {
        Disk disk = cloud.createDisk(gp3(name(), 5));
        List<Optional<Disk>> found = concurrently(2, i -> () -> cloud.getDisk(i == 0 ? disk.volumeId() : "vol-0000000000000dead"));
        assertEquals(disk.volumeId(), found.get(0).orElseThrow().volumeId());
        assertEquals(Optional.empty(), found.get(1));
        assertEquals(Optional.empty(), cloud.getInstance("i-0000000000000dead"));
        assertEquals(ZONE, cloud.getInstance(INSTANCE).orElseThrow().zone());
        assertEquals(Optional.empty(), cloud.getSnapshot("snap-0000000000000dead"));
    }

    @Test
    void deleteIsIdempotentAndRefusesVolumesInUse() {
        Disk disk = cloud.createDisk(gp3(name(), 5));
        cloud.attachDisk(disk.volumeId(), INSTANCE);
        EbsCloudException inUse = assertThrows(EbsCloudException.class, () -> cloud.deleteDisk(disk.volumeId()));
        assertEquals(Code.FAILED_PRECONDITION, inUse.code());
        assertEquals("VolumeInUse", inUse.awsErrorCode());
        cloud.detachDisk(disk.volumeId(), INSTANCE);
        cloud.deleteDisk(disk.volumeId());
        cloud.deleteDisk(disk.volumeId());
        cloud.deleteDisk("vol-0000000000000dead");
    }

    // ---- attachments

    @Test
    void attachGivesEachVolumeItsOwnDeviceAndIsIdempotent() {
        Disk a = cloud.createDisk(gp3(name(), 5));
        Disk b = cloud.createDisk(gp3(name(), 5));
        String deviceA = cloud.attachDisk(a.volumeId(), INSTANCE);
        String deviceB = cloud.attachDisk(b.volumeId(), INSTANCE);
        assertEquals("/dev/xvdaa", deviceA);
        assertEquals("/dev/xvdab", deviceB);
        long attaches = calls("AttachVolume");
        assertEquals(deviceA, cloud.attachDisk(a.volumeId(), INSTANCE));
        assertEquals(attaches, calls("AttachVolume"), "re-attaching an attached volume makes no call");
        assertTrue(cloud.getInstance(INSTANCE).orElseThrow().devicesInUse().containsAll(Set.of(deviceA, deviceB)));

        cloud.detachDisk(a.volumeId(), INSTANCE);
        assertTrue(cloud.getDisk(a.volumeId()).orElseThrow().attachments().isEmpty());
        long detaches = calls("DetachVolume");
        cloud.detachDisk(a.volumeId(), INSTANCE);
        cloud.detachDisk("vol-0000000000000dead", INSTANCE);
        assertEquals(detaches, calls("DetachVolume"), "detaching what is not attached makes no call");
    }

    @Test
    void concurrentAttachesUpToTheLimitThenResourceExhausted() throws Exception {
        simulator.knobs().set("delay.volume.attached", "300ms");
        // m5.large: 27 EBS attachments
        List<Disk> disks = concurrently(28, i -> () -> cloud.createDisk(gp3(name(), 1)));
        List<String> devices = concurrently(27, i -> () -> cloud.attachDisk(disks.get(i).volumeId(), INSTANCE));
        assertEquals(27, new HashSet<>(devices).size(), "every attachment has its own device: " + devices);
        assertTrue(calls("DescribeVolumes") < 27 * 3, "waits share their polls: " + calls("DescribeVolumes"));
        EbsCloudException full = assertThrows(EbsCloudException.class, () -> cloud.attachDisk(disks.get(27).volumeId(), INSTANCE));
        assertEquals(Code.RESOURCE_EXHAUSTED, full.code());
        assertEquals("AttachmentLimitExceeded", full.awsErrorCode());
    }

    @Test
    void attachFailures() {
        NewDisk elsewhere = new NewDisk(name(), 5, OTHER_ZONE, "gp3", Optional.empty(), Optional.empty(), false, Optional.empty(), Map.of(),
                Optional.empty(), false, Optional.empty());
        Disk other = cloud.createDisk(elsewhere);
        assertCode(Code.FAILED_PRECONDITION, () -> cloud.attachDisk(other.volumeId(), INSTANCE));
        assertCode(Code.NOT_FOUND, () -> cloud.attachDisk("vol-0000000000000dead", INSTANCE));
        Disk disk = cloud.createDisk(gp3(name(), 5));
        assertCode(Code.NOT_FOUND, () -> cloud.attachDisk(disk.volumeId(), "i-0000000000000dead"));
    }

    @Test
    void aDeviceNameEc2RefusesIsSkipped() {
        // a volume attached behind the driver's back at the first name, between the instance look-up and the attach
        Disk disk = cloud.createDisk(gp3(name(), 5));
        Disk intruder = cloud.createDisk(gp3(name(), 5));
        EbsCloud other = cloud(new CloudOptions(false, Duration.ZERO, Duration.ZERO), SHORT_WAITS, 3);
        simulator.knobs().set("latency.AttachVolume", "300ms");
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> ours = threads.submit(() -> cloud.attachDisk(disk.volumeId(), INSTANCE));
            Future<String> theirs = threads.submit(() -> other.attachDisk(intruder.volumeId(), INSTANCE));
            String a = ours.get();
            String b = theirs.get();
            assertNotEquals(a, b);
            assertEquals(3, calls("AttachVolume"), "both tried the first free name; the one refused took the next");
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anAttachmentStuckAttachingIsUndoneAndFails() {
        simulator.knobs().set("delay.volume.attached", "30s");
        EbsCloud impatient = cloud(FAST, new SdkEbsCloud.Waits(Duration.ofSeconds(20), Duration.ofSeconds(1), Duration.ofSeconds(20),
                Duration.ofSeconds(20)), 3);
        Disk disk = impatient.createDisk(gp3(name(), 5));
        assertCode(Code.DEADLINE_EXCEEDED, () -> impatient.attachDisk(disk.volumeId(), INSTANCE));
        assertEquals(1, calls("DetachVolume"));
        assertTrue(impatient.getDisk(disk.volumeId()).orElseThrow().attachmentTo(INSTANCE).stream().noneMatch(a -> a.state().equals("attaching")),
                "the stuck attachment was detached");
    }

    // ---- modification

    @Test
    void concurrentModificationsMergeIntoOneCall() throws Exception {
        Disk disk = cloud.createDisk(gp3(name(), 10));
        List<Disk> results = concurrently(2, i -> () -> cloud.modifyDisk(disk.volumeId(), i == 0
                ? DiskModification.size(20)
                : new DiskModification(Optional.empty(), Optional.empty(), Optional.of(4000), Optional.of(250))));
        assertEquals(1, calls("ModifyVolume"));
        for (Disk result : results) {
            assertEquals(20, result.sizeGiB());
            assertEquals(Optional.of(4000), result.iops());
            assertEquals(Optional.of(250), result.throughput());
        }
        // the same change again (e.g. after a restart) costs no ModifyVolume
        cloud.modifyDisk(disk.volumeId(), DiskModification.size(20));
        cloud.modifyDisk(disk.volumeId(), DiskModification.size(15));
        assertEquals(1, calls("ModifyVolume"));
    }

    @Test
    void conflictingModificationsFailTheLaterRequest() throws Exception {
        Disk disk = cloud.createDisk(gp3(name(), 10));
        EbsCloud slowWindow = cloud(new CloudOptions(true, Duration.ofMillis(100), Duration.ofSeconds(1)), SHORT_WAITS, 3);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Disk> first = threads.submit(() -> slowWindow.modifyDisk(disk.volumeId(), DiskModification.size(20)));
            Thread.sleep(200);
            EbsCloudException conflict = assertThrows(EbsCloudException.class, () -> slowWindow.modifyDisk(disk.volumeId(), DiskModification.size(30)));
            assertEquals(Code.INVALID_ARGUMENT, conflict.code());
            assertEquals(20, first.get().sizeGiB());
        }
        assertEquals(1, calls("ModifyVolume"));
    }

    @Test
    void modificationWaitsForOptimizingAndMapsCooldown() {
        simulator.knobs().set("delay.modification.optimizing", "800ms");
        simulator.knobs().set("delay.modification.cooldown", "60m");
        Disk disk = cloud.createDisk(gp3(name(), 10));
        Disk bigger = cloud.modifyDisk(disk.volumeId(), DiskModification.size(12));
        assertEquals(12, bigger.sizeGiB());
        EbsCloudException cooldown = assertThrows(EbsCloudException.class, () -> cloud.modifyDisk(disk.volumeId(), DiskModification.size(14)));
        assertEquals(Code.RESOURCE_EXHAUSTED, cooldown.code());
        assertEquals("VolumeModificationRateExceeded", cooldown.awsErrorCode());
        assertCode(Code.NOT_FOUND, () -> cloud.modifyDisk("vol-0000000000000dead", DiskModification.size(14)));
    }

    @Test
    void tagsAreAddedAndRemoved() {
        Disk disk = cloud.createDisk(gp3(name(), 5));
        cloud.tagDisk(disk.volumeId(), Map.of("owner", "me"), Set.of("team"));
        Map<String, String> tags = cloud.getDisk(disk.volumeId()).orElseThrow().tags();
        assertEquals("me", tags.get("owner"));
        assertTrue(!tags.containsKey("team"));
    }

    // ---- snapshots

    /** Found by the controller-crash campaign's consistency run (issue 15): each poll of the snapshotter made one more snapshot. */
    @Test
    void aSnapshotRetriedBeforeEc2ListsItIsNotMadeTwice() {
        Disk volume = cloud.createDisk(gp3(name(), 5));
        simulator.knobs().set("consistency", "10s");
        NewSnapshot request = new NewSnapshot("snap-unlisted", volume.volumeId(), Map.of(), Optional.empty());

        DiskSnapshot first = cloud.createSnapshot(request);
        DiskSnapshot again = cloud.createSnapshot(request);

        assertEquals(first.snapshotId(), again.snapshotId());
        assertEquals(1, calls("CreateSnapshot"));
        cloud.deleteSnapshot(first.snapshotId());
        assertNotEquals(first.snapshotId(), cloud.createSnapshot(request).snapshotId(), "a deleted snapshot's name makes a new one");
    }

    /** Found by the cloud-fault campaign's dropped connections (issue 15): the SDK's retries of a lost answer each made a snapshot. */
    @Test
    void aCreateSnapshotWhoseAnswerIsLostIsNotRepeatedAndItsRetryFindsTheSnapshot() {
        Disk volume = cloud.createDisk(gp3(name(), 5));
        simulator.knobs().set("drop.CreateSnapshot", "1");
        NewSnapshot request = new NewSnapshot("snap-answer-lost", volume.volumeId(), Map.of(), Optional.empty());

        assertThrows(EbsCloudException.class, () -> cloud.createSnapshot(request));
        simulator.knobs().reset();
        DiskSnapshot found = cloud.createSnapshot(request);

        assertEquals(1, calls("CreateSnapshot"), "EC2 made the snapshot once; the SDK did not repeat the call");
        assertEquals(List.of(found.snapshotId()), cloud.listSnapshots(Optional.of(volume.volumeId()), 0, "").snapshots().stream()
                .map(DiskSnapshot::snapshotId).toList());
    }

    @Test
    void snapshotsAreIdempotentByNameListedAndPaged() {
        Disk a = cloud.createDisk(gp3(name(), 5));
        Disk b = cloud.createDisk(gp3(name(), 5));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(cloud.createSnapshot(new NewSnapshot("snap-a" + i, a.volumeId(), Map.of(), Optional.empty())).snapshotId());
        }
        ids.add(cloud.createSnapshot(new NewSnapshot("snap-b", b.volumeId(), Map.of(), Optional.empty())).snapshotId());
        assertEquals(ids.getFirst(), cloud.createSnapshot(new NewSnapshot("snap-a0", a.volumeId(), Map.of(), Optional.empty())).snapshotId());
        assertEquals(5, calls("CreateSnapshot"));
        assertCode(Code.ALREADY_EXISTS, () -> cloud.createSnapshot(new NewSnapshot("snap-a0", b.volumeId(), Map.of(), Optional.empty())));
        assertEquals(ids.get(4), cloud.findSnapshotByName("snap-b").orElseThrow().snapshotId());
        assertCode(Code.NOT_FOUND, () -> cloud.createSnapshot(new NewSnapshot("snap-gone", "vol-0000000000000dead", Map.of(), Optional.empty())));
        assertTrue(cloud.getSnapshot(ids.get(1)).orElseThrow().ready());

        assertEquals(ids, cloud.listSnapshots(Optional.empty(), 0, "").snapshots().stream().map(DiskSnapshot::snapshotId).toList());
        assertEquals(4, cloud.listSnapshots(Optional.of(a.volumeId()), 0, "").snapshots().size());

        // pages of 2 (below EC2's minimum of 5) and of 5 walk the whole list exactly once
        for (int pageSize : List.of(2, 5)) {
            List<String> walked = new ArrayList<>();
            String token = "";
            int pages = 0;
            do {
                EbsCloud.SnapshotPage page = cloud.listSnapshots(Optional.empty(), pageSize, token);
                assertTrue(page.snapshots().size() <= pageSize);
                page.snapshots().forEach(s -> walked.add(s.snapshotId()));
                token = page.nextToken();
                pages++;
            } while (!token.isEmpty() && pages < 10);
            assertEquals(ids, walked, "page size " + pageSize);
        }

        cloud.deleteSnapshot(ids.get(4));
        cloud.deleteSnapshot(ids.get(4));
        assertEquals(Optional.empty(), cloud.getSnapshot(ids.get(4)));
        assertEquals(Optional.empty(), cloud.findSnapshotByName("snap-b"));
    }

    @Test
    void zonesAreAskedOnce() {
        assertEquals(List.of("us-east-1a", "us-east-1b", "us-east-1c"), cloud.availabilityZones());
        cloud.availabilityZones();
        assertEquals(1, calls("DescribeAvailabilityZones"));
    }

    // ---- throttling and faults

    @Test
    void throttledCallsAreRetried() throws Exception {
        simulator.knobs().set("throttle.ec2.CreateVolume", "5/1");
        simulator.knobs().set("throttle.ec2.mutating", "5/1");
        List<Disk> disks = concurrently(3, i -> () -> cloud.createDisk(gp3(name(), 1)));
        List<String> devices = concurrently(3, i -> () -> cloud.attachDisk(disks.get(i).volumeId(), INSTANCE));
        assertEquals(3, new HashSet<>(devices).size());
        assertTrue(simulator.counters().throttled("ec2", "CreateVolume") + simulator.counters().throttled("ec2", "AttachVolume") > 0,
                "the knob throttled some calls");
    }

    @Test
    void injectedFaultsMapToUnavailableAfterRetries() {
        EbsCloud fewRetries = cloud(FAST, SHORT_WAITS, 2);
        simulator.knobs().set("errors.DescribeAvailabilityZones", "1");
        EbsCloudException internal = assertThrows(EbsCloudException.class, fewRetries::availabilityZones);
        assertEquals(Code.UNAVAILABLE, internal.code());
        assertEquals("InternalError", internal.awsErrorCode());
        assertEquals(2, calls("DescribeAvailabilityZones"), "retried once");
        simulator.knobs().reset();
        simulator.knobs().set("throttle.ec2.describe", "0.01/1");
        fewRetries.getInstance(INSTANCE); // takes the one token
        EbsCloudException throttled = assertThrows(EbsCloudException.class, () -> fewRetries.getInstance(INSTANCE));
        assertEquals(Code.UNAVAILABLE, throttled.code());
        assertEquals("RequestLimitExceeded", throttled.awsErrorCode());
    }

    @Test
    void unreachableEc2IsUnavailable() {
        AwsAccess nowhere = AwsAccess.simulated("us-east-1", java.net.URI.create("http://127.0.0.1:1"));
        try (EbsCloud lost = new SdkEbsCloud(Ec2Clients.build(nowhere, 1), FAST, SHORT_WAITS, Clock.systemUTC())) {
            assertCode(Code.UNAVAILABLE, lost::availabilityZones);
        }
    }

    @Test
    void theFactoryBuildsAWorkingCloud() {
        try (EbsCloud made = SdkEbsCloud.create(AwsAccess.simulated("us-east-1", simulator.endpoint()), CloudOptions.DEFAULT)) {
            assertEquals(3, made.availabilityZones().size());
        }
    }
}
