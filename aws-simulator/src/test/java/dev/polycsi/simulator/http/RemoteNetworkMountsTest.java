package dev.polycsi.simulator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.simulator.AwsSimulator;
import dev.polycsi.simulator.SimulatorConfig;
import dev.polycsi.simulator.efs.EfsService;
import dev.polycsi.simulator.knobs.Knobs;
import dev.polycsi.simulator.storage.BlockStorage;
import dev.polycsi.simulator.storage.RemoteNetworkMounts;
import dev.polycsi.spi.CsiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node whose simulator runs in another process resolves mounts through the control endpoint. */
class RemoteNetworkMountsTest {

    @TempDir
    Path dir;

    @Test
    void resolvesLikeTheInProcessSimulator() throws Exception {
        try (AwsSimulator simulator = AwsSimulator.start(SimulatorConfig.defaults(dir), new Knobs(), BlockStorage.NONE,
                List.of(EfsService::new))) {
            RemoteNetworkMounts remote = new RemoteNetworkMounts(simulator.endpoint());
            String fs = SimulatorConfig.DEFAULT_FILE_SYSTEM;

            Optional<Path> remoteDir = remote.resolve(fs + ":/", "efs", List.of("tls", "iam"));
            assertEquals(simulator.networkMounts().resolve(fs + ":/", "efs", List.of("tls")), remoteDir);
            assertTrue(Files.isDirectory(remoteDir.orElseThrow()), remoteDir.toString());

            assertEquals(Optional.empty(), remote.resolve("/dev/sdb", "ext4", List.of()));

            CsiException unknown = assertThrows(CsiException.class, () -> remote.resolve("fs-00000000000000001:/", "efs", List.of()));
            assertEquals(CsiException.Code.NOT_FOUND, unknown.code());
            assertTrue(unknown.getMessage().contains("fs-00000000000000001"), unknown.getMessage());
        }
    }

    @Test
    void anUnreachableSimulatorIsUnavailable() {
        RemoteNetworkMounts remote = new RemoteNetworkMounts(java.net.URI.create("http://127.0.0.1:9"));
        CsiException e = assertThrows(CsiException.class, () -> remote.resolve("fs-1:/", "efs", List.of()));
        assertEquals(CsiException.Code.UNAVAILABLE, e.code());
    }
}
