package dev.polycsi.ebs.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.FastSnapshotRestoreStateCode;
import software.amazon.awssdk.services.ec2.model.LockState;

/**
 * SdkEbsCloud's restores (initialization rate, waiting for initialization) and snapshot
 * protection (fast snapshot restore, locks) against the simulated EC2, through the real SDK.
 */
class RestoresAndSnapshotProtectionTest {

    private static final String ZONE = "us-east-1a";
    private static final String OTHER_ZONE = "us-east-1b";
    private static final CloudOptions FAST = new CloudOptions(true, Duration.ofMillis(50), Duration.ofMillis(100));
    private static final Duration SHORT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private AwsSimulator simulator;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private EbsCloud cloud;
    /** Looks at EC2 directly, to see what the cloud did there. */
    private Ec2Client ec2;
    private String volumeId;

    @BeforeEach
    void start() throws Exception {
        simulator = AwsSimulator.start(SimulatorConfig.defaults(dir).withPort(0), new Knobs(), BlockStorage.NONE,
                List.of(ImdsService::new, Ec2Service::new));
        cloud = cloud(SHORT);
        Ec2Clients raw = Ec2Clients.build(AwsAccess.simulated("us-east-1", simulator.endpoint()), 1);
        closing.add(raw::close);
        ec2 = raw.forAction("test");
        volumeId = cloud.createDisk(disk("source", Optional.empty(), Optional.empty())).volumeId();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        simulator.close();
    }

    private EbsCloud cloud(Duration initializedWait) {
        AwsAccess access = AwsAccess.simulated("us-east-1", simulator.endpoint());
        EbsCloud made = new SdkEbsCloud(Ec2Clients.build(access, 10), FAST, new SdkEbsCloud.Waits(SHORT, SHORT, SHORT, SHORT, initializedWait),
                Clock.systemUTC());
        closing.add(made::close);
        return made;
    }

    private static NewDisk disk(String name, Optional<String> snapshotId, Optional<Integer> rate) {
        return new NewDisk(name, 10, ZONE, "gp3", Optional.empty(), Optional.empty(), false, Optional.empty(), Map.of(), snapshotId, false,
                Optional.empty(), rate);
    }

    private String snapshotOfTheVolume() {
        return cloud.createSnapshot(new NewSnapshot("snap-plain", volumeId, Map.of(), Optional.empty())).snapshotId();
    }

    private static void assertCode(Code code, org.junit.jupiter.api.function.Executable call) {
        EbsCloudException e = assertThrows(EbsCloudException.class, call);
        assertEquals(code, e.code(), e.getMessage());
    }

    // ---- restores

    @Test
    void aRestoreIsCreatedWithItsInitializationRate() {
        String snapshotId = snapshotOfTheVolume();

        Disk restored = cloud.createDisk(disk("restored", Optional.of(snapshotId), Optional.of(250)));

        assertEquals(250, ec2.describeVolumes(r -> r.volumeIds(restored.volumeId())).volumes().getFirst().volumeInitializationRate());
    }

