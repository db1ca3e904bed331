package dev.polycsi.simulator.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.core.conformance.HostRequirements;
import dev.polycsi.core.mount.LinuxMounter;
import dev.polycsi.simulator.storage.HostTools;
import dev.polycsi.core.conformance.Mounts;
import dev.polycsi.spi.mount.FilesystemStats;
import dev.polycsi.spi.mount.MountPoint;
import dev.polycsi.spi.mount.Mounter;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SimulatedMounter over the driver's real Linux mounter: an EFS mount becomes a real bind
 * mount of the file system's directory. Skipped when not root; every mount under the test's
 * directory is undone after each test, even a failed one.
 */
class SimulatedMounterRootTest {

    @TempDir
    Path tempDir;

    private Path fileSystem;
    private Path target;
    private SimulatedMounter mounter;

    @BeforeAll
    static void requireRoot() {
        HostRequirements.assumeRoot("bind-mounts directories");
        HostRequirements.assumeTools(HostRequirements.MOUNT_TOOLS);
    }

    @BeforeEach
    void createFileSystem() throws IOException {
        tempDir = tempDir.toRealPath();
        fileSystem = Files.createDirectories(tempDir.resolve("data/efs/fs-1"));
        target = tempDir.resolve("pods/pvc-1/mount");
        mounter = restartedMounter();
    }

    /** A mounter as a node process makes it; a second one stands for the node after a restart. */
    private SimulatedMounter restartedMounter() {
        return new SimulatedMounter(new LinuxMounter(), new FakeNetworkMounts(fileSystem), new SimulatedMountRecords(tempDir.resolve("records")));
    }

    @AfterEach
    void unmountEverything() {
        assertEquals(List.of(), HostTools.cleanUp(tempDir));
    }

    @Test
    void mountsAnEfsAccessPointReadOnly() throws IOException {
        Files.writeString(fileSystem.resolve("shared.txt"), "on efs");

        mounter.mount(FakeNetworkMounts.SOURCE, target, "efs", List.of("tls", "accesspoint=fsap-1", "ro"));
        mounter.mount(FakeNetworkMounts.SOURCE, target, "efs", List.of("tls", "accesspoint=fsap-1", "ro"));

        MountPoint mount = mounter.findMount(target).orElseThrow();
        assertTrue(mount.readOnly(), mount.toString());
        assertEquals("on efs", Files.readString(target.resolve("shared.txt")));
        FileSystemException refused = assertThrows(FileSystemException.class,
                () -> Files.writeString(target.resolve("new.txt"), "no"));
        assertTrue(String.valueOf(refused.getReason()).contains("Read-only file system"), refused.toString());

        mounter.unmount(target);
        assertFalse(mounter.isMounted(target));
        assertFalse(Files.exists(fileSystem.resolve("new.txt")));
    }

    @Test
    void writesThroughAReadWriteMountSurviveAnUnmount() throws IOException {
        mounter.mount(FakeNetworkMounts.SOURCE, target, "nfs4", List.of("vers=4.1", "hard", "nosuid", "nodev"));
        MountPoint mount = mounter.findMount(target).orElseThrow();
        assertFalse(mount.readOnly(), mount.toString());
        assertTrue(mount.options().containsAll(List.of("nosuid", "nodev")), mount.options().toString());
        Files.writeString(target.resolve("written.txt"), "kept");

        mounter.unmount(target);
        mounter.unmount(target);

        assertFalse(mounter.isMounted(target));
        assertEquals("kept", Files.readString(fileSystem.resolve("written.txt")));
        mounter.mount(FakeNetworkMounts.SOURCE, target, "efs", List.of());
        assertEquals("kept", Files.readString(target.resolve("written.txt")));
    }

    /** A retried publish compares what is mounted with what it would mount: it must see the network mount, also after a restart. */
    @Test
    void aSimulatedMountShowsAsTheNetworkMountItStandsForAlsoAfterARestart() throws IOException {
        mounter.mount(FakeNetworkMounts.SOURCE, target, "nfs4", List.of("hard", "ro"));

        for (SimulatedMounter node : List.of(mounter, restartedMounter())) {
            MountPoint mount = node.findMount(target).orElseThrow();
            assertEquals(FakeNetworkMounts.SOURCE, mount.source());
            assertEquals("nfs4", mount.fsType());
            assertTrue(mount.readOnly(), mount.toString());
        }

        restartedMounter().unmount(target);
        Files.createDirectories(target);
        new LinuxMounter().bindMount(fileSystem, target, false, List.of());
        MountPoint other = mounter.findMount(target).orElseThrow();
        assertFalse(other.fsType().equals("nfs4") || other.source().equals(FakeNetworkMounts.SOURCE),
                "a plain bind mount after the unmount must not be taken for the old network mount: " + other);
    }

