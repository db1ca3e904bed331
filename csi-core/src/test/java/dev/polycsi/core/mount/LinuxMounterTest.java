package dev.polycsi.core.mount;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.mount.Unmounted;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** LinuxMounter's decisions against a fake runner and a mountinfo file; runs as any user. */
class LinuxMounterTest {

    private static final CommandTimeouts TIMEOUTS = new CommandTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(7));

    @TempDir
    Path tempDir;

    private Path mountInfo;
    private Path device;
    private Path target;
    private final FakeCommandRunner runner = new FakeCommandRunner();
    private LinuxMounter mounter;

    @BeforeEach
    void setUp() throws IOException {
        mountInfo = Files.writeString(tempDir.resolve("mountinfo"), "22 27 0:21 / /proc rw - proc proc rw\n");
        device = Files.createFile(tempDir.resolve("xvdf"));
        target = tempDir.resolve("target");
        mounter = new LinuxMounter(runner, mountInfo, TIMEOUTS);
    }

    @Test
    void mountsWithoutDashOWhenThereAreNoOptions() {
        mounter.mount("10.0.0.1:/export", target, "nfs4", List.of());

        assertEquals(List.of(List.of("mount", "-t", "nfs4", "10.0.0.1:/export", target.toString())), runner.commands);
        assertEquals(List.of(TIMEOUTS.mount()), runner.timeouts);
        assertTrue(Files.isDirectory(target));
    }

    @Test
    void joinsTheOptionsOfAMount() {
        mounter.mount("10.0.0.1:/export", target, "nfs4", List.of("vers=4.1", " ", "hard"));

        assertEquals(List.of("mount", "-t", "nfs4", "-o", "vers=4.1,hard", "10.0.0.1:/export", target.toString()),
                runner.commands.getFirst());
    }

    @Test
    void mountingWhatIsAlreadyMountedDoesNothing() {
        mounted(target, "nfs4", "10.0.0.1:/export");

        mounter.mount("10.0.0.1:/export", target, "nfs4", List.of());

        assertEquals(List.of(), runner.commands);
    }

    @Test
    void anotherSourceOfTheSameTypeAtTheTargetIsAFailedPrecondition() {
        mounted(target, "nfs4", "10.0.0.2:/other");

        assertCode(CsiException.Code.FAILED_PRECONDITION, () -> mounter.mount("10.0.0.1:/export", target, "nfs4", List.of()));
        assertEquals(List.of(), runner.commands);
    }

    @Test
    void aMountThatAHelperTranslatedIsTakenAsDone() {
        mounted(target, "nfs4", "127.0.0.1:/");

        mounter.mount("fs-12345678:/", target, "efs", List.of("tls"));

        assertEquals(List.of(), runner.commands);
    }

    @Test
    void rejectsArgumentsThatCouldBeReadAsOptionsOrPaths() {
        assertCode(CsiException.Code.INVALID_ARGUMENT, () -> mounter.mount("-oremount", target, "nfs4", List.of()));
        assertCode(CsiException.Code.INVALID_ARGUMENT, () -> mounter.mount("s:/", Path.of("relative"), "nfs4", List.of()));
        assertCode(CsiException.Code.INVALID_ARGUMENT, () -> mounter.mount("s:/", target, "-x", List.of()));
        assertCode(CsiException.Code.INVALID_ARGUMENT,
                () -> mounter.formatAndMount(device, target, "../../tmp/evil", List.of(), List.of()));
        assertEquals(List.of(), runner.commands);
    }

    @Test
    void aDeviceWithoutSignaturesIsBlank() {
        runner.answer("blkid", 2, "");

        assertEquals(Optional.empty(), mounter.filesystemOn(device));
        assertEquals(List.of("blkid", "-p", "-s", "TYPE", "-s", "PTTYPE", "-o", "export", device.toString()),
                runner.commands.getFirst());
    }

    @Test
    void reportsTheFilesystemOnADevice() {
        runner.answer("blkid", 0, "DEVNAME=" + device + "\nTYPE=ext4\n");

        assertEquals(Optional.of("ext4"), mounter.filesystemOn(device));
    }

    @Test
    void aPartitionTableIsNotBlank() {
        runner.answer("blkid", 0, "DEVNAME=" + device + "\nPTTYPE=gpt\n");

        assertEquals(Optional.of(LinuxMounter.PARTITION_TABLE_PREFIX + "gpt"), mounter.filesystemOn(device));
    }

    @Test
    void anAmbivalentProbeIsAnErrorNotBlank() {
        runner.answer("blkid", 8, "ambivalent result (probably more filesystems on the device)");

        CsiException error = assertCode(CsiException.Code.INTERNAL, () -> mounter.filesystemOn(device));
        assertTrue(error.getMessage().contains("ambivalent"), error.getMessage());
    }

    @Test
    void aMissingDeviceIsNotFoundRatherThanBlank() {
        assertCode(CsiException.Code.NOT_FOUND, () -> mounter.filesystemOn(tempDir.resolve("nvme9n1")));
        assertEquals(List.of(), runner.commands);
    }

    @Test
    void formatsABlankDeviceWithTheDefaultsOfMountUtilsThenMounts() {
        runner.answer("blkid", 2, "");

        mounter.formatAndMount(device, target, "ext4", List.of("-E", "lazy_itable_init=1"), List.of("noatime"));

        assertEquals(List.of(
                List.of("blkid", "-p", "-s", "TYPE", "-s", "PTTYPE", "-o", "export", device.toString()),
                List.of("mkfs.ext4", "-F", "-m0", "-E", "lazy_itable_init=1", device.toString()),
                List.of("mount", "-t", "ext4", "-o", "noatime", device.toString(), target.toString())), runner.commands);
        assertEquals(List.of(TIMEOUTS.mount(), TIMEOUTS.filesystem(), TIMEOUTS.mount()), runner.timeouts);
    }

    @Test
    void xfsIsFormattedWithoutForce() {
        runner.answer("blkid", 2, "");

        mounter.formatAndMount(device, target, "xfs", List.of(), List.of());

        assertEquals(List.of("mkfs.xfs", device.toString()), runner.commands.get(1));
    }

    @Test
    void checksAnExistingExtFilesystemBeforeMountingItReadWrite() {
        runner.answer("blkid", 0, "TYPE=ext4\n").answer("fsck", 1, "errors corrected");

        mounter.formatAndMount(device, target, "ext4", List.of(), List.of());

        assertEquals(List.of("blkid", "fsck", "mount"), runner.executables());
        assertEquals(List.of("fsck", "-a", device.toString()), runner.commands.get(1));
    }

    @Test
    void uncorrectedFsckErrorsStopTheMount() {
        runner.answer("blkid", 0, "TYPE=ext4\n").answer("fsck", 4, "UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY.");

        CsiException error = assertCode(CsiException.Code.INTERNAL,
                () -> mounter.formatAndMount(device, target, "ext4", List.of(), List.of()));

        assertTrue(error.getMessage().contains("RUN fsck MANUALLY"), error.getMessage());
        assertEquals(List.of("blkid", "fsck"), runner.executables());
    }

    @Test
    void aReadOnlyMountIsNotChecked() {
        runner.answer("blkid", 0, "TYPE=ext4\n");

        mounter.formatAndMount(device, target, "ext4", List.of(), List.of("ro"));

        assertEquals(List.of("blkid", "mount"), runner.executables());
    }

    @Test
    void xfsIsNotCheckedWithFsck() {
        runner.answer("blkid", 0, "TYPE=xfs\n");

        mounter.formatAndMount(device, target, "xfs", List.of(), List.of());

        assertEquals(List.of("blkid", "mount"), runner.executables());
    }

    @Test
    void anotherFilesystemIsNeverFormatted() {
        runner.answer("blkid", 0, "TYPE=xfs\n");

        CsiException error = assertCode(CsiException.Code.FAILED_PRECONDITION,
                () -> mounter.formatAndMount(device, target, "ext4", List.of(), List.of()));

        assertTrue(error.getMessage().contains(device + " holds xfs, not ext4"), error.getMessage());
        assertEquals(List.of("blkid"), runner.executables());
    }

    @Test
    void aDeviceWithAPartitionTableIsNeverFormatted() {
        runner.answer("blkid", 0, "PTTYPE=dos\n");

        assertCode(CsiException.Code.FAILED_PRECONDITION,
                () -> mounter.formatAndMount(device, target, "ext4", List.of(), List.of()));
        assertEquals(List.of("blkid"), runner.executables());
    }

    @Test
    void aBlankDeviceIsNotFormattedForAReadOnlyMount() {
        runner.answer("blkid", 2, "");

        assertCode(CsiException.Code.FAILED_PRECONDITION,
                () -> mounter.formatAndMount(device, target, "ext4", List.of(), List.of("ro")));
        assertEquals(List.of("blkid"), runner.executables());
    }

    @Test
    void anotherDeviceAtTheTargetIsAFailedPrecondition() {
        mounted(target, "ext4", "/dev/xvdz");

        assertCode(CsiException.Code.FAILED_PRECONDITION,
                () -> mounter.formatAndMount(device, target, "ext4", List.of(), List.of()));
        assertEquals(List.of(), runner.commands);
    }

    @Test
    void theSameDeviceAtTheTargetIsDone() {
        mounted(target, "ext4", device.toString());

        mounter.formatAndMount(device, target, "ext4", List.of(), List.of());

        assertEquals(List.of(), runner.commands);
    }

    @Test
    void growsExtThroughTheDeviceAndXfsThroughTheMountPoint() {
        runner.answer("blkid", 0, "TYPE=ext4\n");
        mounter.resizeFilesystem(device, target);
        runner.answer("blkid", 0, "TYPE=xfs\n");
        mounter.resizeFilesystem(device, target);

        assertEquals(List.of("resize2fs", device.toString()), runner.commands.get(1));
        assertEquals(List.of("xfs_growfs", "-d", target.toString()), runner.commands.get(3));
        assertEquals(TIMEOUTS.filesystem(), runner.timeouts.get(3));
    }

    @Test
    void otherFilesystemsCannotBeGrown() {
        runner.answer("blkid", 0, "TYPE=vfat\n");

        assertCode(CsiException.Code.FAILED_PRECONDITION, () -> mounter.resizeFilesystem(device, target));
    }

    @Test
    void readsTheSizeOfABlockDevice() {
        runner.answer("blockdev", 0, "68719476736\n");

        assertEquals(68719476736L, mounter.blockDeviceSize(device));
        assertEquals(List.of("blockdev", "--getsize64", device.toString()), runner.commands.getFirst());
    }

    @Test
    void unmountingWhatIsNotMountedRunsNothing() {
        mounter.unmount(target);
        mounter.unmount(tempDir.resolve("does/not/exist"));

        assertEquals(List.of(), runner.commands);
    }

    @Test
    void unmountsEveryStackedMountWithoutCanonicalizing() {
        mounted(target, "tmpfs", "first");
        mounted(target, "tmpfs", "second");
        runner.answer("umount", command -> {
            removeLastMount();
            return new CommandResult(command, 0, "");
        });

        mounter.unmount(target);

        List<String> umount = List.of("umount", "--no-canonicalize", MountInfo.canonical(target).toString());
        assertEquals(List.of(umount, umount), runner.commands);
    }

    @Test
    void aBusyTargetIsAnError() {
        mounted(target, "ext4", "/dev/xvdf");
        runner.answer("umount", 32, "umount: " + target + ": target is busy.");

        CsiException error = assertCode(CsiException.Code.INTERNAL, () -> mounter.unmount(target));

        assertTrue(error.getMessage().contains("target is busy"), error.getMessage());
    }

    @Test
    void aMountThatVanishedMeanwhileIsUnmounted() {
        mounted(target, "ext4", "/dev/xvdf");
        runner.answer("umount", command -> {
            removeLastMount();
            return new CommandResult(command, 32, "umount: " + target + ": not mounted.");
        });

        assertDoesNotThrow(() -> mounter.unmount(target));
    }

    @Test
    void detachesLazilyWithoutCanonicalizing() {
        mounted(target, "lustre", "10.0.0.1@tcp:/fsx");
        runner.answer("umount", command -> {
            removeLastMount();
            return new CommandResult(command, 0, "");
        });

        mounter.lazyUnmount(target);

        assertEquals(List.of(List.of("umount", "-l", "--no-canonicalize", MountInfo.canonical(target).toString())), runner.commands);
        assertEquals(List.of(TIMEOUTS.mount()), runner.timeouts);
    }

    @Test
    void detachingWhatIsNotMountedRunsNothing() {
        mounter.lazyUnmount(target);

        assertEquals(List.of(), runner.commands);
    }

    /** umount -l can wait in the kernel after the detach, for the last reference to a dead server's mount. */
    @Test
    void aLazyUnmountKilledAfterTheDetachIsDone() {
        mounted(target, "lustre", "10.0.0.1@tcp:/fsx");
        runner.answer("umount", command -> {
            removeLastMount();
            throw new CsiException(CsiException.Code.DEADLINE_EXCEEDED, "umount -l did not finish within 3 s and was killed");
        });

        assertDoesNotThrow(() -> mounter.lazyUnmount(target));
    }

    @Test
    void aLazyUnmountThatLeavesTheMountFails() {
        mounted(target, "lustre", "10.0.0.1@tcp:/fsx");
        runner.answer("umount", 32, "umount: " + target + ": must be superuser to unmount.");

        CsiException error = assertCode(CsiException.Code.INTERNAL, () -> mounter.lazyUnmount(target));

        assertTrue(error.getMessage().contains("must be superuser"), error.getMessage());
    }

    /**
     * A plain umount that blocks (a real process, killed at the mount timeout) is followed by a
     * lazy one: unmountOrDetach returns instead of waiting for the server.
     */
    @Test
    void aBlockingUnmountIsKilledAndTheMountDetachedLazily() {
        mounted(target, "lustre", "10.0.0.1@tcp:/fsx");
        ProcessCommandRunner processes = new ProcessCommandRunner();
        CommandRunner hanging = (command, timeout) -> {
            runner.commands.add(command);
            if (command.contains("-l")) {
                removeLastMount();
                return new CommandResult(command, 0, "");
            }
            return processes.run(List.of("sleep", "600"), timeout);
        };
        LinuxMounter impatient = new LinuxMounter(hanging, mountInfo, new CommandTimeouts(Duration.ofMillis(300), Duration.ofSeconds(7)));

        Unmounted result = impatient.unmountOrDetach(target);

        assertTrue(result.lazily());
        assertTrue(result.failure().orElseThrow().contains("did not finish"), result.toString());
        String path = MountInfo.canonical(target).toString();
        assertEquals(List.of(List.of("umount", "--no-canonicalize", path), List.of("umount", "-l", "--no-canonicalize", path)),
                runner.commands);
        assertFalse(impatient.isMounted(target));
    }

    @Test
    void bindsADirectoryReadOnlyWithARemount() throws IOException {
        Path source = Files.createDirectory(tempDir.resolve("staging"));

        mounter.bindMount(source, target, true, List.of("nosuid", "bind"));

        assertEquals(List.of(
                List.of("mount", "--bind", source.toString(), target.toString()),
                List.of("mount", "-o", "remount,bind,ro,nosuid", target.toString())), runner.commands);
        assertTrue(Files.isDirectory(target));
    }

    @Test
    void bindsADeviceOntoAFile() {
        Path publish = tempDir.resolve("pod/volumeDevices/pvc-1");

        mounter.bindMount(device, publish, false, List.of());

        assertEquals(List.of(List.of("mount", "--bind", device.toString(), publish.toString())), runner.commands);
        assertTrue(Files.isRegularFile(publish));
    }

    @Test
    void finishesAReadOnlyBindThatWasLeftReadWrite() throws IOException {
        Path source = Files.createDirectory(tempDir.resolve("staging"));
        mounted(target, "ext4", "/dev/xvdf");

        mounter.bindMount(source, target, true, List.of());
        mounter.bindMount(source, target, false, List.of());

        assertEquals(List.of(List.of("mount", "-o", "remount,bind,ro", target.toString())), runner.commands);
    }

    @Test
    void undoesTheBindWhenTheRemountFails() throws IOException {
        Path source = Files.createDirectory(tempDir.resolve("staging"));
        runner.answer("mount", command -> {
            if (command.contains("--bind")) {
                mounted(target, "ext4", "/dev/xvdf");
                return new CommandResult(command, 0, "");
            }
            return new CommandResult(command, 32, "mount: permission denied");
        }).answer("umount", command -> {
            removeLastMount();
            return new CommandResult(command, 0, "");
        });

        assertCode(CsiException.Code.INTERNAL, () -> mounter.bindMount(source, target, true, List.of()));

        assertEquals(List.of("mount", "mount", "umount"), runner.executables());
    }

    @Test
    void aMissingBindSourceIsAFailedPrecondition() {
        assertCode(CsiException.Code.FAILED_PRECONDITION,
                () -> mounter.bindMount(tempDir.resolve("gone"), target, false, List.of()));
        assertEquals(List.of(), runner.commands);
    }

    private void mounted(Path at, String fsType, String source) {
        String line = "%d 27 0:99 / %s rw,relatime - %s %s rw%n"
                .formatted(100 + lineCount(), MountInfo.canonical(at), fsType, source);
        try {
            Files.writeString(mountInfo, line, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int lineCount() {
        try {
            return Files.readAllLines(mountInfo).size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void removeLastMount() {
        try {
            List<String> lines = Files.readAllLines(mountInfo);
            Files.write(mountInfo, lines.subList(0, lines.size() - 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CsiException assertCode(CsiException.Code code, Executable executable) {
        CsiException error = assertThrows(CsiException.class, executable);
        assertEquals(code, error.code(), error.getMessage());
        return error;
    }
}
