package dev.polycsi.simulator.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.mount.MountPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What SimulatedMounter hands its delegate, with a recording fake in place of Linux. */
class SimulatedMounterTest {

    private static final Path DIRECTORY = Path.of("/sim/efs/fs-1");
    private static final Path TARGET = Path.of("/pods/pvc-1/mount");

    private final RecordingMounter delegate = new RecordingMounter();
    private final FakeNetworkMounts resolver = new FakeNetworkMounts(DIRECTORY);
    private final SimulatedMounter mounter = new SimulatedMounter(delegate, resolver);

    @Test
    void turnsAnEfsMountIntoAReadOnlyBindMountWithoutTheNetworkOptions() {
        mounter.mount(FakeNetworkMounts.SOURCE, TARGET, "efs", List.of("tls", "accesspoint=fsap-1", "ro"));

        assertEquals(List.of("fs-1:/ efs [tls, accesspoint=fsap-1, ro]"), resolver.asked(), "the resolver sees the whole request");
        assertEquals(List.of("bindMount /sim/efs/fs-1 /pods/pvc-1/mount readOnly=true []",
                "findMount /pods/pvc-1/mount"), delegate.calls(), "the mount is read back to be remembered as what it stands for");
    }

    /**
     * A node killed between the umount of a simulated network mount and the removal of its record:
     * the kubelet's retried unpublish finds nothing mounted and looks no further. Its look must
     * take the record away, or every such crash leaves a file behind for good.
     */
    @Test
    void aRecordWhoseMountIsGoneIsForgottenWhenTheTargetIsLookedAt(@TempDir Path recordsDir) throws IOException {
        SimulatedMountRecords records = new SimulatedMountRecords(recordsDir);
        records.remember(new MountPoint(TARGET, "/dev/vda1", "ext4", DIRECTORY.toString(), "254:1", List.of("rw")),
                FakeNetworkMounts.SOURCE, "efs");
        SimulatedMounter restarted = new SimulatedMounter(delegate, resolver, records);

        assertTrue(restarted.findMount(TARGET).isEmpty());

        try (var left = Files.list(recordsDir)) {
            assertEquals(List.of(), left.toList(), "the record of a mount that is gone stays behind");
        }
    }

    /** A node killed while it wrote a record, before the temporary file became the record: that file goes too. */
    @Test
    void theTemporaryFileOfARecordWriteThatACrashInterruptedGoesWithIt(@TempDir Path recordsDir) throws IOException {
        SimulatedMountRecords records = new SimulatedMountRecords(recordsDir);
        records.intend(TARGET, FakeNetworkMounts.SOURCE, "efs");
        Path record;
        try (var written = Files.list(recordsDir)) {
            record = written.findFirst().orElseThrow();
        }
        Files.move(record, record.resolveSibling(record.getFileName() + ".tmp")); // as a crash before the rename leaves it

        assertTrue(new SimulatedMounter(delegate, resolver, records).findMount(TARGET).isEmpty());

        try (var left = Files.list(recordsDir)) {
            assertEquals(List.of(), left.toList(), "the temporary file of an interrupted write stays behind");
        }
    }

    @Test
    void keepsOnlyTheOptionsABindMountCanCarry() {
        mounter.mount(FakeNetworkMounts.SOURCE, TARGET, "nfs4", List.of(
                "vers=4.1", "rsize=1048576,wsize=1048576", "hard", "timeo=600", "retrans=2", "noresvport",
                "nosuid", "nodev", "iam", "flock", "noexec", "rw"));

        assertEquals(List.of("bindMount /sim/efs/fs-1 /pods/pvc-1/mount readOnly=false [nosuid, nodev, noexec]",
                "findMount /pods/pvc-1/mount"), delegate.calls());
    }

    @Test
    void refusesANetworkFileSystemTheResolverDoesNotServe() {
        for (String fsType : List.of("lustre", "cifs")) {
            CsiException refused = assertThrows(CsiException.class,
                    () -> mounter.mount("10.0.0.1@tcp:/fsx", TARGET, fsType, List.of()));

            assertEquals(CsiException.Code.FAILED_PRECONDITION, refused.code());
            assertTrue(refused.getMessage().contains(fsType + " file systems are not simulated"), refused.getMessage());
        }
        assertEquals(List.of(), delegate.calls(), "nothing is mounted for real");
    }

    @Test
    void neverMountsAnUnknownRemoteSourceForReal() {
        CsiException refused = assertThrows(CsiException.class,
                () -> mounter.mount("//fileserver/share", TARGET, "smb3", List.of("vers=3.0")));

        assertEquals(CsiException.Code.FAILED_PRECONDITION, refused.code());
        assertTrue(refused.getMessage().contains("smb3"), refused.getMessage());
        assertEquals(List.of(), delegate.calls());
    }

    @Test
    void passesTheResolversNotFoundOn() {
        CsiException missing = assertThrows(CsiException.class,
                () -> mounter.mount("fs-2:/", TARGET, "efs", List.of()));

        assertEquals(CsiException.Code.NOT_FOUND, missing.code());
        assertEquals(List.of(), delegate.calls());
    }

    @Test
    void handsLocalMountsAndEverythingElseToTheRealMounter() {
        Path device = Path.of("/sim/dev/nvme-Amazon_Elastic_Block_Store_vol0abc");
        Path staging = Path.of("/staging/pvc-1");

        mounter.mount("/dev/loop3", staging, "ext4", List.of("noatime"));
        mounter.mount("scratch", staging, "tmpfs", List.of("size=1m"));
        mounter.bindMount(staging, TARGET, true, List.of("nosuid"));
        mounter.unmount(TARGET);
        mounter.lazyUnmount(TARGET);
        assertEquals(Optional.empty(), mounter.findMount(TARGET));
        assertEquals(Optional.of("ext4"), mounter.filesystemOn(device));
        mounter.formatAndMount(device, staging, "xfs", List.of("-K"), List.of("ro"));
        mounter.resizeFilesystem(device, staging);
        assertEquals(RecordingMounter.STATS, mounter.filesystemStats(staging));
        assertEquals(42, mounter.blockDeviceSize(device));

        assertEquals(List.of(
                "mount /dev/loop3 /staging/pvc-1 ext4 [noatime]",
                "mount scratch /staging/pvc-1 tmpfs [size=1m]",
                "bindMount /staging/pvc-1 /pods/pvc-1/mount readOnly=true [nosuid]",
                "unmount /pods/pvc-1/mount",
                "lazyUnmount /pods/pvc-1/mount",
                "findMount /pods/pvc-1/mount",
                "filesystemOn " + device,
                "formatAndMount " + device + " /staging/pvc-1 xfs [-K] [ro]",
                "resizeFilesystem " + device + " /staging/pvc-1",
                "filesystemStats /staging/pvc-1",
                "blockDeviceSize " + device), delegate.calls());
        assertEquals(List.of(), resolver.asked(), "local mounts never reach the resolver");
    }
}
