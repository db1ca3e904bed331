package dev.polycsi.examples.hostpath;

import static dev.polycsi.examples.hostpath.Fixture.GIB;
import static dev.polycsi.examples.hostpath.Fixture.assertCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.BackendCapabilities;
import dev.polycsi.spi.BackendCapabilities.ControllerFeature;
import dev.polycsi.spi.BackendCapabilities.NodeFeature;
import dev.polycsi.spi.BackendFactory;
import dev.polycsi.spi.CsiException.Code;
import dev.polycsi.spi.param.Parameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostPathBackendFactoryTest {

    @TempDir
    Path root;

    @Test
    void theDriverFindsTheFactoryThroughServiceLoader() {
        List<BackendFactory> found = ServiceLoader.load(BackendFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(factory -> factory.name().equals("hostpath"))
                .toList();

        assertEquals(1, found.size());
        assertTrue(found.getFirst() instanceof HostPathBackendFactory);
        assertFalse(found.getFirst().description().isBlank());
    }

    @Test
    void optionsHaveDefaultsAndTheRootMustBeAbsolute() {
        Parameters defaults = new HostPathBackendFactory().options().parse(Map.of());

        assertEquals("/var/lib/polycsi/hostpath", defaults.get(HostPathBackendFactory.ROOT));
        assertEquals(100 * GIB, defaults.get(HostPathBackendFactory.CAPACITY));
        assertCode(Code.INVALID_ARGUMENT, () -> new HostPathBackendFactory().options().parse(Map.of("root", "relative/dir")));
        assertCode(Code.INVALID_ARGUMENT, () -> new HostPathBackendFactory().options().parse(Map.of("capacity", "0")));
    }

    @Test
    void theCreationDelayIsADurationInShortOrIsoForm() {
        assertEquals(Duration.ZERO, HostPathBackendFactory.duration("0"));
        assertEquals(Duration.ofMillis(500), HostPathBackendFactory.duration("500ms"));
        assertEquals(Duration.ofSeconds(30), HostPathBackendFactory.duration("30s"));
        assertEquals(Duration.ofMinutes(3), HostPathBackendFactory.duration("3m"));
        assertEquals(Duration.ofHours(1), HostPathBackendFactory.duration("1h"));
        assertEquals(Duration.ofSeconds(90), HostPathBackendFactory.duration("PT1M30S"));
        Parameters defaults = new HostPathBackendFactory().options().parse(Map.of());
        assertEquals(Duration.ZERO, defaults.get(HostPathBackendFactory.CREATION_DELAY));
        assertEquals(0L, defaults.get(HostPathBackendFactory.FAILING_CREATIONS));
        for (String bad : List.of("-1s", "PT-1S", "5x", "s", "1.5s")) {
            assertCode(Code.INVALID_ARGUMENT, () -> new HostPathBackendFactory().options().parse(Map.of("creation-delay", bad)));
        }
    }

    @Test
    void creatingTheBackendLaysOutTheRoot() throws Exception {
        Path base = root.resolve("not/there/yet");

        Fixture.backend(base, GIB, "", new FakeMounter());

        assertTrue(Files.isDirectory(base.resolve("volumes")));
        assertTrue(Files.isDirectory(base.resolve("snapshots")));
    }

    @Test
    void capabilitiesAreFilesystemOnlyWithoutStaging() throws Exception {
        BackendCapabilities capabilities = Fixture.backend(root, GIB, "", new FakeMounter()).capabilities();

        assertEquals(List.of(), List.copyOf(capabilities.blockModes()));
        assertFalse(capabilities.supports(NodeFeature.STAGE_UNSTAGE_VOLUME));
        assertFalse(capabilities.supports(ControllerFeature.PUBLISH_UNPUBLISH_VOLUME));
        assertTrue(capabilities.supports(ControllerFeature.CLONE_VOLUME));
        assertTrue(capabilities.supports(ControllerFeature.CREATE_DELETE_SNAPSHOT));
        assertTrue(capabilities.filesystemModes().contains(AccessMode.MULTI_NODE_MULTI_WRITER));
        assertFalse(capabilities.filesystemModes().contains(AccessMode.MULTI_NODE_SINGLE_WRITER));
    }

    @Test
    void volumeParametersAreChecked() {
        BackendFactory factory = new HostPathBackendFactory();

        assertEquals("0777", factory.volumeParameters().parse(Map.of()).get(DirectorySettings.DIRECTORY_PERMS));
        factory.volumeParameters().parse(Map.of("directoryPerms", "2775", "uid", "0", "gid", "1000"));
        for (String bad : List.of("0999", "77", "07777", "rwx")) {
            assertCode(Code.INVALID_ARGUMENT, () -> factory.volumeParameters().parse(Map.of("directoryPerms", bad)));
        }
        assertCode(Code.INVALID_ARGUMENT, () -> factory.volumeParameters().parse(Map.of("uid", "-1")));
        assertCode(Code.INVALID_ARGUMENT, () -> factory.volumeParameters().parse(Map.of("size", "1")));
        assertTrue(factory.snapshotParameters().isEmpty());
    }

    @Test
    void theReadmeShowsTheTablesTheCodePrints() throws Exception {
        // Surefire runs in the module directory.
        String readme = Files.readString(Path.of("README.md"));
        BackendFactory factory = new HostPathBackendFactory();

        assertTrue(readme.contains(factory.options().toMarkdown()), "README.md: driver options table is out of date");
        assertTrue(readme.contains(factory.volumeParameters().toMarkdown()), "README.md: StorageClass table is out of date");
    }
}
