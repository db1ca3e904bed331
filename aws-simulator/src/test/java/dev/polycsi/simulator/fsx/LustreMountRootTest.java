package dev.polycsi.simulator.fsx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.core.conformance.HostRequirements;
import dev.polycsi.core.mount.LinuxMounter;
import dev.polycsi.simulator.node.SimulatedMounter;
import dev.polycsi.simulator.storage.HostTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.fsx.model.FileSystem;

/**
 * The node's {@code mount -t lustre <DNSName>@tcp:/<MountName>} of a simulated FSx file system,
 * through SimulatedMounter over the real Linux mounter: two pods' mounts are bind mounts of the
 * one directory, so what one writes the other reads. Skipped when not root; every mount under the
 * test's directory is undone afterwards, even after a failure.
 */
class LustreMountRootTest {

    @TempDir
    Path tempDir;

    private FsxFixture fixture;

    @BeforeAll
    static void requireRoot() {
        HostRequirements.assumeRoot("bind-mounts directories");
        HostRequirements.assumeTools(HostRequirements.MOUNT_TOOLS);
    }

    @BeforeEach
    void start() throws IOException {
        tempDir = tempDir.toRealPath();
        fixture = FsxFixture.start(tempDir.resolve("data"));
    }

    @AfterEach
    void stop() {
        try {
            assertEquals(List.of(), HostTools.cleanUp(tempDir));
        } finally {
            fixture.close();
        }
    }

    @Test
    void whatOneMountWritesAnotherReads() throws IOException {
        FileSystem fs = fixture.create("shared");
        String source = fs.dnsName() + "@tcp:/" + fs.lustreConfiguration().mountName();
        SimulatedMounter mounter = new SimulatedMounter(new LinuxMounter(), fixture.simulator.networkMounts());
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
