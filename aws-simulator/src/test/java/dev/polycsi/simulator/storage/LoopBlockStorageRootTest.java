package dev.polycsi.simulator.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.core.conformance.HostRequirements;
import dev.polycsi.core.mount.LinuxMounter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LoopBlockStorage with real loop devices, formatted and mounted by the driver's own Linux
 * mounter through the by-id links, as the EBS backend would. Skipped when not root. Every mount
 * and loop device under the test's directory is undone after each test, even a failed one.
 */
class LoopBlockStorageRootTest {

    private static final long MIB = 1024 * 1024;
    private static final long SIZE = 64 * MIB;
    private static final String VOLUME = "vol-0abc";
    private static final String SNAPSHOT = "snap-0abc";

    @TempDir
    Path tempDir;

    private final LinuxMounter mounter = new LinuxMounter();
    private LoopBlockStorage storage;

    @BeforeAll
    static void requireRoot() {
        HostRequirements.assumeRootWithLoopDevices("attaches volumes as loop devices and mounts them");
    }

    @BeforeEach
    void createStorage() throws IOException {
        // mountinfo and losetup report resolved paths; so must the cleanup.
        tempDir = tempDir.toRealPath();
        storage = newStorage();
    }

    @AfterEach
    void unmountAndFreeEverything() {
        assertEquals(List.of(), HostTools.cleanUp(tempDir));
    }

    @Test
    void keepsDataThroughDetachReattachAndSnapshots() throws IOException {
        HostRequirements.assumeFilesystemTools("ext4");
        storage.create(VOLUME, SIZE, Optional.empty());
        storage.attach(VOLUME);

        Path link = storage.devicePath(VOLUME).orElseThrow();
        assertEquals(tempDir.resolve("dev/nvme-Amazon_Elastic_Block_Store_vol0abc"), link);
        Path device = link.toRealPath();
        assertTrue(device.toString().matches("/dev/loop[0-9]+"), device.toString());
        assertEquals(SIZE, HostTools.deviceSize(device));

        Path staging = tempDir.resolve("staging");
        mounter.formatAndMount(link, staging, "ext4", List.of(), List.of());
        assertEquals(Optional.of("ext4"), mounter.filesystemOn(link));
        Files.writeString(staging.resolve("first.txt"), "before the snapshot");
        mounter.unmount(staging);

        storage.detach(VOLUME);
        storage.detach(VOLUME);
        assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS), "the by-id link is gone");
        assertEquals(List.of(), HostTools.loopDevicesOf(storage.volumeFile(VOLUME)), "the loop device is freed");
        assertEquals(Optional.empty(), storage.devicePath(VOLUME));

        storage.attach(VOLUME);
        mounter.formatAndMount(storage.devicePath(VOLUME).orElseThrow(), staging, "ext4", List.of(), List.of());
        assertEquals("before the snapshot", Files.readString(staging.resolve("first.txt")));

        storage.snapshot(VOLUME, SNAPSHOT);
        Files.writeString(staging.resolve("second.txt"), "after the snapshot");

        storage.create("vol-0def", SIZE, Optional.of(SNAPSHOT));
        storage.attach("vol-0def");
        Path restored = tempDir.resolve("restored");
        mounter.formatAndMount(storage.devicePath("vol-0def").orElseThrow(), restored, "ext4", List.of(), List.of());
        assertEquals("before the snapshot", Files.readString(restored.resolve("first.txt")));
        assertFalse(Files.exists(restored.resolve("second.txt")), "written after the snapshot");
        assertEquals("after the snapshot", Files.readString(staging.resolve("second.txt")));
    }

    @Test
    void growsTheDeviceOfAnAttachedVolume() {
        storage.create(VOLUME, SIZE, Optional.empty());
        storage.attach(VOLUME);
        Path link = storage.devicePath(VOLUME).orElseThrow();

        storage.resize(VOLUME, 2 * SIZE);

        assertEquals(2 * SIZE, HostTools.deviceSize(link));
        assertEquals(2 * SIZE, mounter.blockDeviceSize(link));
    }

    @Test
    void attachesOneLoopDeviceHoweverOftenAndAfterARestart() throws Exception {
        storage.create(VOLUME, SIZE, Optional.empty());
        Path file = storage.volumeFile(VOLUME);

        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            for (Future<Object> attach : threads.invokeAll(Collections.nCopies(8, Executors.callable(() -> storage.attach(VOLUME))))) {
                attach.get();
            }
        }
        storage.attach(VOLUME);
        List<String> devices = HostTools.loopDevicesOf(file);
        assertEquals(1, devices.size(), devices.toString());

        // A restarted simulator has only the files and the kernel's loop devices to go by.
        Files.delete(storage.devicePath(VOLUME).orElseThrow());
        LoopBlockStorage restarted = newStorage();
        restarted.attach(VOLUME);

        assertEquals(devices, HostTools.loopDevicesOf(file));
        assertEquals(Path.of(devices.getFirst()), Files.readSymbolicLink(restarted.devicePath(VOLUME).orElseThrow()));
    }

    @Test
    void showsNoStaleDeviceAndAttachingRepairsIt() throws IOException {
        storage.create(VOLUME, SIZE, Optional.empty());
        storage.attach(VOLUME);
        Path link = storage.devicePath(VOLUME).orElseThrow();

        // What a reboot leaves: the link is kept in the data directory, the loop device is gone.
        HostTools.run("losetup", "-d", link.toRealPath().toString());

        assertTrue(Files.isSymbolicLink(link));
        assertEquals(Optional.empty(), storage.devicePath(VOLUME), "a link to a free loop device is no device");
        storage.attach(VOLUME);
        assertEquals(Optional.of(link), storage.devicePath(VOLUME));
        assertEquals(SIZE, HostTools.deviceSize(link));
    }

    @Test
    void deletingAnAttachedVolumeFreesItsDeviceAndRemovesItsData() {
        storage.create(VOLUME, SIZE, Optional.empty());
        storage.attach(VOLUME);
        Path file = storage.volumeFile(VOLUME);
        Path link = storage.devicePath(VOLUME).orElseThrow();

        storage.delete(VOLUME);
        storage.delete(VOLUME);

        assertFalse(Files.exists(file), "the volume's file is removed");
        assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS), "the by-id link is removed");
        assertTrue(HostTools.run("losetup", "-a").lines().noneMatch(line -> line.contains(file.toString())), "no loop device is left over it");
    }

    private LoopBlockStorage newStorage() {
        return new LoopBlockStorage(tempDir.resolve("data"), tempDir.resolve("dev"), true);
    }
}
