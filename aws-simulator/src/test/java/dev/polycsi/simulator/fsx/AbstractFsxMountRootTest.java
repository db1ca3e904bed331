package dev.polycsi.simulator.fsx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polycsi.core.conformance.HostRequirements;
import dev.polycsi.core.mount.LinuxMounter;
import dev.polycsi.simulator.node.SimulatedMounter;
import dev.polycsi.simulator.storage.HostTools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test of the node's mounts of simulated FSx, through SimulatedMounter over the real Linux
 * mounter, with a fresh {@link FsxFixture} each, its data under {@code data/} of the test's
 * directory and the pods' mounts beside it. Skipped when not root; every mount under the test's
 * directory is undone afterwards, even after a failure.
 */
abstract class AbstractFsxMountRootTest {

    @TempDir
    Path tempDir;

    FsxFixture fixture;

    @BeforeAll
    static void requireRoot() {
        HostRequirements.assumeRoot("bind-mounts directories");
        HostRequirements.assumeTools(HostRequirements.MOUNT_TOOLS);
    }

    @BeforeEach
    final void startFixture() throws IOException {
        tempDir = tempDir.toRealPath();
        fixture = FsxFixture.start(tempDir.resolve("data"));
    }

    @AfterEach
    final void stopFixture() {
        try {
            assertEquals(List.of(), HostTools.cleanUp(tempDir));
        } finally {
            fixture.close();
        }
    }

    /** The node's mounter: SimulatedMounter over the real Linux mounter, resolving the simulator's network sources. */
    SimulatedMounter mounter() {
        return new SimulatedMounter(new LinuxMounter(), fixture.simulator.networkMounts());
    }
}