    @Test
    void awaitInitializedReturnsOnceEc2ReportsTheVolumeInitialized() {
        simulator.knobs().set("delay.volume.initialized", "1s");
        String snapshotId = snapshotOfTheVolume();
        Disk restored = cloud.createDisk(disk("restored", Optional.of(snapshotId), Optional.of(300)));

        long start = System.nanoTime();
        cloud.awaitInitialized(restored.volumeId(), SHORT);

        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 300, "it waited for the initialization");
        assertEquals("completed", ec2.describeVolumeStatus(r -> r.volumeIds(restored.volumeId())).volumeStatuses().getFirst()
                .volumeStatus().details().getLast().status());
        cloud.awaitInitialized(volumeId, SHORT); // a blank volume has nothing to wait for
    }

    @Test
    void awaitInitializedGivesUpAtItsBoundSoThatTheAttacherRetries() {
        simulator.knobs().set("delay.volume.initialized", "1h");
        String snapshotId = snapshotOfTheVolume();
        Disk restored = cloud.createDisk(disk("restored", Optional.of(snapshotId), Optional.empty()));

        EbsCloudException bounded = assertThrows(EbsCloudException.class, () -> cloud(Duration.ofMillis(500))
                .awaitInitialized(restored.volumeId(), SHORT));
        assertEquals(Code.UNAVAILABLE, bounded.code());
        assertTrue(bounded.getMessage().contains("still being initialized") && bounded.getMessage().contains("% done"), bounded.getMessage());
        // the caller's deadline bounds it too
        long start = System.nanoTime();
        assertCode(Code.UNAVAILABLE, () -> cloud.awaitInitialized(restored.volumeId(), Duration.ofMillis(300)));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(SHORT) < 0);
    }

    // ---- snapshot protection

    @Test
    void aSnapshotGetsFastRestoreInItsZonesAndThenItsLock() {
        DiskSnapshot made = cloud.createSnapshot(new NewSnapshot("snap-1", volumeId, Map.of(), Optional.empty(), List.of(ZONE, OTHER_ZONE),
                Optional.of(new SnapshotLock("governance", Optional.of(7), Optional.empty(), Optional.empty()))));

        var fastRestores = ec2.describeFastSnapshotRestores(r -> r.filters(f -> f.name("snapshot-id").values(made.snapshotId())))
                .fastSnapshotRestores();
        assertEquals(List.of(ZONE, OTHER_ZONE), fastRestores.stream().map(f -> f.availabilityZone()).toList());
        assertTrue(fastRestores.stream().allMatch(f -> f.state() != FastSnapshotRestoreStateCode.DISABLED));
        assertEquals(LockState.GOVERNANCE, ec2.describeLockedSnapshots(r -> r.snapshotIds(made.snapshotId())).snapshots().getFirst().lockState());
    }

    @Test
    void aRetriedCreationFindsTheSnapshotAndLeavesItsLockAlone() {
        NewSnapshot locked = new NewSnapshot("snap-1", volumeId, Map.of(), Optional.empty(), List.of(ZONE),
                Optional.of(new SnapshotLock("compliance", Optional.of(3), Optional.empty(), Optional.empty())));
        DiskSnapshot first = cloud.createSnapshot(locked);
        Instant lockStart = ec2.describeLockedSnapshots(r -> r.snapshotIds(first.snapshotId())).snapshots().getFirst().lockDurationStartTime();

        DiskSnapshot again = cloud.createSnapshot(locked);

        assertEquals(first.snapshotId(), again.snapshotId());
        assertEquals(1, simulator.counters().calls("ec2", "LockSnapshot"), "a compliance lock past its cooling-off could not be set again");
        assertEquals(lockStart, ec2.describeLockedSnapshots(r -> r.snapshotIds(first.snapshotId())).snapshots().getFirst().lockDurationStartTime());
    }

    @Test
    void deletingALockedSnapshotIsAFailedPreconditionThatSaysWhy() {
        DiskSnapshot made = cloud.createSnapshot(new NewSnapshot("snap-1", volumeId, Map.of(), Optional.empty(), List.of(),
                Optional.of(new SnapshotLock("governance", Optional.of(1), Optional.empty(), Optional.empty()))));

        EbsCloudException e = assertThrows(EbsCloudException.class, () -> cloud.deleteSnapshot(made.snapshotId()));

        assertEquals(Code.FAILED_PRECONDITION, e.code());
        assertTrue(e.getMessage().contains("locked") && e.getMessage().contains("unlock-snapshot"), e.getMessage());
        assertEquals(1, simulator.counters().calls("ec2", "DeleteSnapshot"), "not retried: only someone unlocking it helps");
        ec2.unlockSnapshot(r -> r.snapshotId(made.snapshotId()));
        cloud.deleteSnapshot(made.snapshotId());
    }

    @Test
    void aLockEc2RefusesDeletesTheSnapshotAgain() {
        NewSnapshot pastLock = new NewSnapshot("snap-1", volumeId, Map.of(), Optional.empty(), List.of(),
                Optional.of(new SnapshotLock("governance", Optional.empty(), Optional.of(Instant.now().minusSeconds(3600)), Optional.empty())));

        assertCode(Code.INVALID_ARGUMENT, () -> cloud.createSnapshot(pastLock));

        assertEquals(Optional.empty(), cloud.findSnapshotByName("snap-1"));
        assertEquals(List.of(), ec2.describeSnapshots(r -> r.ownerIds("self")).snapshots().stream()
                .filter(s -> s.volumeId().equals(volumeId)).toList());
    }

    @Test
    void aFastRestoreEc2RefusesDeletesTheSnapshotBeforeAnyLock() {
        NewSnapshot badZone = new NewSnapshot("snap-1", volumeId, Map.of(), Optional.empty(), List.of("us-east-1z"),
                Optional.of(new SnapshotLock("governance", Optional.of(1), Optional.empty(), Optional.empty())));

        assertCode(Code.INVALID_ARGUMENT, () -> cloud.createSnapshot(badZone));

        assertEquals(0, simulator.counters().calls("ec2", "LockSnapshot"));
        assertTrue(ec2.describeSnapshots(r -> r.ownerIds("self")).snapshots().isEmpty());
    }
}
