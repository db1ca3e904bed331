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
import software.amazon.awssdk.services.fsx.model.FileCacheCreating;

/**
 * The node's {@code mount -t lustre <DNSName>@tcp:/<MountName>} of a simulated cache, through
 * SimulatedMounter over the real Linux mounter: a pod sees the cache's data repository paths, and
 * a second pod's mount of one of them sees what the first wrote there. Skipped when not root;
 * every mount under the test's directory is undone afterwards, even after a failure.
 */
class FileCacheMountRootTest extends AbstractFsxMountRootTest {

    @Test
    void aPodSeesTheRepositoryPathsAndAnotherPodsMountOfOneSeesWhatItWrote() throws IOException {
        FileCacheCreating cache = fixture.createCache("shared", r -> r.dataRepositoryAssociations(
                FsxFixture.s3("/images", "s3://training-data/images/"), FsxFixture.s3("/labels", "s3://training-data/labels/")));
        String source = cache.dnsName() + "@tcp:/" + cache.lustreConfiguration().mountName();
        SimulatedMounter mounter = mounter();
        Path whole = tempDir.resolve("pods/a/mount");
        Path labels = tempDir.resolve("pods/b/mount");
        try {
            mounter.mount(source, whole, "lustre", List.of("relatime", "flock"));
            mounter.mount(source + "/labels", labels, "lustre", List.of("ro", "flock"));

            assertTrue(Files.isDirectory(whole.resolve("images")));
            Files.writeString(whole.resolve("labels/cat.txt"), "cat");

            assertEquals("cat", Files.readString(labels.resolve("cat.txt")));
            assertTrue(mounter.findMount(labels).orElseThrow().readOnly());
            assertEquals("cat", Files.readString(fixture.fileSystemDirectory(cache.fileCacheId()).resolve("labels/cat.txt")));
        } finally {
            mounter.unmount(labels);
            mounter.unmount(whole);
        }
        assertFalse(mounter.isMounted(whole));
    }
}
