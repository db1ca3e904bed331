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
import software.amazon.awssdk.services.fsx.model.FileSystem;

/**
 * The node's {@code mount -t lustre <DNSName>@tcp:/<MountName>} of a simulated FSx file system,
 * through SimulatedMounter over the real Linux mounter: two pods' mounts are bind mounts of the
 * one directory, so what one writes the other reads. Skipped when not root; every mount under the
 * test's directory is undone afterwards, even after a failure.
 */
class LustreMountRootTest extends AbstractFsxMountRootTest {

    @Test
    void whatOneMountWritesAnotherReads() throws IOException {
        FileSystem fs = fixture.create("shared");
        String source = fs.dnsName() + "@tcp:/" + fs.lustreConfiguration().mountName();
        SimulatedMounter mounter = mounter();
        Path writer = tempDir.resolve("pods/a/mount");
        Path reader = tempDir.resolve("pods/b/mount");
        try {
            mounter.mount(source, writer, "lustre", List.of("flock", "noatime"));
            mounter.mount(source, reader, "lustre", List.of("ro", "flock"));

            Files.writeString(writer.resolve("result.txt"), "epoch 7");

            assertEquals("epoch 7", Files.readString(reader.resolve("result.txt")));
            assertTrue(mounter.findMount(reader).orElseThrow().readOnly());
            assertTrue(mounter.findMount(writer).orElseThrow().options().contains("noatime"));
            assertEquals("epoch 7", Files.readString(fixture.fileSystemDirectory(fs.fileSystemId()).resolve("result.txt")));
        } finally {
            mounter.unmount(reader);
            mounter.unmount(writer);
        }
        assertFalse(mounter.isMounted(writer));
    }
}
