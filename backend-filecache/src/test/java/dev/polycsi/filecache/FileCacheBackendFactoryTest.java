package dev.polycsi.filecache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polycsi.filecache.cloud.SimulatedFileCache;
import dev.polycsi.fsx.node.NodeOptions;
import dev.polycsi.fsx.support.PollOptions;
import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.AwsAccess;
import dev.polycsi.spi.Backend;
import dev.polycsi.spi.BackendCapabilities.ControllerFeature;
import dev.polycsi.spi.BackendCapabilities.NodeFeature;
import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.BackendFactory;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.Deadline;
import dev.polycsi.spi.Secrets;
import dev.polycsi.spi.VolumeCapability;
import dev.polycsi.spi.mount.FilesystemStats;
import dev.polycsi.spi.mount.MountPoint;
import dev.polycsi.spi.mount.Mounter;
import dev.polycsi.spi.node.NodePublishRequest;
import dev.polycsi.spi.param.Parameters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class FileCacheBackendFactoryTest {

    static final String CACHE = "fc-0123456789abcdef0";
    static final Map<String, String> CONTEXT = Map.of("dnsname", CACHE + ".fsx.us-east-1.amazonaws.com", "mountname", "fmvszbmv");

    @Test
    void serviceLoaderFindsTheBackendByItsName() {
        List<String> names = ServiceLoader.load(BackendFactory.class).stream().map(p -> p.get().name()).toList();
        assertEquals(List.of("filecache"), names);
    }

    /**
     * csi-provisioner, csi-attacher (controller capability) and the kubelet (node capability) send
     * ReadWriteOnce as SINGLE_NODE_MULTI_WRITER and ReadWriteOncePod as SINGLE_NODE_SINGLE_WRITER
     * when the driver advertises it: all four Kubernetes modes must arrive as modes a cache serves.
     */
    @Test
    void everyKubernetesAccessModeArrivesAsAModeTheBackendServesAndNothingGrows() {
        var capabilities = FileCacheBackendFactory.CAPABILITIES;
        assertEquals(capabilities.supports(ControllerFeature.SINGLE_NODE_MULTI_WRITER), capabilities.supports(NodeFeature.SINGLE_NODE_MULTI_WRITER),
                "the controller and the node translate ReadWriteOnce alike");
        assertTrue(capabilities.filesystemModes().containsAll(Set.of(AccessMode.SINGLE_NODE_MULTI_WRITER, AccessMode.SINGLE_NODE_SINGLE_WRITER,
                AccessMode.MULTI_NODE_READER_ONLY, AccessMode.MULTI_NODE_MULTI_WRITER)), capabilities.filesystemModes().toString());
        assertTrue(capabilities.blockModes().isEmpty(), "a cache is no block device");
        assertFalse(capabilities.supports(NodeFeature.STAGE_UNSTAGE_VOLUME), "each publish mounts the cache itself");
        assertTrue(capabilities.supports(ControllerFeature.CREATE_DELETE_VOLUME));
        assertFalse(capabilities.supports(ControllerFeature.EXPAND_VOLUME) || capabilities.supports(NodeFeature.EXPAND_VOLUME),
                "UpdateFileCache cannot change the size");
        assertFalse(capabilities.supports(ControllerFeature.MODIFY_VOLUME));
        assertTrue(new FileCacheBackendFactory().description().contains("cannot grow"), "the core shows it when it refuses an expansion");
    }

    @Test
    void optionsHoldTheControllersAndTheNodesWithTheirDefaults() {
        var options = new FileCacheBackendFactory().options();
        var parsed = options.parse(Map.of());
        assertEquals(new PollOptions(Duration.ofSeconds(5)), PollOptions.from(parsed));
        assertEquals(NodeOptions.DEFAULTS, NodeOptions.from(parsed));
        assertEquals(Duration.ofSeconds(1), PollOptions.from(options.parse(Map.of("first-poll-seconds", "1"))).firstPoll());
        for (Executable bad : List.<Executable>of(() -> options.parse(Map.of("first-poll-seconds", "0")),
                () -> options.parse(Map.of("first-poll-seconds", "soon")))) {
            CsiException refused = assertThrows(CsiException.class, bad);
            assertTrue(refused.getMessage().contains("first-poll-seconds"), refused.getMessage());
        }
    }

    /**
     * The node the factory makes mounts a cache as the File Cache guide does: relatime (the cache's
     * eviction of least recently used files reads access times) and flock, before the volume's own
     * options, for the official handle and the prefixed one alike. The simulator's bind mount keeps
     * none of these, so they are asserted here, where the node hands them to the mounter.
     */
    @Test
    void theNodeMountsCachesWithRelatimeAndFlock(@TempDir Path dir) throws Exception {
        RecordingMounter mounter = new RecordingMounter();
        try (SimulatedFileCache simulated = new SimulatedFileCache(dir)) {
            BackendFactory factory = new FileCacheBackendFactory();
            Backend backend = factory.create(new Context(Set.of(BackendContext.Role.NODE), factory.options().parse(Map.of()),
                    simulated.access(), mounter));
            try {
                backend.node().publish(publish(CACHE, dir.resolve("a"), List.of()));
                backend.node().publish(publish(CACHE, dir.resolve("b"), List.of("noatime")));
                backend.node().publish(new NodePublishRequest(CACHE, Optional.empty(), dir.resolve("c"),
                        VolumeCapability.filesystem("", AccessMode.MULTI_NODE_READER_ONLY), false, Map.of(), CONTEXT, Secrets.none(),
                        Deadline.NONE));

                String source = CACHE + ".fsx.us-east-1.amazonaws.com@tcp:/fmvszbmv ";
                assertEquals(List.of(
                        "mount -t lustre -o relatime,flock " + source + dir.resolve("a"),
                        "mount -t lustre -o relatime,flock,noatime " + source + dir.resolve("b"),
                        "mount -t lustre -o ro,relatime,flock " + source + dir.resolve("c")), mounter.calls);
                assertTrue(backend.recognizesForeignHandle(CACHE), "the official driver's bare handle");
                assertFalse(backend.recognizesForeignHandle("fs-0123456789abcdef0"));
            } finally {
                backend.node().close();
            }
        }
    }

    @Test
    void theNodeRequiresTheMountNameAndACacheId(@TempDir Path dir) throws Exception {
        try (SimulatedFileCache simulated = new SimulatedFileCache(dir)) {
            BackendFactory factory = new FileCacheBackendFactory();
            Backend backend = factory.create(new Context(Set.of(BackendContext.Role.NODE), factory.options().parse(Map.of()),
                    simulated.access(), new RecordingMounter()));
            try {
                CsiException noMountName = assertThrows(CsiException.class, () -> backend.node().publish(new NodePublishRequest(CACHE,
                        Optional.empty(), dir.resolve("a"), VolumeCapability.filesystem("", AccessMode.MULTI_NODE_MULTI_WRITER), false,
                        Map.of(), Map.of("dnsname", CONTEXT.get("dnsname")), Secrets.none(), Deadline.NONE)));
                assertTrue(noMountName.getMessage().contains("mountname"), noMountName.getMessage());
                CsiException fileSystem = assertThrows(CsiException.class,
                        () -> backend.node().publish(publish("fs-0123456789abcdef0", dir.resolve("b"), List.of())));
                assertEquals(CsiException.Code.INVALID_ARGUMENT, fileSystem.code());
                assertTrue(fileSystem.getMessage().contains("Amazon File Cache"), fileSystem.getMessage());
            } finally {
                backend.node().close();
            }
        }
    }

    private static NodePublishRequest publish(String volumeId, Path target, List<String> mountFlags) {
        VolumeCapability capability = new VolumeCapability(VolumeCapability.AccessType.MOUNT, "", mountFlags, "",
                AccessMode.MULTI_NODE_MULTI_WRITER);
        return new NodePublishRequest(volumeId, Optional.empty(), target, capability, false, Map.of(), CONTEXT, Secrets.none(), Deadline.NONE);
    }

    record Context(Set<Role> roles, Parameters options, AwsAccess aws, Mounter mounter) implements BackendContext {

        @Override
        public String driverName() {
            return "aws.polycsi.dev";
        }

        @Override
        public String nodeId() {
            return "i-0123456789abcdef0";
        }
    }

    /** Writes down the mounts it is asked for; nothing is mounted before. */
    static final class RecordingMounter implements Mounter {
        final List<String> calls = new ArrayList<>();

        @Override
        public void mount(String source, Path target, String fsType, List<String> options) {
            calls.add("mount -t " + fsType + " -o " + String.join(",", options) + " " + source + " " + target);
        }

        @Override
        public Optional<MountPoint> findMount(Path target) {
            return Optional.empty();
        }

        @Override
        public void bindMount(Path source, Path target, boolean readOnly, List<String> options) {
            throw new AssertionError("caches are mounted, not bound");
        }

        @Override
        public void unmount(Path target) {
            throw new AssertionError("nothing to unmount");
        }

        @Override
        public Optional<String> filesystemOn(Path device) {
            throw new AssertionError("no devices");
        }

        @Override
        public void formatAndMount(Path device, Path target, String fsType, List<String> formatOptions, List<String> mountOptions) {
            throw new AssertionError("no devices");
        }

        @Override
        public void resizeFilesystem(Path device, Path mountPath) {
            throw new AssertionError("no devices");
        }

        @Override
        public FilesystemStats filesystemStats(Path path) {
            throw new AssertionError("no stats asked for");
        }

        @Override
        public long blockDeviceSize(Path device) {
            throw new AssertionError("no devices");
        }
    }
}
