package dev.polycsi.core.conformance;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import csi.v1.Csi;
import csi.v1.Csi.ControllerServiceCapability.RPC.Type;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The CSI conformance suite, run against a real driver over its unix socket, as the sidecars
 * and the kubelet talk to it. A backend module subclasses it, says how to start the driver
 * with its backend ({@link EmbeddedDriver} serves one from the test class path) and which
 * StorageClass parameters to use; everything else is here.
 *
 * <p>The driver is started once per class in a fresh directory under /tmp (short enough for a
 * unix socket path). Each test uses names of its own and removes what it created, whether it
 * passes or not; anything still mounted below the directory is unmounted before it is deleted.
 * Tests for optional features are skipped (not failed) when the driver does not advertise them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(CsiConformanceSuite.PrintDiagnosticsOnFailure.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
public abstract class CsiConformanceSuite {

    /** stat(2)'s file type bits, and the type of a block device. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;

    /** The file written through one publish and read back through another. */
    private static final String DATA_FILE = "conformance.txt";

    private Path workDir;
    private Path podsDir;
    private Path stagingDir;
    private DriverUnderTest driver;
    private CsiClient client;
    private Set<Type> controllerCapabilities = Set.of();
    private Set<Csi.NodeServiceCapability.RPC.Type> nodeCapabilities = Set.of();
    private Csi.NodeGetInfoResponse nodeInfo;

    // ---- what a backend module provides

    /**
     * Starts the driver under test, serving on a unix socket below {@code workDir} (e.g.
     * {@code workDir.resolve("csi.sock")}). It may return before the driver is ready: the
     * suite waits for Probe to say so.
     */
    protected abstract DriverUnderTest startDriver(Path workDir) throws Exception;

    /** The StorageClass parameters of the volumes the suite creates, including {@code backend}. */
    protected abstract Map<String, String> storageClassParameters();

    /** The capability of the volumes the suite creates and publishes: a mounted filesystem, SINGLE_NODE_WRITER. */
    protected Csi.VolumeCapability capability() {
        return Csi.VolumeCapability.newBuilder()
                .setMount(Csi.VolumeCapability.MountVolume.getDefaultInstance())
                .setAccessMode(Csi.VolumeCapability.AccessMode.newBuilder()
                        .setMode(Csi.VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER))
                .build();
    }

    /** Whether node operations mount (and so need root); when they do and this is not root, node tests are skipped. */
    protected boolean needsRoot() {
        return true;
    }

    /**
     * The host tools the driver's node runs for the suite's capability, found on the PATH as the
     * driver finds them: without one, the node tests are skipped, naming what to install.
     */
    protected List<String> nodeTools() {
        return needsRoot() ? HostRequirements.MOUNT_TOOLS : List.of();
    }

    /** The required_bytes of the volumes the suite creates. */
    protected long volumeSize() {
        return 1L << 30;
    }

    /** How long the driver may take to become ready after {@link #startDriver}. */
    protected Duration readyTimeout() {
        return Duration.ofSeconds(60);
    }

    /**
     * Whether a volume's filesystem is exactly as large as its capacity (a block device), so that
     * expansion must show in the filesystem's size; false where volumes share a filesystem.
     */
    protected boolean filesystemSizeFollowsCapacity() {
        return false;
    }

    /** Why growing a published filesystem cannot work on this machine, if it cannot (e.g. a missing kernel capability). */
    protected Optional<String> onlineExpansionUnsupportedReason() {
        return Optional.empty();
    }

    /** How long a snapshot may take to become ready to use. */
    protected Duration snapshotReadyTimeout() {
        return Duration.ofMinutes(5);
    }

    // ---- for subclasses and the tests

    /** The directory the driver was started in. */
    protected final Path workDir() {
        return workDir;
    }

    protected final CsiClient client() {
        return client;
    }

    protected final String backendName() {
        String backend = storageClassParameters().get("backend");
        assertNotNull(backend, "storageClassParameters() must include 'backend'");
        return backend;
    }

    // ---- lifecycle

    @BeforeAll
    final void startDriverUnderTest() throws Exception {
        workDir = Files.createTempDirectory(Path.of("/tmp"), "csi-").toRealPath();
        podsDir = Files.createDirectories(workDir.resolve("pods"));
        stagingDir = Files.createDirectories(workDir.resolve("staging"));
        driver = startDriver(workDir);
        client = new CsiClient(driver.socket());
        try {
            client.waitUntilReady(readyTimeout(), driver::running);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + diagnosticsSuffix(), e);
        }
        controllerCapabilities = EnumSet.noneOf(Type.class);
        client.controller().controllerGetCapabilities(Csi.ControllerGetCapabilitiesRequest.getDefaultInstance())
                .getCapabilitiesList().stream()
                .filter(Csi.ControllerServiceCapability::hasRpc)
                .forEach(c -> controllerCapabilities.add(c.getRpc().getType()));
        nodeCapabilities = EnumSet.noneOf(Csi.NodeServiceCapability.RPC.Type.class);
        client.node().nodeGetCapabilities(Csi.NodeGetCapabilitiesRequest.getDefaultInstance())
                .getCapabilitiesList().stream()
                .filter(Csi.NodeServiceCapability::hasRpc)
                .forEach(c -> nodeCapabilities.add(c.getRpc().getType()));
        nodeInfo = client.node().nodeGetInfo(Csi.NodeGetInfoRequest.getDefaultInstance());
    }

    @AfterEach
    final void unmountLeftovers() {
        if (podsDir != null) {
            List<String> problems = new ArrayList<>(Mounts.unmountAllUnder(podsDir));
            problems.addAll(Mounts.unmountAllUnder(stagingDir));
            if (!problems.isEmpty()) {
                fail("cannot unmount what the test left mounted: " + problems);
            }
        }
    }

    @AfterAll
    final void stopDriverUnderTest() throws Exception {
        List<Throwable> failures = new ArrayList<>();
        if (client != null) {
            client.close();
        }
        if (workDir != null) {
            List<String> problems = Mounts.unmountAllUnder(workDir);
            if (!problems.isEmpty()) {
                failures.add(new AssertionError("cannot unmount below " + workDir + ": " + problems));
            }
        }
        if (driver != null) {
            try {
                driver.close();
            } catch (Exception | AssertionError e) {
                failures.add(e);
            }
        }
        if (workDir != null) {
            Mounts.unmountAllUnder(workDir);
            List<Path> skipped = Mounts.deleteTree(workDir);
            if (!skipped.isEmpty()) {
                failures.add(new AssertionError("left " + workDir + " in place: still mounted: " + skipped));
            }
        }
        if (!failures.isEmpty()) {
            Throwable first = failures.getFirst();
            failures.stream().skip(1).forEach(first::addSuppressed);
            if (first instanceof Exception e) {
                throw e;
            }
            throw (AssertionError) first;
        }
    }

    private String diagnosticsSuffix() {
        String diagnostics = driver == null ? "" : driver.diagnostics();
        return diagnostics.isBlank() ? "" : "\n--- driver diagnostics ---\n" + diagnostics;
    }

    /** Prints the driver's diagnostics (e.g. the tail of its log) when a test fails. */
    static final class PrintDiagnosticsOnFailure implements TestWatcher {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            context.getTestInstance()
                    .filter(CsiConformanceSuite.class::isInstance)
                    .map(CsiConformanceSuite.class::cast)
                    .ifPresent(suite -> {
                        String suffix = suite.diagnosticsSuffix();
                        if (!suffix.isEmpty()) {
                            System.err.println(context.getDisplayName() + " failed: " + cause + suffix);
                        }
                    });
        }
    }

    // ---- identity

    @Test
    void getPluginInfoHasNameAndVersion() {
        Csi.GetPluginInfoResponse info = client.identity().getPluginInfo(Csi.GetPluginInfoRequest.getDefaultInstance());
        assertFalse(info.getName().isEmpty(), "GetPluginInfo: name is empty");
        assertFalse(info.getVendorVersion().isEmpty(), "GetPluginInfo: vendor_version is empty");
    }

    @Test
    void probeIsReady() {
        Csi.ProbeResponse probe = client.identity().probe(Csi.ProbeRequest.getDefaultInstance());
        assertTrue(probe.hasReady() && probe.getReady().getValue(), "Probe: ready is not true: " + probe);
    }

    @Test
    void getPluginCapabilitiesIncludeControllerService() {
        Csi.GetPluginCapabilitiesResponse response =
                client.identity().getPluginCapabilities(Csi.GetPluginCapabilitiesRequest.getDefaultInstance());
        boolean controller = response.getCapabilitiesList().stream()
                .anyMatch(c -> c.hasService() && c.getService().getType() == Csi.PluginCapability.Service.Type.CONTROLLER_SERVICE);
        assertTrue(controller, "GetPluginCapabilities does not include CONTROLLER_SERVICE: " + response);
    }

    // ---- capabilities

    @Test
    void controllerCapabilitiesIncludeCreateDeleteVolume() {
        assertTrue(controllerCapabilities.contains(Type.CREATE_DELETE_VOLUME),
                "ControllerGetCapabilities does not include CREATE_DELETE_VOLUME: " + controllerCapabilities);
    }

    @Test
    void nodeGetCapabilitiesAnswers() {
        assertDoesNotThrow(() -> client.node().nodeGetCapabilities(Csi.NodeGetCapabilitiesRequest.getDefaultInstance()));
    }

    @Test
    void nodeGetInfoHasNodeId() {
        assertFalse(nodeInfo.getNodeId().isEmpty(), "NodeGetInfo: node_id is empty");
    }

    // ---- CreateVolume

    @Test
    void createVolumeWithoutNameIsInvalid() {
        StatusRuntimeException e = expect(Status.Code.INVALID_ARGUMENT,
                () -> client.controller().createVolume(createRequest("").build()));
        assertDescriptionMentions(e, "name");
    }

    @Test
    void createVolumeWithoutCapabilitiesIsInvalid() {
        StatusRuntimeException e = expect(Status.Code.INVALID_ARGUMENT,
                () -> client.controller().createVolume(createRequest(uniqueName("nocaps")).clearVolumeCapabilities().build()));
        assertDescriptionMentions(e, "volume_capabilities");
    }

    @Test
    void createVolumeWithNameOver128BytesIsInvalid() {
        String name = "n".repeat(129);
        try (Cleanup cleanup = new Cleanup()) {
            expect(Status.Code.INVALID_ARGUMENT, () -> {
                // Should it be created after all, the cleanup removes it.
                Csi.CreateVolumeResponse created = client.controller().createVolume(createRequest(name).build());
                cleanup.volume(created.getVolume());
                return created;
            });
        }
    }

    @Test
    void createVolumeWithUnknownParameterNamesTheKey() {
        String key = "conformanceUnknownKey";
        try (Cleanup cleanup = new Cleanup()) {
            StatusRuntimeException e = expect(Status.Code.INVALID_ARGUMENT, () -> {
                Csi.CreateVolumeResponse created = client.controller()
                        .createVolume(createRequest(uniqueName("unknownkey")).putParameters(key, "1").build());
                cleanup.volume(created.getVolume());
                return created;
            });
            assertDescriptionMentions(e, key);
        }
    }

    @Test
    void createVolumeWithUnknownBackendIsInvalid() {
        expect(Status.Code.INVALID_ARGUMENT, () -> client.controller().createVolume(createRequest(uniqueName("nobackend"))
                .putParameters("backend", "conformance-no-such-backend").build()));
    }

    @Test
    void createVolumeIsIdempotent() {
        try (Cleanup cleanup = new Cleanup()) {
            String name = uniqueName("idempotent");
            Csi.Volume first = cleanup.volume(client.controller().createVolume(createRequest(name).build()).getVolume());
            Csi.Volume second = cleanup.volume(client.controller().createVolume(createRequest(name).build()).getVolume());
            assertFalse(first.getVolumeId().isEmpty(), "CreateVolume: volume_id is empty");
            assertTrue(first.getVolumeId().getBytes(StandardCharsets.UTF_8).length <= 128,
                    "CreateVolume: volume_id is longer than 128 bytes: " + first.getVolumeId());
            assertTrue(first.getCapacityBytes() == 0 || first.getCapacityBytes() >= volumeSize(),
                    "CreateVolume: capacity " + first.getCapacityBytes() + " is below required_bytes " + volumeSize());
            assertEquals(first.getVolumeId(), second.getVolumeId(), "CreateVolume twice with one name: two volume ids");
            assertEquals(first.getCapacityBytes(), second.getCapacityBytes(), "CreateVolume twice with one name: two capacities");
        }
    }

    @Test
    void createVolumeSameNameLargerCapacityIsAlreadyExists() {
        try (Cleanup cleanup = new Cleanup()) {
            String name = uniqueName("conflict");
            Csi.Volume created = cleanup.volume(client.controller().createVolume(createRequest(name).build()).getVolume());
            long larger = Math.max(created.getCapacityBytes(), volumeSize()) + volumeSize();
            expect(Status.Code.ALREADY_EXISTS, () -> {
                Csi.CreateVolumeResponse again = client.controller().createVolume(createRequest(name)
                        .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(larger)).build());
                cleanup.volume(again.getVolume());
                return again;
            });
        }
    }

    @Test
    void createVolumeRequiredAboveLimitIsRefused() {
        try (Cleanup cleanup = new Cleanup()) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> {
                Csi.CreateVolumeResponse created = client.controller().createVolume(createRequest(uniqueName("range"))
                        .setCapacityRange(Csi.CapacityRange.newBuilder()
                                .setRequiredBytes(2 * volumeSize())
                                .setLimitBytes(volumeSize()))
                        .build());
                cleanup.volume(created.getVolume());
            });
            Status.Code code = e.getStatus().getCode();
            assertTrue(code == Status.Code.INVALID_ARGUMENT || code == Status.Code.OUT_OF_RANGE,
                    "required_bytes above limit_bytes: expected INVALID_ARGUMENT or OUT_OF_RANGE, got " + e.getStatus());
        }
    }

    // ---- DeleteVolume

    @Test
    void deleteVolumeWithoutIdIsInvalid() {
        StatusRuntimeException e = expect(Status.Code.INVALID_ARGUMENT,
                () -> client.controller().deleteVolume(Csi.DeleteVolumeRequest.getDefaultInstance()));
        assertDescriptionMentions(e, "volume_id");
    }

    @Test
    void deleteVolumeTwiceSucceeds() {
        try (Cleanup cleanup = new Cleanup()) {
            Csi.Volume volume = cleanup.volume(client.controller().createVolume(createRequest(uniqueName("delete")).build()).getVolume());
            deleteVolume(volume.getVolumeId());
            deleteVolume(volume.getVolumeId());
        }
    }

    @Test
    void deleteUnknownOrMalformedVolumeSucceeds() {
        deleteVolume(backendName() + ":does-not-exist");
        deleteVolume("no-prefix-at-all");
    }

    // ---- ValidateVolumeCapabilities

    @Test
    void validateUnknownVolumeIsNotFound() {
        expect(Status.Code.NOT_FOUND, () -> client.controller().validateVolumeCapabilities(
                Csi.ValidateVolumeCapabilitiesRequest.newBuilder()
                        .setVolumeId(backendName() + ":does-not-exist")
                        .addVolumeCapabilities(capability())
                        .build()));
    }

    @Test
    void validateADeletedVolumeIsNotFound() {
        try (Cleanup cleanup = new Cleanup()) {
            String deleted = deletedVolumeId(cleanup);
            StatusRuntimeException e = expect(Status.Code.NOT_FOUND, () -> client.controller().validateVolumeCapabilities(
                    Csi.ValidateVolumeCapabilitiesRequest.newBuilder()
                            .setVolumeId(deleted)
                            .addVolumeCapabilities(capability())
                            .putAllParameters(storageClassParameters())
                            .build()));
            assertDescriptionMentions(e, deleted);
        }
    }

    @Test
    void validateSupportedCapabilityIsConfirmed() {
        try (Cleanup cleanup = new Cleanup()) {
            Csi.Volume volume = cleanup.volume(client.controller().createVolume(createRequest(uniqueName("validate")).build()).getVolume());
            Csi.ValidateVolumeCapabilitiesResponse response = client.controller().validateVolumeCapabilities(
                    Csi.ValidateVolumeCapabilitiesRequest.newBuilder()
                            .setVolumeId(volume.getVolumeId())
                            .putAllVolumeContext(volume.getVolumeContextMap())
                            .addVolumeCapabilities(capability())
                            .putAllParameters(storageClassParameters())
                            .build());
            assertTrue(response.hasConfirmed(), "ValidateVolumeCapabilities did not confirm: " + response.getMessage());
            assertTrue(response.getConfirmed().getVolumeCapabilitiesList().contains(capability()),
                    "ValidateVolumeCapabilities confirmed other capabilities: " + response.getConfirmed());
        }
    }

    @Test
    void validateWithoutCapabilitiesIsInvalid() {
        try (Cleanup cleanup = new Cleanup()) {
            Csi.Volume volume = cleanup.volume(client.controller().createVolume(createRequest(uniqueName("validate")).build()).getVolume());
            StatusRuntimeException e = expect(Status.Code.INVALID_ARGUMENT, () -> client.controller().validateVolumeCapabilities(
                    Csi.ValidateVolumeCapabilitiesRequest.newBuilder().setVolumeId(volume.getVolumeId()).build()));
            assertDescriptionMentions(e, "volume_capabilities");
        }
    }

    // ---- ControllerPublish / ControllerUnpublish (no-ops returning OK for backends without attach)

    @Test
    void controllerPublishUnknownVolumeIsNotFound() {
        for (String handle : List.of(backendName() + ":does-not-exist", "no-prefix-at-all")) {
            expect(Status.Code.NOT_FOUND, () -> client.controller().controllerPublishVolume(
                    Csi.ControllerPublishVolumeRequest.newBuilder()
                            .setVolumeId(handle)
                            .setNodeId(nodeInfo.getNodeId())
                            .setVolumeCapability(capability())
                            .build()));
        }
    }

    @Test
    void controllerPublishWithoutNodeIdIsInvalid() {
        try (Cleanup cleanup = new Cleanup()) {
            Csi.Volume volume = cleanup.volume(client.controller().createVolume(createRequest(uniqueName("attach")).build()).getVolume());
            StatusRuntimeException e = expect(Status.Code.INVALID_ARGUMENT, () -> client.controller().controllerPublishVolume(
                    Csi.ControllerPublishVolumeRequest.newBuilder()
                            .setVolumeId(volume.getVolumeId())
                            .setVolumeCapability(capability())
                            .putAllVolumeContext(volume.getVolumeContextMap())
                            .build()));
            assertDescriptionMentions(e, "node_id");
        }
    }

    @Test
    void controllerPublishAndUnpublishTwiceSucceed() {
        try (Cleanup cleanup = new Cleanup()) {
            Csi.Volume volume = cleanup.volume(client.controller().createVolume(createRequest(uniqueName("attach")).build()).getVolume());
            Map<String, String> first = controllerPublish(cleanup, volume);
            Map<String, String> second = controllerPublish(cleanup, volume);
            assertEquals(first, second, "ControllerPublishVolume twice: two publish contexts");
            controllerUnpublish(volume.getVolumeId());
            controllerUnpublish(volume.getVolumeId());
        }
    }

    @Test
    void controllerPublishOfADeletedVolumeIsNotFound() {
        try (Cleanup cleanup = new Cleanup()) {
            String deleted = deletedVolumeId(cleanup);
            expect(Status.Code.NOT_FOUND, () -> client.controller().controllerPublishVolume(
                    controllerPublishRequest(deleted, Map.of(), capability(), false)));
        }
    }

    @Test
    void controllerPublishToTheNodeWithAnotherCapabilityOrReadonlyFlagIsAlreadyExists() {
        assumeController(Type.PUBLISH_UNPUBLISH_VOLUME);
        try (Cleanup cleanup = new Cleanup()) {
            Csi.Volume volume = cleanup.volume(client.controller().createVolume(createRequest(uniqueName("conflict")).build()).getVolume());
            cleanup.controllerPublished(volume.getVolumeId());
            Map<String, String> first = controllerPublish(volume, capability(), false);
            assertEquals(first, controllerPublish(volume, capability(), false), "ControllerPublishVolume again: another publish context");

            StatusRuntimeException readonly = expect(Status.Code.ALREADY_EXISTS,
                    () -> controllerPublish(volume, capability(), true));
            assertDescriptionMentions(readonly, nodeInfo.getNodeId());
            for (Csi.VolumeCapability other : otherCapabilities(volume)) {
                expect(Status.Code.ALREADY_EXISTS, () -> controllerPublish(volume, other, false));
            }
            assertEquals(first, controllerPublish(volume, capability(), false),
                    "after refusing the others, the first publish still stands as it was");

            // Once unpublished, the node may have the volume with another flag.
            controllerUnpublish(volume.getVolumeId());
            controllerPublish(volume, capability(), true);
            controllerUnpublish(volume.getVolumeId());
        }
    }

    /**
     * Capabilities other than the suite's that the driver confirms for {@code volume}: the other
     * access type (or, for a filesystem, another fs_type), and another access mode if any is
     * supported.
     */
    private List<Csi.VolumeCapability> otherCapabilities(Csi.Volume volume) {
        Csi.VolumeCapability mine = capability();
        List<Csi.VolumeCapability> candidates = new ArrayList<>();
        if (mine.hasBlock()) {
            candidates.add(mine.toBuilder().setMount(Csi.VolumeCapability.MountVolume.getDefaultInstance()).build());
        } else {
            String fsType = mine.getMount().getFsType().equals("ext4") ? "xfs" : "ext4";
            candidates.add(mine.toBuilder().setMount(mine.getMount().toBuilder().setFsType(fsType)).build());
        }
        for (Csi.VolumeCapability.AccessMode.Mode mode : Csi.VolumeCapability.AccessMode.Mode.values()) {
            if (mode != Csi.VolumeCapability.AccessMode.Mode.UNKNOWN && mode != Csi.VolumeCapability.AccessMode.Mode.UNRECOGNIZED
                    && mode != mine.getAccessMode().getMode()) {
                Csi.VolumeCapability other = mine.toBuilder().setAccessMode(Csi.VolumeCapability.AccessMode.newBuilder().setMode(mode)).build();
                if (client.controller().validateVolumeCapabilities(Csi.ValidateVolumeCapabilitiesRequest.newBuilder()
                        .setVolumeId(volume.getVolumeId()).putAllVolumeContext(volume.getVolumeContextMap())
                        .addVolumeCapabilities(other).build()).hasConfirmed()) {
                    candidates.add(other);
                    break;
                }
            }
        }
        return candidates;
    }

    // ---- ControllerModifyVolume (when advertised)

    @Test
    void controllerModifyVolumeWithoutParametersIsANoOpThatStillFindsTheVolume() {
        assumeController(Type.MODIFY_VOLUME);
        try (Cleanup cleanup = new Cleanup()) {
            Csi.Volume volume = cleanup.volume(client.controller().createVolume(createRequest(uniqueName("modify")).build()).getVolume());
            assertDoesNotThrow(() -> client.controller().controllerModifyVolume(
                    Csi.ControllerModifyVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId()).build()),
                    "ControllerModifyVolume without mutable_parameters");
            String deleted = deletedVolumeId(cleanup);
            for (String unknown : List.of(deleted, backendName() + ":does-not-exist")) {
                StatusRuntimeException e = expect(Status.Code.NOT_FOUND, () -> client.controller().controllerModifyVolume(
                        Csi.ControllerModifyVolumeRequest.newBuilder().setVolumeId(unknown).build()));
                assertDescriptionMentions(e, unknown);
            }
        }
    }

    // ---- GetCapacity, ControllerGetVolume, ControllerExpandVolume (when advertised)

    @Test
    void getCapacityAnswers() {
        assumeController(Type.GET_CAPACITY);
        Csi.GetCapacityResponse response = client.controller().getCapacity(Csi.GetCapacityRequest.newBuilder()
                .addVolumeCapabilities(capability())
                .putAllParameters(storageClassParameters())
                .build());
        assertTrue(response.getAvailableCapacity() >= 0, "GetCapacity: negative available_capacity " + response);
    }

    @Test
    void controllerGetVolumeFindsTheVolume() {
        assumeController(Type.GET_VOLUME);
        try (Cleanup cleanup = new Cleanup()) {
            Csi.Volume volume = cleanup.volume(client.controller().createVolume(createRequest(uniqueName("get")).build()).getVolume());
            Csi.ControllerGetVolumeResponse response = client.controller().controllerGetVolume(
                    Csi.ControllerGetVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId()).build());
            assertEquals(volume.getVolumeId(), response.getVolume().getVolumeId());
            expect(Status.Code.NOT_FOUND, () -> client.controller().controllerGetVolume(
                    Csi.ControllerGetVolumeRequest.newBuilder().setVolumeId(backendName() + ":does-not-exist").build()));
            String deleted = deletedVolumeId(cleanup);
            expect(Status.Code.NOT_FOUND, () -> client.controller().controllerGetVolume(
                    Csi.ControllerGetVolumeRequest.newBuilder().setVolumeId(deleted).build()));
        }
    }

    @Test
    void controllerExpandVolumeGrowsIt() {
        assumeController(Type.EXPAND_VOLUME);
        try (Cleanup cleanup = new Cleanup()) {
            Csi.Volume volume = cleanup.volume(client.controller().createVolume(createRequest(uniqueName("expand")).build()).getVolume());
            long wanted = Math.max(volume.getCapacityBytes(), volumeSize()) + volumeSize();
            Csi.ControllerExpandVolumeRequest request = Csi.ControllerExpandVolumeRequest.newBuilder()
                    .setVolumeId(volume.getVolumeId())
                    .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(wanted))
                    .setVolumeCapability(capability())
                    .build();
            Csi.ControllerExpandVolumeResponse first = client.controller().controllerExpandVolume(request);
            assertTrue(first.getCapacityBytes() >= wanted, "ControllerExpandVolume: " + first.getCapacityBytes() + " < " + wanted);
            Csi.ControllerExpandVolumeResponse again = client.controller().controllerExpandVolume(request);
            assertEquals(first.getCapacityBytes(), again.getCapacityBytes(), "ControllerExpandVolume twice: two sizes");
            expect(Status.Code.NOT_FOUND, () -> client.controller().controllerExpandVolume(request.toBuilder()
                    .setVolumeId(backendName() + ":does-not-exist").build()));
        }
    }

    // ---- snapshots

    @Test
    void createSnapshotIsIdempotentByName() {
        assumeController(Type.CREATE_DELETE_SNAPSHOT);
        try (Cleanup cleanup = new Cleanup()) {
            Csi.Volume volume = cleanup.volume(client.controller().createVolume(createRequest(uniqueName("snapsrc")).build()).getVolume());
            String name = uniqueName("snap");
            Csi.Snapshot first = cleanup.snapshot(createSnapshot(name, volume.getVolumeId()));
            Csi.Snapshot second = cleanup.snapshot(createSnapshot(name, volume.getVolumeId()));
            assertFalse(first.getSnapshotId().isEmpty(), "CreateSnapshot: snapshot_id is empty");
            assertTrue(first.getSnapshotId().getBytes(StandardCharsets.UTF_8).length <= 128,
                    "CreateSnapshot: snapshot_id is longer than 128 bytes: " + first.getSnapshotId());
            assertEquals(volume.getVolumeId(), first.getSourceVolumeId(), "CreateSnapshot: wrong source_volume_id");
            assertEquals(first.getSnapshotId(), second.getSnapshotId(), "CreateSnapshot twice with one name: two snapshot ids");
        }
    }

    @Test
    void createSnapshotSameNameOtherSourceIsAlreadyExists() {
        assumeController(Type.CREATE_DELETE_SNAPSHOT);
        try (Cleanup cleanup = new Cleanup()) {
            Csi.Volume one = cleanup.volume(client.controller().createVolume(createRequest(uniqueName("snapsrc")).build()).getVolume());
            Csi.Volume other = cleanup.volume(client.controller().createVolume(createRequest(uniqueName("snapsrc")).build()).getVolume());
            String name = uniqueName("snap");
            cleanup.snapshot(createSnapshot(name, one.getVolumeId()));
            expect(Status.Code.ALREADY_EXISTS, () -> cleanup.snapshot(createSnapshot(name, other.getVolumeId())));
        }
    }

    @Test
    void listSnapshotsBySnapshotIdAndBySourceVolume() {
        assumeController(Type.CREATE_DELETE_SNAPSHOT);
        assumeController(Type.LIST_SNAPSHOTS);
        try (Cleanup cleanup = new Cleanup()) {
            Csi.Volume volume = cleanup.volume(client.controller().createVolume(createRequest(uniqueName("snapsrc")).build()).getVolume());
            Csi.Snapshot snapshot = cleanup.snapshot(createSnapshot(uniqueName("snap"), volume.getVolumeId()));

            Csi.ListSnapshotsResponse byId = client.controller().listSnapshots(
                    Csi.ListSnapshotsRequest.newBuilder().setSnapshotId(snapshot.getSnapshotId()).build());
            assertEquals(List.of(snapshot.getSnapshotId()), snapshotIds(byId.getEntriesList()),
                    "ListSnapshots by snapshot_id");
            assertEquals(volume.getVolumeId(), byId.getEntries(0).getSnapshot().getSourceVolumeId());

            Csi.ListSnapshotsResponse bySource = client.controller().listSnapshots(
                    Csi.ListSnapshotsRequest.newBuilder().setSourceVolumeId(volume.getVolumeId()).build());
            assertTrue(snapshotIds(bySource.getEntriesList()).contains(snapshot.getSnapshotId()),
                    "ListSnapshots by source_volume_id misses " + snapshot.getSnapshotId() + ": " + bySource);
            bySource.getEntriesList().forEach(entry -> assertEquals(volume.getVolumeId(), entry.getSnapshot().getSourceVolumeId(),
                    "ListSnapshots by source_volume_id lists a snapshot of another volume"));

            Csi.ListSnapshotsResponse unknown = client.controller().listSnapshots(
                    Csi.ListSnapshotsRequest.newBuilder().setSnapshotId(backendName() + ":does-not-exist").build());
            assertEquals(0, unknown.getEntriesCount(), "ListSnapshots for an unknown snapshot_id must be empty");
        }
    }

    @Test
    void listSnapshotsPaginates() {
        assumeController(Type.CREATE_DELETE_SNAPSHOT);
        assumeController(Type.LIST_SNAPSHOTS);
        try (Cleanup cleanup = new Cleanup()) {
            Csi.Volume volume = cleanup.volume(client.controller().createVolume(createRequest(uniqueName("snapsrc")).build()).getVolume());
            Set<String> created = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                created.add(cleanup.snapshot(createSnapshot(uniqueName("snap"), volume.getVolumeId())).getSnapshotId());
            }
            List<String> listed = new ArrayList<>();
            String token = "";
            int pages = 0;
            do {
                Csi.ListSnapshotsResponse page = client.controller().listSnapshots(Csi.ListSnapshotsRequest.newBuilder()
                        .setSourceVolumeId(volume.getVolumeId()).setMaxEntries(1).setStartingToken(token).build());
                assertTrue(page.getEntriesCount() <= 1, "ListSnapshots with max_entries=1 returned " + page.getEntriesCount());
                listed.addAll(snapshotIds(page.getEntriesList()));
                token = page.getNextToken();
                assertTrue(++pages <= 100, "ListSnapshots: more than 100 pages for 3 snapshots");
            } while (!token.isEmpty());
            assertTrue(listed.containsAll(created), "ListSnapshots pages " + listed + " miss some of " + created);
            assertEquals(new HashSet<>(listed).size(), listed.size(), "ListSnapshots pages repeat entries: " + listed);
        }
    }

    @Test
    void deleteSnapshotTwiceSucceeds() {
        assumeController(Type.CREATE_DELETE_SNAPSHOT);
        try (Cleanup cleanup = new Cleanup()) {
            Csi.Volume volume = cleanup.volume(client.controller().createVolume(createRequest(uniqueName("snapsrc")).build()).getVolume());
            Csi.Snapshot snapshot = cleanup.snapshot(createSnapshot(uniqueName("snap"), volume.getVolumeId()));
            deleteSnapshot(snapshot.getSnapshotId());
            deleteSnapshot(snapshot.getSnapshotId());
            deleteSnapshot(backendName() + ":does-not-exist");
            expect(Status.Code.INVALID_ARGUMENT, () -> client.controller().deleteSnapshot(Csi.DeleteSnapshotRequest.getDefaultInstance()));
        }
    }

    @Test
    void createVolumeFromSnapshot() {
        assumeController(Type.CREATE_DELETE_SNAPSHOT);
        try (Cleanup cleanup = new Cleanup()) {
            Csi.Volume source = cleanup.volume(client.controller().createVolume(createRequest(uniqueName("snapsrc")).build()).getVolume());
            Csi.Snapshot snapshot = createReadySnapshot(cleanup, uniqueName("snap"), source.getVolumeId());
            Csi.Volume restored = cleanup.volume(client.controller().createVolume(fromSnapshot(uniqueName("restored"), snapshot)).getVolume());
            assertFalse(restored.getVolumeId().isEmpty(), "CreateVolume from a snapshot: volume_id is empty");
            assertTrue(restored.getCapacityBytes() == 0 || restored.getCapacityBytes() >= volumeSize(),
                    "CreateVolume from a snapshot: capacity below required_bytes");
            if (restored.hasContentSource()) {
                assertEquals(snapshot.getSnapshotId(), restored.getContentSource().getSnapshot().getSnapshotId(),
                        "CreateVolume from a snapshot: content_source names another snapshot");
            }
        }
    }

    // ---- ListVolumes

    @Test
    void listVolumesPaginatesOverAllVolumes() {
        assumeController(Type.LIST_VOLUMES);
        try (Cleanup cleanup = new Cleanup()) {
            Set<String> created = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                created.add(cleanup.volume(client.controller().createVolume(createRequest(uniqueName("list")).build()).getVolume())
                        .getVolumeId());
            }
            List<String> listed = new ArrayList<>();
            String token = "";
            int pages = 0;
            do {
                Csi.ListVolumesResponse page = client.controller().listVolumes(
                        Csi.ListVolumesRequest.newBuilder().setMaxEntries(2).setStartingToken(token).build());
                assertTrue(page.getEntriesCount() <= 2, "ListVolumes with max_entries=2 returned " + page.getEntriesCount());
                page.getEntriesList().forEach(entry -> listed.add(entry.getVolume().getVolumeId()));
                token = page.getNextToken();
                assertTrue(++pages <= 10_000, "ListVolumes: the listing does not end");
            } while (!token.isEmpty());
            assertTrue(listed.containsAll(created), "ListVolumes pages " + listed + " miss some of " + created);
            assertEquals(new HashSet<>(listed).size(), listed.size(), "ListVolumes pages repeat entries: " + listed);
        }
    }

    @Test
    void listVolumesWithGarbageTokenIsAborted() {
        assumeController(Type.LIST_VOLUMES);
        for (String token : List.of("conformance-garbage-token", backendName() + ":conformance-garbage-token")) {
            expect(Status.Code.ABORTED, () -> client.controller().listVolumes(
                    Csi.ListVolumesRequest.newBuilder().setStartingToken(token).build()));
        }
    }

    // ---- node

    @Test
    void nodePublishLifecycle() throws Exception {
        assumeNodeCanMount();
        assumeFilesystem();
        try (Cleanup cleanup = new Cleanup()) {
            Csi.Volume volume = cleanup.volume(client.controller().createVolume(createRequest(uniqueName("node")).build()).getVolume());
            Map<String, String> publishContext = controllerPublish(cleanup, volume);
            Optional<Path> staging = stage(cleanup, volume, publishContext);
            if (staging.isPresent()) {
                stageOnce(volume, publishContext, staging.get()); // NodeStageVolume again: idempotent
            }

            Path target = newTarget();
            Csi.NodePublishVolumeRequest publish = publishRequest(volume, publishContext, staging, target, false);
            nodePublish(cleanup, publish);
            assertTrue(Mounts.isMountPoint(target), "NodePublishVolume: " + target + " is not a mount point");
            String content = "written through " + target + " at " + Instant.now();
            Files.writeString(target.resolve(DATA_FILE), content);
            nodePublish(cleanup, publish); // again, same arguments: idempotent

            if (nodeCapabilities.contains(Csi.NodeServiceCapability.RPC.Type.GET_VOLUME_STATS)) {
                Csi.NodeGetVolumeStatsResponse stats = client.node().nodeGetVolumeStats(Csi.NodeGetVolumeStatsRequest.newBuilder()
                        .setVolumeId(volume.getVolumeId())
                        .setVolumePath(target.toString())
                        .setStagingTargetPath(staging.map(Path::toString).orElse(""))
                        .build());
                Csi.VolumeUsage bytes = usage(stats, Csi.VolumeUsage.Unit.BYTES)
                        .orElseThrow(() -> new AssertionError("NodeGetVolumeStats has no BYTES usage: " + stats));
                assertTrue(bytes.getTotal() > 0, "NodeGetVolumeStats: BYTES total is " + bytes.getTotal());
                assertTrue(usage(stats, Csi.VolumeUsage.Unit.INODES).isPresent(),
                        "NodeGetVolumeStats: no INODES usage for a filesystem volume: " + stats);
            }

            nodeUnpublish(volume.getVolumeId(), target);
            nodeUnpublish(volume.getVolumeId(), target);
            assertFalse(Mounts.isMountPoint(target), "NodeUnpublishVolume: " + target + " is still a mount point");

            // The data is the volume's, not the mount's: a new publish sees it.
            Path second = newTarget();
            nodePublish(cleanup, publishRequest(volume, publishContext, staging, second, false));
            assertEquals(content, Files.readString(second.resolve(DATA_FILE)),
                    "a file written through one publish is not there after unpublish and publish again");
            nodeUnpublish(volume.getVolumeId(), second);
            assertFalse(Mounts.isMountPoint(second), "NodeUnpublishVolume: " + second + " is still a mount point");

            if (staging.isPresent()) {
                nodeUnstage(volume.getVolumeId(), staging.get());
                nodeUnstage(volume.getVolumeId(), staging.get());
                assertFalse(Mounts.isMountPoint(staging.get()), "NodeUnstageVolume: " + staging.get() + " is still a mount point");
            }
            controllerUnpublish(volume.getVolumeId());
        }
    }

    @Test
    void nodePublishReadonlyCannotBeWritten() throws Exception {
        assumeNodeCanMount();
        assumeFilesystem();
        try (Cleanup cleanup = new Cleanup()) {
            Csi.Volume volume = cleanup.volume(client.controller().createVolume(createRequest(uniqueName("readonly")).build()).getVolume());
            Map<String, String> publishContext = controllerPublish(cleanup, volume);
            Optional<Path> staging = stage(cleanup, volume, publishContext);
            Path target = newTarget();
            nodePublish(cleanup, publishRequest(volume, publishContext, staging, target, true));
            assertTrue(Mounts.isMountPoint(target), "NodePublishVolume: " + target + " is not a mount point");
            assertThrows(IOException.class, () -> Files.writeString(target.resolve(DATA_FILE), "must not be written"),
                    "a volume published read-only can be written");
            nodeUnpublish(volume.getVolumeId(), target);
            assertFalse(Mounts.isMountPoint(target), "NodeUnpublishVolume: " + target + " is still a mount point");
        }
    }

    @Test
    void snapshotAndCloneKeepData() throws Exception {
        assumeNodeCanMount();
        assumeFilesystem();
        boolean snapshots = controllerCapabilities.contains(Type.CREATE_DELETE_SNAPSHOT);
        boolean clones = controllerCapabilities.contains(Type.CLONE_VOLUME);
        assumeTrue(snapshots || clones, "the driver advertises neither CREATE_DELETE_SNAPSHOT nor CLONE_VOLUME");
        try (Cleanup cleanup = new Cleanup()) {
            Csi.Volume source = cleanup.volume(client.controller().createVolume(createRequest(uniqueName("datasrc")).build()).getVolume());
            String content = "source data " + Instant.now();
            withPublished(cleanup, source, false, target -> Files.writeString(target.resolve(DATA_FILE), content));
            List<Csi.Volume> copies = new ArrayList<>();
            if (snapshots) {
                Csi.Snapshot snapshot = createReadySnapshot(cleanup, uniqueName("datasnap"), source.getVolumeId());
                copies.add(cleanup.volume(client.controller().createVolume(fromSnapshot(uniqueName("restored"), snapshot)).getVolume()));
            }
            if (clones) {
                copies.add(cleanup.volume(client.controller().createVolume(createRequest(uniqueName("clone"))
                        .setVolumeContentSource(Csi.VolumeContentSource.newBuilder()
                                .setVolume(Csi.VolumeContentSource.VolumeSource.newBuilder().setVolumeId(source.getVolumeId())))
                        .build()).getVolume()));
            }
            for (Csi.Volume copy : copies) {
                withPublished(cleanup, copy, false, target -> assertEquals(content, Files.readString(target.resolve(DATA_FILE)),
                        "volume " + copy.getVolumeId() + " made from " + source.getVolumeId() + " lacks its data"));
            }
        }
    }

    @Test
    void blockVolumeKeepsItsBytesAcrossPublishes() throws Exception {
        assumeTrue(capability().hasBlock(), "the suite's capability is a filesystem; this test is for raw block volumes");
        assumeNodeCanMount();
        byte[] written = new byte[4096];
        ThreadLocalRandom.current().nextBytes(written);
        long offset = 1L << 20;
        try (Cleanup cleanup = new Cleanup()) {
            Csi.Volume volume = cleanup.volume(client.controller().createVolume(createRequest(uniqueName("block")).build()).getVolume());
            Map<String, String> publishContext = controllerPublish(cleanup, volume);
            Optional<Path> staging = stage(cleanup, volume, publishContext);
            Path target = newTarget();
            nodePublish(cleanup, publishRequest(volume, publishContext, staging, target, false));
            assertTrue(Files.exists(target) && !Files.isDirectory(target), "NodePublishVolume: block target " + target + " is not a file");
            assertTrue(Mounts.isMountPoint(target), "NodePublishVolume: " + target + " is not a mount point");
            try (var channel = java.nio.channels.FileChannel.open(target, java.nio.file.StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(written), offset);
                channel.force(true);
            }
            if (nodeCapabilities.contains(Csi.NodeServiceCapability.RPC.Type.GET_VOLUME_STATS)) {
                Csi.NodeGetVolumeStatsResponse stats = client.node().nodeGetVolumeStats(Csi.NodeGetVolumeStatsRequest.newBuilder()
                        .setVolumeId(volume.getVolumeId()).setVolumePath(target.toString())
                        .setStagingTargetPath(staging.map(Path::toString).orElse("")).build());
                Csi.VolumeUsage bytes = usage(stats, Csi.VolumeUsage.Unit.BYTES)
                        .orElseThrow(() -> new AssertionError("NodeGetVolumeStats has no BYTES usage for a block volume: " + stats));
                assertTrue(bytes.getTotal() >= volumeSize(), "NodeGetVolumeStats: block size " + bytes.getTotal() + " < " + volumeSize());
            }
            nodeUnpublish(volume.getVolumeId(), target);
            nodeUnpublish(volume.getVolumeId(), target);
            assertFalse(Files.exists(target) && Mounts.isMountPoint(target), "NodeUnpublishVolume: " + target + " is still a mount point");

            Path second = newTarget();
            nodePublish(cleanup, publishRequest(volume, publishContext, staging, second, false));
            byte[] read = new byte[written.length];
            try (var channel = java.nio.channels.FileChannel.open(second, java.nio.file.StandardOpenOption.READ)) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(read);
                while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
                    // read until full
                }
            }
            assertTrue(java.util.Arrays.equals(written, read), "bytes written through one block publish differ through the next");
            nodeUnpublish(volume.getVolumeId(), second);
            if (staging.isPresent()) {
                nodeUnstage(volume.getVolumeId(), staging.get());
            }
            controllerUnpublish(volume.getVolumeId());
        }
    }

    @Test
    void expandingAPublishedVolumeGrowsItsFilesystem() throws Exception {
        assumeNodeCanMount();
        assumeFilesystem();
        assumeController(Type.EXPAND_VOLUME);
        Optional<String> unsupported = onlineExpansionUnsupportedReason();
        assumeTrue(unsupported.isEmpty(), () -> unsupported.orElse(""));
        try (Cleanup cleanup = new Cleanup()) {
            Csi.Volume volume = cleanup.volume(client.controller().createVolume(createRequest(uniqueName("grow")).build()).getVolume());
            Map<String, String> publishContext = controllerPublish(cleanup, volume);
            Optional<Path> staging = stage(cleanup, volume, publishContext);
            Path target = newTarget();
            nodePublish(cleanup, publishRequest(volume, publishContext, staging, target, false));
            String content = "kept across expansion " + Instant.now();
            Files.writeString(target.resolve(DATA_FILE), content);
            long before = Files.getFileStore(target).getTotalSpace();

            long wanted = 2 * volumeSize();
            Csi.ControllerExpandVolumeResponse expanded = client.controller().controllerExpandVolume(
                    Csi.ControllerExpandVolumeRequest.newBuilder()
                            .setVolumeId(volume.getVolumeId())
                            .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(wanted))
                            .setVolumeCapability(capability())
                            .build());
            assertTrue(expanded.getCapacityBytes() >= wanted, "ControllerExpandVolume: " + expanded.getCapacityBytes() + " < " + wanted);
            if (expanded.getNodeExpansionRequired()) {
                assumeNode(Csi.NodeServiceCapability.RPC.Type.EXPAND_VOLUME);
                Csi.NodeExpandVolumeResponse grown = client.node().nodeExpandVolume(Csi.NodeExpandVolumeRequest.newBuilder()
                        .setVolumeId(volume.getVolumeId())
                        .setVolumePath(target.toString())
                        .setStagingTargetPath(staging.map(Path::toString).orElse(""))
                        .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(wanted))
                        .setVolumeCapability(capability())
                        .build());
                assertTrue(grown.getCapacityBytes() == 0 || grown.getCapacityBytes() >= wanted,
                        "NodeExpandVolume: " + grown.getCapacityBytes() + " < " + wanted);
            }
            if (filesystemSizeFollowsCapacity()) {
                long after = Files.getFileStore(target).getTotalSpace();
                assertTrue(after > before + volumeSize() / 2, "the filesystem did not grow: " + before + " -> " + after + " bytes");
            }
            assertEquals(content, Files.readString(target.resolve(DATA_FILE)), "a file written before expansion is gone");
            nodeUnpublish(volume.getVolumeId(), target);
            if (staging.isPresent()) {
                nodeUnstage(volume.getVolumeId(), staging.get());
            }
            controllerUnpublish(volume.getVolumeId());
        }
    }

    @Test
    void nodePublishWithRelativeTargetIsInvalid() {
        try (Cleanup cleanup = new Cleanup()) {
            Csi.Volume volume = cleanup.volume(client.controller().createVolume(createRequest(uniqueName("relative")).build()).getVolume());
            StatusRuntimeException e = expect(Status.Code.INVALID_ARGUMENT, () -> client.node().nodePublishVolume(
                    Csi.NodePublishVolumeRequest.newBuilder()
                            .setVolumeId(volume.getVolumeId())
                            .setTargetPath("relative/target")
                            .setStagingTargetPath(stagingDir.resolve("unused").toString())
                            .setVolumeCapability(capability())
                            .putAllVolumeContext(volume.getVolumeContextMap())
                            .build()));
            assertDescriptionMentions(e, "target_path");
        }
    }

    @Test
    void nodeGetVolumeStatsForUnknownVolumeIsNotFound() throws IOException {
        assumeNode(Csi.NodeServiceCapability.RPC.Type.GET_VOLUME_STATS);
        Path path = Files.createDirectories(podsDir.resolve(uniqueName("stats")));
        expect(Status.Code.NOT_FOUND, () -> client.node().nodeGetVolumeStats(Csi.NodeGetVolumeStatsRequest.newBuilder()
                .setVolumeId(backendName() + ":does-not-exist")
                .setVolumePath(path.toString())
                .build()));
    }

    @Test
    void nodeGetVolumeStatsForPathNotPublishedIsNotFound() throws IOException {
        assumeNode(Csi.NodeServiceCapability.RPC.Type.GET_VOLUME_STATS);
        try (Cleanup cleanup = new Cleanup()) {
            Csi.Volume volume = cleanup.volume(client.controller().createVolume(createRequest(uniqueName("stats")).build()).getVolume());
            Path path = Files.createDirectories(podsDir.resolve(uniqueName("notpublished")));
            expect(Status.Code.NOT_FOUND, () -> client.node().nodeGetVolumeStats(Csi.NodeGetVolumeStatsRequest.newBuilder()
                    .setVolumeId(volume.getVolumeId())
                    .setVolumePath(path.toString())
                    .build()));
        }
    }

    @Test
    void nodeGetVolumeStatsAtARelativeOrMissingPathIsNotFound() {
        assumeNode(Csi.NodeServiceCapability.RPC.Type.GET_VOLUME_STATS);
        try (Cleanup cleanup = new Cleanup()) {
            Csi.Volume volume = cleanup.volume(client.controller().createVolume(createRequest(uniqueName("stats")).build()).getVolume());
            for (String path : List.of("pods/" + uniqueName("relative") + "/mount",
                    podsDir.resolve(uniqueName("missing")).resolve("mount").toString())) {
                StatusRuntimeException e = expect(Status.Code.NOT_FOUND, () -> client.node().nodeGetVolumeStats(
                        Csi.NodeGetVolumeStatsRequest.newBuilder().setVolumeId(volume.getVolumeId()).setVolumePath(path).build()));
                assertDescriptionMentions(e, path);
            }
        }
    }

    @Test
    void nodeExpandVolumeWhereNothingIsPublishedIsNotFound() throws IOException {
        assumeNode(Csi.NodeServiceCapability.RPC.Type.EXPAND_VOLUME);
        try (Cleanup cleanup = new Cleanup()) {
            Csi.Volume volume = cleanup.volume(client.controller().createVolume(createRequest(uniqueName("nodeexpand")).build()).getVolume());
            Path unpublished = Files.createDirectories(podsDir.resolve(uniqueName("notpublished")).resolve("mount"));
            for (String path : List.of(unpublished.toString(), "pods/" + uniqueName("relative") + "/mount",
                    podsDir.resolve(uniqueName("missing")).resolve("mount").toString())) {
                StatusRuntimeException e = expect(Status.Code.NOT_FOUND, () -> client.node().nodeExpandVolume(
                        Csi.NodeExpandVolumeRequest.newBuilder()
                                .setVolumeId(volume.getVolumeId())
                                .setVolumePath(path)
                                .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(2 * volumeSize()))
                                .setVolumeCapability(capability())
                                .build()));
                assertDescriptionMentions(e, path);
            }
        }
    }

    @Test
    void theDriverCreatesAndRemovesTheTargetAndLeavesTheStagingPathToTheCo() throws Exception {
        assumeNodeCanMount();
        try (Cleanup cleanup = new Cleanup()) {
            Csi.Volume volume = cleanup.volume(client.controller().createVolume(createRequest(uniqueName("paths")).build()).getVolume());
            Map<String, String> publishContext = controllerPublish(cleanup, volume);
            Optional<Path> staging = Optional.empty();
            if (nodeCapabilities.contains(Csi.NodeServiceCapability.RPC.Type.STAGE_UNSTAGE_VOLUME)) {
                // Not made by the test: the driver makes a staging path that is missing.
                Path path = stagingDir.resolve(uniqueName("stage")).resolve("globalmount");
                cleanup.staged(volume.getVolumeId(), path);
                stageOnce(volume, publishContext, path);
                assertTrue(Files.isDirectory(path), "NodeStageVolume: the staging path " + path + " is not a directory");
                staging = Optional.of(path);
            }
            Path target = newTarget();
            nodePublish(cleanup, publishRequest(volume, publishContext, staging, target, false));
            if (capability().hasBlock()) {
                // The empty file the driver made, with the device bound onto it.
                int type = (int) Files.getAttribute(target, "unix:mode") & S_IFMT;
                assertEquals(S_IFBLK, type, "NodePublishVolume: the raw block target " + target + " is not a block device");
            } else {
                assertTrue(Files.isDirectory(target), "NodePublishVolume: the target " + target + " is not a directory");
            }
            assertTrue(Mounts.isMountPoint(target), "NodePublishVolume: " + target + " is not a mount point");

            nodeUnpublish(volume.getVolumeId(), target);
            assertFalse(Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS), "NodeUnpublishVolume left " + target + " behind");
            assertTrue(Files.isDirectory(target.getParent()), "NodeUnpublishVolume removed the CO's directory " + target.getParent());
            nodeUnpublish(volume.getVolumeId(), target);

            if (staging.isPresent()) {
                nodeUnstage(volume.getVolumeId(), staging.get());
                assertTrue(Files.isDirectory(staging.get()), "NodeUnstageVolume removed the staging path " + staging.get()
                        + ", which belongs to the CO");
                assertFalse(Mounts.isMountPoint(staging.get()), "NodeUnstageVolume: " + staging.get() + " is still a mount point");
            }
            controllerUnpublish(volume.getVolumeId());
        }
    }

    @Test
    void nodeUnpublishKeepsATargetHoldingDataThatIsNotOnTheVolume() throws Exception {
        assumeNodeCanMount();
        try (Cleanup cleanup = new Cleanup()) {
            Csi.Volume volume = cleanup.volume(client.controller().createVolume(createRequest(uniqueName("stray")).build()).getVolume());
            Map<String, String> publishContext = controllerPublish(cleanup, volume);
            Optional<Path> staging = stage(cleanup, volume, publishContext);
            Path target = newTarget();
            nodePublish(cleanup, publishRequest(volume, publishContext, staging, target, false));
            nodeUnpublish(volume.getVolumeId(), target);

            // Written at the target while nothing was mounted there, e.g. by a pod whose volume had gone.
            String stray = "not on the volume " + Instant.now();
            Path strayFile;
            if (capability().hasBlock()) {
                strayFile = Files.writeString(target, stray);
            } else {
                strayFile = Files.writeString(Files.createDirectories(target).resolve("stray.txt"), stray);
            }
            try {
                StatusRuntimeException e = expect(Status.Code.FAILED_PRECONDITION, () -> client.node().nodeUnpublishVolume(
                        Csi.NodeUnpublishVolumeRequest.newBuilder()
                                .setVolumeId(volume.getVolumeId()).setTargetPath(target.toString()).build()));
                assertDescriptionMentions(e, target.toString());
                assertEquals(stray, Files.readString(strayFile), "NodeUnpublishVolume changed data that is not on the volume");
            } finally {
                Files.deleteIfExists(strayFile);
            }
            nodeUnpublish(volume.getVolumeId(), target);
            assertFalse(Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS),
                    "NodeUnpublishVolume left " + target + " behind once it was empty");
            if (staging.isPresent()) {
                nodeUnstage(volume.getVolumeId(), staging.get());
            }
            controllerUnpublish(volume.getVolumeId());
        }
    }

    @Test
    void nodeUnpublishOfUnknownBackendOnMissingPathSucceeds() {
        Path missing = podsDir.resolve(uniqueName("gone")).resolve("mount");
        nodeUnpublish("conformance-no-such-backend:vol-1", missing);
        assertFalse(Files.exists(missing));
    }

    // ---- concurrency

    @Test
    void concurrentCreateVolumeWithOneNameMakesOneVolume() throws Exception {
        try (Cleanup cleanup = new Cleanup(); ExecutorService pool = Executors.newFixedThreadPool(2)) {
            String name = uniqueName("race");
            CyclicBarrier start = new CyclicBarrier(2);
            List<Future<Csi.Volume>> calls = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                calls.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return createRetryingAborted(name, cleanup);
                }));
            }
            Set<String> ids = new HashSet<>();
            for (Future<Csi.Volume> call : calls) {
                ids.add(call.get(5, TimeUnit.MINUTES).getVolumeId());
            }
            assertEquals(1, ids.size(), "two CreateVolume calls with one name made different volumes: " + ids);
        }
    }

    /** CreateVolume, retried while it is ABORTED (an operation for the name is in progress); any other error fails. */
    private Csi.Volume createRetryingAborted(String name, Cleanup cleanup) throws InterruptedException {
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            try {
                return cleanup.volume(client.controller().createVolume(createRequest(name).build()).getVolume());
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.ABORTED) {
                    throw new AssertionError("concurrent CreateVolume: expected OK or ABORTED, got " + e.getStatus(), e);
                }
                if (Instant.now().isAfter(giveUp)) {
                    throw new AssertionError("concurrent CreateVolume: still ABORTED after 3 minutes", e);
                }
                Thread.sleep(100);
            }
        }
    }

    // ---- helpers

    /** A name for a volume or snapshot that no other test (or run) uses. */
    protected static String uniqueName(String purpose) {
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        return "conformance-" + purpose + "-" + HexFormat.of().formatHex(random);
    }

    /** A CreateVolume for {@code name} with the suite's parameters, capability, size and this node's topology. */
    protected Csi.CreateVolumeRequest.Builder createRequest(String name) {
        Csi.CreateVolumeRequest.Builder request = Csi.CreateVolumeRequest.newBuilder()
                .setName(name)
                .addVolumeCapabilities(capability())
                .putAllParameters(storageClassParameters())
                .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(volumeSize()));
        if (nodeInfo != null && nodeInfo.hasAccessibleTopology() && nodeInfo.getAccessibleTopology().getSegmentsCount() > 0) {
            // As the external-provisioner does for a pod on this node: volumes must be usable here.
            request.setAccessibilityRequirements(Csi.TopologyRequirement.newBuilder()
                    .addRequisite(nodeInfo.getAccessibleTopology())
                    .addPreferred(nodeInfo.getAccessibleTopology()));
        }
        return request;
    }

    private Csi.CreateVolumeRequest fromSnapshot(String name, Csi.Snapshot snapshot) {
        return createRequest(name)
                .setVolumeContentSource(Csi.VolumeContentSource.newBuilder()
                        .setSnapshot(Csi.VolumeContentSource.SnapshotSource.newBuilder().setSnapshotId(snapshot.getSnapshotId())))
                .build();
    }

    private Csi.Snapshot createSnapshot(String name, String sourceVolumeId) {
        return client.controller().createSnapshot(Csi.CreateSnapshotRequest.newBuilder()
                .setName(name)
                .setSourceVolumeId(sourceVolumeId)
                .build()).getSnapshot();
    }

    /** CreateSnapshot, then again (it is idempotent) until the snapshot is ready to use, as the snapshotter does. */
    private Csi.Snapshot createReadySnapshot(Cleanup cleanup, String name, String sourceVolumeId) {
        Instant giveUp = Instant.now().plus(snapshotReadyTimeout());
        Csi.Snapshot snapshot = cleanup.snapshot(createSnapshot(name, sourceVolumeId));
        while (!snapshot.getReadyToUse()) {
            if (Instant.now().isAfter(giveUp)) {
                fail("snapshot " + snapshot.getSnapshotId() + " not ready to use within " + snapshotReadyTimeout());
            }
            sleep(Duration.ofSeconds(2));
            snapshot = createSnapshot(name, sourceVolumeId);
        }
        return snapshot;
    }

    private void deleteVolume(String id) {
        assertDoesNotThrow(() -> client.controller().deleteVolume(Csi.DeleteVolumeRequest.newBuilder().setVolumeId(id).build()),
                "DeleteVolume " + id);
    }

    private void deleteSnapshot(String id) {
        assertDoesNotThrow(() -> client.controller().deleteSnapshot(Csi.DeleteSnapshotRequest.newBuilder().setSnapshotId(id).build()),
                "DeleteSnapshot " + id);
    }

    /** The id of a volume this test created and deleted: well-formed for the backend, and known not to exist. */
    private String deletedVolumeId(Cleanup cleanup) {
        Csi.Volume volume = cleanup.volume(client.controller().createVolume(createRequest(uniqueName("deleted")).build()).getVolume());
        deleteVolume(volume.getVolumeId());
        return volume.getVolumeId();
    }

    /** ControllerPublishVolume to this node; OK even for a backend without attach. Returns the publish context. */
    private Map<String, String> controllerPublish(Cleanup cleanup, Csi.Volume volume) {
        cleanup.controllerPublished(volume.getVolumeId());
        return controllerPublish(volume, capability(), false);
    }

    private Map<String, String> controllerPublish(Csi.Volume volume, Csi.VolumeCapability capability, boolean readonly) {
        return client.controller().controllerPublishVolume(
                controllerPublishRequest(volume.getVolumeId(), volume.getVolumeContextMap(), capability, readonly)).getPublishContextMap();
    }

    private Csi.ControllerPublishVolumeRequest controllerPublishRequest(String volumeId, Map<String, String> volumeContext,
            Csi.VolumeCapability capability, boolean readonly) {
        return Csi.ControllerPublishVolumeRequest.newBuilder()
                .setVolumeId(volumeId)
                .setNodeId(nodeInfo.getNodeId())
                .setVolumeCapability(capability)
                .setReadonly(readonly)
                .putAllVolumeContext(volumeContext)
                .build();
    }

    private void controllerUnpublish(String volumeId) {
        assertDoesNotThrow(() -> client.controller().controllerUnpublishVolume(Csi.ControllerUnpublishVolumeRequest.newBuilder()
                .setVolumeId(volumeId)
                .setNodeId(nodeInfo.getNodeId())
                .build()), "ControllerUnpublishVolume " + volumeId);
    }

    /** NodeStageVolume when the driver advertises staging (even if this backend ignores it), as the kubelet does. */
    private Optional<Path> stage(Cleanup cleanup, Csi.Volume volume, Map<String, String> publishContext) throws IOException {
        if (!nodeCapabilities.contains(Csi.NodeServiceCapability.RPC.Type.STAGE_UNSTAGE_VOLUME)) {
            return Optional.empty();
        }
        // The kubelet creates the staging directory itself.
        Path staging = Files.createDirectories(stagingDir.resolve(uniqueName("stage")));
        cleanup.staged(volume.getVolumeId(), staging);
        stageOnce(volume, publishContext, staging);
        return Optional.of(staging);
    }

    private void stageOnce(Csi.Volume volume, Map<String, String> publishContext, Path staging) {
        client.node().nodeStageVolume(Csi.NodeStageVolumeRequest.newBuilder()
                .setVolumeId(volume.getVolumeId())
                .setStagingTargetPath(staging.toString())
                .setVolumeCapability(capability())
                .putAllPublishContext(publishContext)
                .putAllVolumeContext(volume.getVolumeContextMap())
                .build());
    }

    private void nodeUnstage(String volumeId, Path staging) {
        assertDoesNotThrow(() -> client.node().nodeUnstageVolume(Csi.NodeUnstageVolumeRequest.newBuilder()
                .setVolumeId(volumeId).setStagingTargetPath(staging.toString()).build()), "NodeUnstageVolume " + volumeId);
    }

    /** A target path as the kubelet hands it over for a mount volume: its parent exists, the target does not. */
    private Path newTarget() throws IOException {
        Path parent = Files.createDirectories(podsDir.resolve(uniqueName("pod")));
        return parent.resolve("mount");
    }

    private Csi.NodePublishVolumeRequest publishRequest(Csi.Volume volume, Map<String, String> publishContext,
            Optional<Path> staging, Path target, boolean readonly) {
        return Csi.NodePublishVolumeRequest.newBuilder()
                .setVolumeId(volume.getVolumeId())
                .putAllPublishContext(publishContext)
                .setStagingTargetPath(staging.map(Path::toString).orElse(""))
                .setTargetPath(target.toString())
                .setVolumeCapability(capability())
                .setReadonly(readonly)
                .putAllVolumeContext(volume.getVolumeContextMap())
                .build();
    }

    private void nodePublish(Cleanup cleanup, Csi.NodePublishVolumeRequest request) {
        cleanup.published(request.getVolumeId(), Path.of(request.getTargetPath()));
        client.node().nodePublishVolume(request);
    }

    private void nodeUnpublish(String volumeId, Path target) {
        assertDoesNotThrow(() -> client.node().nodeUnpublishVolume(Csi.NodeUnpublishVolumeRequest.newBuilder()
                .setVolumeId(volumeId).setTargetPath(target.toString()).build()), "NodeUnpublishVolume " + volumeId);
    }

    private interface PathAction {
        void run(Path target) throws Exception;
    }

    /** Publishes the volume (staging it first where the driver stages), runs {@code action} on the target, undoes it all. */
    private void withPublished(Cleanup cleanup, Csi.Volume volume, boolean readonly, PathAction action) throws Exception {
        Map<String, String> publishContext = controllerPublish(cleanup, volume);
        Optional<Path> staging = stage(cleanup, volume, publishContext);
        Path target = newTarget();
        nodePublish(cleanup, publishRequest(volume, publishContext, staging, target, readonly));
        try {
            action.run(target);
        } finally {
            nodeUnpublish(volume.getVolumeId(), target);
            if (staging.isPresent()) {
                nodeUnstage(volume.getVolumeId(), staging.get());
            }
            controllerUnpublish(volume.getVolumeId());
        }
    }

    private static Optional<Csi.VolumeUsage> usage(Csi.NodeGetVolumeStatsResponse stats, Csi.VolumeUsage.Unit unit) {
        return stats.getUsageList().stream().filter(u -> u.getUnit() == unit).findFirst();
    }

    private static List<String> snapshotIds(List<Csi.ListSnapshotsResponse.Entry> entries) {
        return entries.stream().map(e -> e.getSnapshot().getSnapshotId()).toList();
    }

    private void assumeController(Type capability) {
        assumeTrue(controllerCapabilities.contains(capability),
                "the driver does not advertise the controller capability " + capability);
    }

    private void assumeNode(Csi.NodeServiceCapability.RPC.Type capability) {
        assumeTrue(nodeCapabilities.contains(capability), "the driver does not advertise the node capability " + capability);
    }

    private void assumeNodeCanMount() {
        assumeTrue(!needsRoot() || Mounts.isRoot(),
                "node operations of this backend mount, which needs root; run the tests as root to include them");
        HostRequirements.assumeTools(nodeTools());
    }

    private void assumeFilesystem() {
        assumeTrue(capability().hasMount(), "the suite's capability is a block volume; the file tests need a filesystem");
    }

    /** The call must fail with {@code code}; returns the failure for further checks. */
    protected static StatusRuntimeException expect(Status.Code code, Supplier<?> call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::get, "expected " + code);
        assertEquals(code, e.getStatus().getCode(), "expected " + code + ", got " + e.getStatus());
        return e;
    }

    private static void assertDescriptionMentions(StatusRuntimeException e, String text) {
        String description = e.getStatus().getDescription();
        assertTrue(description != null && description.contains(text),
                "the error should mention '" + text + "': " + e.getStatus());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * What a test made, undone in reverse: node unpublish and unstage, controller unpublish,
     * anything still mounted by the test, then snapshots, then volumes. Failures of the undoing
     * fail the test (with the test's own failure first, if there is one).
     */
    protected final class Cleanup implements AutoCloseable {
        private final Deque<String> volumes = new ArrayDeque<>();
        private final Deque<String> snapshots = new ArrayDeque<>();
        private final Deque<Map.Entry<String, Path>> published = new ArrayDeque<>();
        private final Deque<Map.Entry<String, Path>> staged = new ArrayDeque<>();
        private final Set<String> controllerPublished = new HashSet<>();

        public synchronized Csi.Volume volume(Csi.Volume volume) {
            if (!volume.getVolumeId().isEmpty() && !volumes.contains(volume.getVolumeId())) {
                volumes.push(volume.getVolumeId());
            }
            return volume;
        }

        public synchronized Csi.Snapshot snapshot(Csi.Snapshot snapshot) {
            if (!snapshot.getSnapshotId().isEmpty() && !snapshots.contains(snapshot.getSnapshotId())) {
                snapshots.push(snapshot.getSnapshotId());
            }
            return snapshot;
        }

        synchronized void published(String volumeId, Path target) {
            published.push(Map.entry(volumeId, target));
        }

        synchronized void staged(String volumeId, Path staging) {
            staged.push(Map.entry(volumeId, staging));
        }

        synchronized void controllerPublished(String volumeId) {
            controllerPublished.add(volumeId);
        }

        @Override
        public synchronized void close() {
            List<String> problems = new ArrayList<>();
            Map<String, Path> seen = new HashMap<>();
            for (Map.Entry<String, Path> publish : published) {
                if (seen.put(publish.getKey() + "@" + publish.getValue(), publish.getValue()) == null) {
                    attempt(problems, "NodeUnpublishVolume " + publish, () -> client.node().nodeUnpublishVolume(
                            Csi.NodeUnpublishVolumeRequest.newBuilder()
                                    .setVolumeId(publish.getKey()).setTargetPath(publish.getValue().toString()).build()));
                }
            }
            for (Map.Entry<String, Path> stage : staged) {
                attempt(problems, "NodeUnstageVolume " + stage, () -> client.node().nodeUnstageVolume(
                        Csi.NodeUnstageVolumeRequest.newBuilder()
                                .setVolumeId(stage.getKey()).setStagingTargetPath(stage.getValue().toString()).build()));
            }
            for (String volumeId : controllerPublished) {
                attempt(problems, "ControllerUnpublishVolume " + volumeId, () -> client.controller().controllerUnpublishVolume(
                        Csi.ControllerUnpublishVolumeRequest.newBuilder().setVolumeId(volumeId).setNodeId(nodeInfo.getNodeId()).build()));
            }
            problems.addAll(Mounts.unmountAllUnder(podsDir));
            problems.addAll(Mounts.unmountAllUnder(stagingDir));
            for (String snapshotId : snapshots) {
                attempt(problems, "DeleteSnapshot " + snapshotId, () -> client.controller().deleteSnapshot(
                        Csi.DeleteSnapshotRequest.newBuilder().setSnapshotId(snapshotId).build()));
            }
            for (String volumeId : volumes) {
                attempt(problems, "DeleteVolume " + volumeId, () -> client.controller().deleteVolume(
                        Csi.DeleteVolumeRequest.newBuilder().setVolumeId(volumeId).build()));
            }
            if (!problems.isEmpty()) {
                throw new AssertionError("cleaning up after the test failed: " + problems);
            }
        }

        private static void attempt(List<String> problems, String what, Runnable action) {
            try {
                action.run();
            } catch (RuntimeException e) {
                problems.add(what + ": " + e);
            }
        }
    }
}
