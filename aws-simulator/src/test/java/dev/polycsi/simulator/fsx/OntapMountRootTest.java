package dev.polycsi.simulator.fsx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.simulator.node.SimulatedMounter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The node's {@code mount -t nfs <SVM DNS name or address>:/<junction path>} of a simulated ONTAP
 * volume, through SimulatedMounter over the real Linux mounter: the mounts of one volume are bind
 * mounts of its directory, and a volume restored from a backup mounts with the backup's data.
 * Skipped when not root; every mount under the test's directory is undone afterwards, even after
 * a failure.
 */
class OntapMountRootTest extends AbstractFsxMountRootTest {

    @Test
    void whatOneMountWritesAnotherReadsAndARestoredVolumeMountsWithTheBackupsData() throws IOException {
        String volumeId = fixture.createVolume("shared", "shared").volumeId();
        SimulatedMounter mounter = mounter();
        Path writer = tempDir.resolve("pods/a/mount");
        Path reader = tempDir.resolve("pods/b/mount");
        Path restoredMount = tempDir.resolve("pods/c/mount");
        try {
            mounter.mount(FsxFixture.nfsSource("/shared"), writer, "nfs", List.of("nfsvers=4.1", "hard"));
            mounter.mount(OntapSeed.SVM_NFS_IP + ":/shared", reader, "nfs4", List.of("ro", "noatime"));

            Files.writeString(writer.resolve("result.txt"), "epoch 7");

            assertEquals("epoch 7", Files.readString(reader.resolve("result.txt")));
            assertTrue(mounter.findMount(reader).orElseThrow().readOnly());
            assertEquals(FsxFixture.nfsSource("/shared"), mounter.findMount(writer).orElseThrow().source(),
                    "the mount shows as the NFS mount it stands for");
            assertEquals("epoch 7", Files.readString(fixture.fileSystemDirectory(volumeId).resolve("result.txt")));

            String backupId = fixture.createBackup("snap", volumeId).backupId();
            Files.writeString(writer.resolve("result.txt"), "epoch 8");
            fixture.fsx.createVolumeFromBackup(r -> r.backupId(backupId).name("restored")
                    .ontapConfiguration(FsxFixture.ontap("restored", o -> { })));
            mounter.mount(FsxFixture.nfsSource("/restored"), restoredMount, "nfs", List.of());
            assertEquals("epoch 7", Files.readString(restoredMount.resolve("result.txt")));
        } finally {
            mounter.unmount(restoredMount);
            mounter.unmount(reader);
            mounter.unmount(writer);
        }
        assertFalse(mounter.isMounted(writer));
    }
}