    /** The node killed right after the bind of a simulated network mount: no read-only remount, no record. */
    private static final class Killed extends Error {
    }

    /** The real mounter, but its bind mounts die right after the bind, as a node killed there leaves them. */
    private static Mounter killedAfterTheBind() {
        LinuxMounter linux = new LinuxMounter();
        return new Mounter() {
            @Override
            public void mount(String source, Path target, String fsType, List<String> options) {
                linux.mount(source, target, fsType, options);
            }

            @Override
            public void bindMount(Path source, Path target, boolean readOnly, List<String> options) {
                linux.bindMount(source, target, false, List.of());
                throw new Killed();
            }

            @Override
            public void unmount(Path target) {
                linux.unmount(target);
            }

            @Override
            public Optional<MountPoint> findMount(Path target) {
                return linux.findMount(target);
            }

            @Override
            public Optional<String> filesystemOn(Path device) {
                return linux.filesystemOn(device);
            }

            @Override
            public void formatAndMount(Path device, Path target, String fsType, List<String> formatOptions, List<String> mountOptions) {
                linux.formatAndMount(device, target, fsType, formatOptions, mountOptions);
            }

            @Override
            public void resizeFilesystem(Path device, Path mountPath) {
                linux.resizeFilesystem(device, mountPath);
            }

            @Override
            public FilesystemStats filesystemStats(Path path) {
                return linux.filesystemStats(path);
            }

            @Override
            public long blockDeviceSize(Path device) {
                return linux.blockDeviceSize(device);
            }
        };
    }

    /**
     * A real network mount is there whole or not at all; its stand-in is a bind, a read-only
     * remount and a record. Killed after the bind, the node's retried publish (a new process)
     * must neither take the read-write, unrecorded bind for another mount (the backends answer
     * ALREADY_EXISTS to that, for good) nor for its read-only mount: it mounts again, which
     * finishes the one there. The unpublish still finds it to unmount.
     */
    @Test
    void aPublishKilledAfterTheBindIsFinishedByTheRetry() throws IOException {
        SimulatedMounter killed = new SimulatedMounter(killedAfterTheBind(), new FakeNetworkMounts(fileSystem),
                new SimulatedMountRecords(tempDir.resolve("records")));
        assertThrows(Killed.class, () -> killed.mount(FakeNetworkMounts.SOURCE, target, "efs", List.of("ro")));
        assertTrue(new LinuxMounter().isMounted(target), "the bind is there, read-write");

        SimulatedMounter restarted = restartedMounter();
        assertTrue(restarted.findMount(target).isEmpty(), "the retried publish takes an unfinished mount for " + restarted.findMount(target));
        assertTrue(restarted.isMounted(target), "an unpublish must still find the unfinished mount");
        restarted.mount(FakeNetworkMounts.SOURCE, target, "efs", List.of("ro"));

        MountPoint mount = restarted.findMount(target).orElseThrow();
        assertEquals(FakeNetworkMounts.SOURCE, mount.source());
        assertTrue(mount.readOnly(), "finished, the mount is read-only: " + mount);
        assertEquals(1, Mounts.mountPoints().stream().filter(target::equals).count(), "the retry stacked a second mount");
        restarted.unmount(target);
        assertFalse(restarted.isMounted(target));
    }

    /**
     * A node killed after the umount of an unpublish but before it forgot the record: the retried
     * unpublish (a new node process) finds nothing mounted, and the record goes with that look.
     */
    @Test
    void theRetriedUnpublishAfterACrashTakesTheLeftRecordAway() throws IOException {
        mounter.mount(FakeNetworkMounts.SOURCE, target, "efs", List.of());
        new LinuxMounter().unmount(target); // the umount of the killed node; the record is still there

        assertFalse(restartedMounter().isMounted(target));

        try (var left = Files.list(tempDir.resolve("records"))) {
            assertEquals(List.of(), left.toList(), "a crash between the umount and forgetting the record leaves the record for good");
        }
    }

    /** A record left by a crash between the unmount and its removal never disguises the next mount there. */
    @Test
    void aStaleRecordIsIgnoredWhenAnotherMountTakesTheTarget() throws IOException {
        mounter.mount(FakeNetworkMounts.SOURCE, target, "efs", List.of());
        new LinuxMounter().unmount(target);
        Path elsewhere = Files.createDirectories(tempDir.resolve("elsewhere"));
        new LinuxMounter().bindMount(elsewhere, target, false, List.of());

        MountPoint mount = mounter.findMount(target).orElseThrow();
        assertFalse(mount.fsType().equals("efs"), mount.toString());
    }
}
