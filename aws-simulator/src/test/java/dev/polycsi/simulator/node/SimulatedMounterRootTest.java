package dev.polycsi.simulator.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.core.conformance.HostRequirements;
import dev.polycsi.core.mount.LinuxMounter;
import dev.polycsi.simulator.storage.HostTools;
import dev.polycsi.spi.mount.MountPoint;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
