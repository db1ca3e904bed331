package dev.polycsi.efs.controller;

import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.controller.DeleteVolumeRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.core.conformance.HostRequirements;
import dev.polycsi.core.mount.LinuxMounter;
import dev.polycsi.efs.cloud.SdkEfsCloud;
import dev.polycsi.efs.params.Requests;
import dev.polycsi.simulator.node.SimulatedMounter;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.controller.Volume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * delete-access-point-root-dir with real mounts: the controller mounts the file system through
 * the simulator's mounter (a bind mount of its directory, as under --simulate) and removes the
 * access point's directory, and only that. Needs root.
 */
class RootDirectoryDeletionRootTest {

    @TempDir
    Path dir;

    @Test
    void deletingTheVolumeDeletesItsRootDirectoryOnly() throws Exception {
        HostRequirements.assumeRoot("bind-mounts the simulated file system");
        HostRequirements.assumeTools(HostRequirements.MOUNT_TOOLS);
        try (SimulatedEfs efs = new SimulatedEfs(dir.resolve("sim")); SdkEfsCloud cloud = efs.cloud()) {
            SimulatedMounter mounter = new SimulatedMounter(new LinuxMounter(), efs.simulator.networkMounts());
            Path scratch = dir.resolve("scratch");
            EfsController controller = EfsController.create(cloud, new ControllerOptions(Map.of(), true), mounter, scratch);
            Volume volume = controller.createVolume(Requests.create("pvc-1", "basePath", "/dyn"));
            Path fileSystem = efs.fileSystemDirectory(Requests.FILE_SYSTEM);
            Path root = Files.createDirectories(fileSystem.resolve("dyn/pvc-1/nested"));
            Files.writeString(root.resolve("data.txt"), "volume data");
            Files.createSymbolicLink(root.resolve("escape"), fileSystem.resolve("keep"));
            Files.createDirectories(fileSystem.resolve("keep"));
            Files.writeString(fileSystem.resolve("keep/other.txt"), "not this volume's");

            controller.deleteVolume(new DeleteVolumeRequest(volume.id(), Secrets.none(), Deadline.NONE));

            assertFalse(Files.exists(fileSystem.resolve("dyn/pvc-1")), "the root directory is still there");
            assertTrue(Files.isDirectory(fileSystem.resolve("dyn")), "basePath went too");
            assertEquals("not this volume's", Files.readString(fileSystem.resolve("keep/other.txt")), "a symbolic link was followed");
            assertTrue(cloud.accessPoints(Requests.FILE_SYSTEM).isEmpty(), "the access point is still there");
            try (Stream<Path> left = Files.list(scratch)) {
                assertEquals(0, left.count(), "a temporary mount point was left in " + scratch);
            }
            assertTrue(Files.readString(Path.of("/proc/self/mountinfo")).lines().noneMatch(line -> line.contains(scratch.toString())),
                    "still mounted below " + scratch);
            controller.deleteVolume(new DeleteVolumeRequest(volume.id(), Secrets.none(), Deadline.NONE));
        }
    }
}
