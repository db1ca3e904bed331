package dev.polycsi.core.csi;

import static dev.polycsi.core.csi.InProcessDriver.description;
import static dev.polycsi.core.csi.InProcessDriver.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import csi.v1.Csi;
import dev.polycsi.spi.BackendCapabilities.ControllerFeature;
import dev.polycsi.spi.CsiException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Controller service over gRPC with two test backends: validation, routing, error mapping, serialisation. */
class ControllerServiceTest {

    @TempDir
    Path dir;

    /** Everything, attach included. */
    FakeBackend alpha;
    /** Create and delete, and listing; no attach, snapshots or expansion. */
    FakeBackend beta;
    InProcessDriver driver;

    @BeforeEach
    void start() throws Exception {
        alpha = new FakeBackend("alpha", FakeBackend.FULL);
        beta = new FakeBackend("beta", FakeBackend.capabilities(
                EnumSet.of(ControllerFeature.CREATE_DELETE_VOLUME, ControllerFeature.LIST_VOLUMES), Set.of()));
        driver = InProcessDriver.start(dir, alpha, beta);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    static Csi.VolumeCapability mount(Csi.VolumeCapability.AccessMode.Mode mode) {
        return Csi.VolumeCapability.newBuilder()
                .setMount(Csi.VolumeCapability.MountVolume.getDefaultInstance())
                .setAccessMode(Csi.VolumeCapability.AccessMode.newBuilder().setMode(mode))
                .build();
    }

    static final Csi.VolumeCapability RWO = mount(Csi.VolumeCapability.AccessMode.Mode.SINGLE_NODE_WRITER);

    static Csi.CreateVolumeRequest.Builder create(String name, String backend) {
        return Csi.CreateVolumeRequest.newBuilder()
                .setName(name)
                .addVolumeCapabilities(RWO)
                .putParameters("backend", backend);
    }

    Csi.Volume createOk(String name, String backend) {
        return driver.client.controller().createVolume(create(name, backend).build()).getVolume();
    }

    /**
     * Found by the hostile-input campaign: an error that echoed a megabyte of the request went out
     * whole in the trailers, which the client refused with an HTTP/2 error (INTERNAL) that failed
     * the other calls on its connection too.
     */
    @Test
    void anErrorThatEchoesAHugeValueIsCutToWhatAClientTakes() {
        String token = "alpha:" + "🙂".repeat(300_000);
        StatusRuntimeException aborted = expect(Status.Code.ABORTED, () -> driver.client.controller()
                .listVolumes(Csi.ListVolumesRequest.newBuilder().setStartingToken("nosuch:" + token).build()));
        String description = description(aborted);
        assertTrue(description.startsWith("starting_token 'nosuch:alpha:🙂🙂") && description.endsWith(" more characters)"), description);
        assertTrue(description.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= Rpc.MAX_DESCRIPTION_BYTES, description);
        expect(Status.Code.INVALID_ARGUMENT, () -> driver.client.controller().createVolume(create("pvc-huge", "x".repeat(1 << 20)).build()));
        assertEquals("pvc-ok", createOk("pvc-ok", "alpha").getVolumeId().substring("alpha:vol-".length()), "the connection serves on");
        assertEquals("short", Rpc.bounded("short"));
    }

    // ---- routing

    @Test
    void createVolumeGoesToTheBackendNamedInTheParameters() {
        Csi.Volume volume = createOk("pvc-1", "beta");
        assertEquals("beta:vol-pvc-1", volume.getVolumeId());
        assertEquals(List.of("createVolume pvc-1"), beta.callsStartingWith("createVolume"));
        assertTrue(alpha.callsStartingWith("createVolume").isEmpty());
        assertEquals("beta", volume.getVolumeContextMap().get("from"));
    }

    @Test
    void createVolumePassesParsedParametersAndTakesOutTheProvisionerMetadata() {
        driver.client.controller().createVolume(create("pvc-2", "alpha")
                .putParameters("colour", "GREEN")
                .putParameters(ControllerService.PVC_NAME, "data")
                .putParameters(ControllerService.PVC_NAMESPACE, "default")
                .putParameters(ControllerService.PV_NAME, "pv-2")
                .putSecrets("password", "hunter2")
                .build());
        var request = alpha.createRequests.getFirst();
        assertEquals("green", request.parameters().get(FakeBackend.COLOUR));
        assertEquals("data", request.metadata().pvcName());
        assertEquals("default", request.metadata().pvcNamespace());
        assertEquals("pv-2", request.metadata().pvName());
        assertEquals("hunter2", request.secrets().get("password").orElseThrow());
    }

    @Test
    void aStorageClassFsTypeFillsCapabilitiesThatNameNone() {
        driver.client.controller().createVolume(create("pvc-fs", "alpha")
                .putParameters(ControllerService.FS_TYPE, "xfs")
                .addVolumeCapabilities(Csi.VolumeCapability.newBuilder()
                        .setMount(Csi.VolumeCapability.MountVolume.newBuilder().setFsType("ext4"))
                        .setAccessMode(RWO.getAccessMode()))
                .build());
        var capabilities = alpha.createRequests.getFirst().capabilities();
        assertEquals("xfs", capabilities.get(0).fsType(), "an empty fs_type takes the parameter's");
        assertEquals("ext4", capabilities.get(1).fsType(), "a capability's own fs_type wins");
    }

    @Test
    void deleteVolumeGoesToTheBackendOfThePrefixWithItsOwnId() {
        beta.addVolume("vol-7");
        driver.client.controller().deleteVolume(Csi.DeleteVolumeRequest.newBuilder().setVolumeId("beta:vol-7").build());
        assertEquals(List.of("deleteVolume vol-7"), beta.callsStartingWith("deleteVolume"));
        assertTrue(alpha.callsStartingWith("deleteVolume").isEmpty());
    }

    @Test
    void idsKeepEverythingAfterTheFirstColon() {
        driver.client.controller().deleteVolume(Csi.DeleteVolumeRequest.newBuilder().setVolumeId("alpha:a:b::c").build());
        assertEquals(List.of("deleteVolume a:b::c"), alpha.callsStartingWith("deleteVolume"));
    }

    @Test
    void foreignHandleGoesUnchangedToTheBackendThatRecognisesIt() {
        beta.foreignHandles = handle -> handle.startsWith("fs-");
        driver.client.controller().deleteVolume(Csi.DeleteVolumeRequest.newBuilder().setVolumeId("fs-1234::fsap-5678").build());
        assertEquals(List.of("deleteVolume fs-1234::fsap-5678"), beta.callsStartingWith("deleteVolume"));
        assertTrue(alpha.callsStartingWith("deleteVolume").isEmpty());
    }

    /** A bare fs-… is an EFS and an FSx for Lustre ID alike: neither backend may take it on a guess. */
    @Test
    void foreignHandleThatTwoBackendsTakeIsRefusedNamingBothAndThePrefix() {
        alpha.foreignHandles = handle -> handle.startsWith("fs-");
        beta.foreignHandles = handle -> handle.startsWith("fs-");
        StatusRuntimeException e = expect(Status.Code.INVALID_ARGUMENT, () -> driver.client.controller()
                .deleteVolume(Csi.DeleteVolumeRequest.newBuilder().setVolumeId("fs-0123456789abcdef0").build()));
        assertTrue(description(e).contains("ambiguous") && description(e).contains("alpha") && description(e).contains("beta")
                && description(e).contains("'alpha:fs-0123456789abcdef0'"), description(e));
        assertTrue(alpha.callsStartingWith("deleteVolume").isEmpty() && beta.callsStartingWith("deleteVolume").isEmpty());

        driver.client.controller().deleteVolume(Csi.DeleteVolumeRequest.newBuilder().setVolumeId("beta:fs-0123456789abcdef0").build());
        assertEquals(List.of("deleteVolume fs-0123456789abcdef0"), beta.callsStartingWith("deleteVolume"));
    }

    @Test
    void deleteVolumeOfAnUnknownBackendOrMalformedHandleSucceedsWithoutCallingAnyBackend() {
        for (String id : List.of("gamma:vol-1", "no-prefix-at-all", ":vol-1", "alpha:")) {
            driver.client.controller().deleteVolume(Csi.DeleteVolumeRequest.newBuilder().setVolumeId(id).build());
        }
        assertTrue(alpha.callsStartingWith("deleteVolume").isEmpty(), alpha.calls::toString);
        assertTrue(beta.callsStartingWith("deleteVolume").isEmpty(), beta.calls::toString);
    }

    @Test
    void controllerGetCapabilitiesIsTheUnionOfTheBackends() {
        Set<String> advertised = driver.client.controller()
                .controllerGetCapabilities(Csi.ControllerGetCapabilitiesRequest.getDefaultInstance())
                .getCapabilitiesList().stream().map(c -> c.getRpc().getType().name()).collect(Collectors.toSet());
        Set<String> expected = EnumSet.allOf(ControllerFeature.class).stream().map(Enum::name).collect(Collectors.toSet());
        assertEquals(expected, advertised);
    }

    // ---- validation

    @Test
    void createVolumeWithoutNameIsInvalidArgumentNamingTheField() {
        StatusRuntimeException e = expect(Status.Code.INVALID_ARGUMENT,
                () -> driver.client.controller().createVolume(create("", "alpha").build()));
        assertTrue(description(e).contains("name"), description(e));
        assertTrue(alpha.calls.isEmpty(), alpha.calls::toString);
    }

    @Test
    void createVolumeWithNameOver128BytesIsInvalidArgument() {
        expect(Status.Code.INVALID_ARGUMENT, () -> driver.client.controller().createVolume(create("x".repeat(129), "alpha").build()));
        // 128 bytes is still fine; multi-byte characters count as bytes.
        createOk("x".repeat(124) + "é", "alpha");
        expect(Status.Code.INVALID_ARGUMENT, () -> driver.client.controller().createVolume(create("x".repeat(127) + "é", "alpha").build()));
    }

    @Test
    void createVolumeWithoutCapabilitiesIsInvalidArgumentNamingTheField() {
        StatusRuntimeException e = expect(Status.Code.INVALID_ARGUMENT,
                () -> driver.client.controller().createVolume(create("pvc", "alpha").clearVolumeCapabilities().build()));
        assertTrue(description(e).contains("volume_capabilities"), description(e));
    }

    @Test
    void createVolumeWithCapabilityLackingAccessModeOrTypeIsInvalidArgument() {
        expect(Status.Code.INVALID_ARGUMENT, () -> driver.client.controller().createVolume(create("pvc", "alpha")
                .setVolumeCapabilities(0, RWO.toBuilder().clearAccessMode()).build()));
        expect(Status.Code.INVALID_ARGUMENT, () -> driver.client.controller().createVolume(create("pvc", "alpha")
                .setVolumeCapabilities(0, RWO.toBuilder().clearMount()).build()));
    }

    @Test
    void createVolumeWithUnknownParameterNamesTheKey() {
        StatusRuntimeException e = expect(Status.Code.INVALID_ARGUMENT, () -> driver.client.controller()
                .createVolume(create("pvc", "alpha").putParameters("flavour", "vanilla").build()));
        assertTrue(description(e).contains("flavour"), description(e));
        assertTrue(alpha.callsStartingWith("createVolume").isEmpty());
    }

    @Test
    void createVolumeWithBadParameterValueNamesTheKey() {
        StatusRuntimeException e = expect(Status.Code.INVALID_ARGUMENT, () -> driver.client.controller()
                .createVolume(create("pvc", "alpha").putParameters("colour", "blue").build()));
        assertTrue(description(e).contains("colour"), description(e));
    }

    @Test
    void createVolumeWithUnknownBackendIsInvalidArgumentListingTheEnabledOnes() {
        StatusRuntimeException e = expect(Status.Code.INVALID_ARGUMENT,
                () -> driver.client.controller().createVolume(create("pvc", "gamma").build()));
        assertTrue(description(e).contains("gamma") && description(e).contains("alpha") && description(e).contains("beta"), description(e));
    }

    @Test
    void createVolumeWithoutBackendParameterIsInvalidArgumentWhenSeveralAreEnabled() {
        StatusRuntimeException e = expect(Status.Code.INVALID_ARGUMENT,
                () -> driver.client.controller().createVolume(create("pvc", "alpha").removeParameters("backend").build()));
        assertTrue(description(e).contains("backend"), description(e));
    }

    @Test
    void createVolumeWithRequiredAboveLimitIsInvalidArgument() {
        expect(Status.Code.INVALID_ARGUMENT, () -> driver.client.controller().createVolume(create("pvc", "alpha")
                .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(2048).setLimitBytes(1024)).build()));
        expect(Status.Code.INVALID_ARGUMENT, () -> driver.client.controller().createVolume(create("pvc", "alpha")
                .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(-1)).build()));
    }

    @Test
    void createVolumeWithUnsupportedAccessModeOrBlockIsInvalidArgumentNamingTheBackend() {
        StatusRuntimeException mode = expect(Status.Code.INVALID_ARGUMENT, () -> driver.client.controller().createVolume(create("pvc", "beta")
                .setVolumeCapabilities(0, mount(Csi.VolumeCapability.AccessMode.Mode.SINGLE_NODE_SINGLE_WRITER)).build()));
        assertTrue(description(mode).contains("beta") && description(mode).contains("SINGLE_NODE_SINGLE_WRITER"), description(mode));
        StatusRuntimeException block = expect(Status.Code.INVALID_ARGUMENT, () -> driver.client.controller().createVolume(create("pvc", "beta")
                .setVolumeCapabilities(0, RWO.toBuilder().setBlock(Csi.VolumeCapability.BlockVolume.getDefaultInstance())).build()));
        assertTrue(description(block).contains("beta") && description(block).contains("block"), description(block));
        assertTrue(beta.callsStartingWith("createVolume").isEmpty());
    }

    @Test
    void deleteVolumeWithoutIdIsInvalidArgument() {
        StatusRuntimeException e = expect(Status.Code.INVALID_ARGUMENT,
                () -> driver.client.controller().deleteVolume(Csi.DeleteVolumeRequest.getDefaultInstance()));
        assertTrue(description(e).contains("volume_id"), description(e));
    }

    // ---- error mapping

    @Test
    void backendRuntimeExceptionIsInternalNeverUnknown() {
        alpha.hook = call -> {
            throw new IllegalStateException("boom");
        };
        StatusRuntimeException e = expect(Status.Code.INTERNAL, () -> createOk("pvc", "alpha"));
        assertTrue(description(e).contains("boom"), description(e));
    }

    @Test
    void backendErrorIsInternal() {
        alpha.hook = call -> {
            throw new NoClassDefFoundError("com/example/Missing");
        };
        expect(Status.Code.INTERNAL, () -> createOk("pvc", "alpha"));
    }

    @Test
    void backendCheckedExceptionIsInternal() {
        alpha.hook = call -> sneakyThrow(new IOException("disk on fire"));
        StatusRuntimeException e = expect(Status.Code.INTERNAL, () -> createOk("pvc", "alpha"));
        assertTrue(description(e).contains("disk on fire"), description(e));
    }

    @Test
    void backendGrpcUnknownStatusIsInternal() {
        alpha.hook = call -> {
            throw Status.UNKNOWN.withDescription("who knows").asRuntimeException();
        };
        StatusRuntimeException e = expect(Status.Code.INTERNAL, () -> createOk("pvc", "alpha"));
        assertEquals("who knows", e.getStatus().getDescription());
    }

    @ParameterizedTest
    @EnumSource(CsiException.Code.class)
    void csiExceptionCodesPassThrough(CsiException.Code code) {
        alpha.hook = call -> {
            throw new CsiException(code, "because " + code);
        };
        StatusRuntimeException e = expect(Status.Code.valueOf(code.name()), () -> createOk("pvc", "alpha"));
        assertEquals("because " + code, e.getStatus().getDescription());
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneakyThrow(Throwable e) throws E {
        throw (E) e;
    }

    // ---- one operation per volume

    @Test
    void secondCreateForTheSameNameIsAbortedWhileTheFirstRuns() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        alpha.blockOn("createVolume slow", entered, release);
        CompletableFuture<Csi.Volume> first = CompletableFuture.supplyAsync(() -> createOk("slow", "alpha"));
        try {
            assertTrue(entered.await(10, TimeUnit.SECONDS), "the first CreateVolume did not reach the backend");
            StatusRuntimeException e = expect(Status.Code.ABORTED, () -> createOk("slow", "alpha"));
            assertTrue(description(e).contains("slow"), description(e));
            // Other names are not held up.
            assertEquals("alpha:vol-other", createOk("other", "alpha").getVolumeId());
        } finally {
            release.countDown();
        }
        assertEquals("alpha:vol-slow", first.get(10, TimeUnit.SECONDS).getVolumeId());
        assertEquals("alpha:vol-slow", createOk("slow", "alpha").getVolumeId());
        assertEquals(0, driver.inFlight.size());
    }

    @Test
    void operationsOnAVolumeThatIsBeingDeletedAreAborted() throws Exception {
        alpha.addVolume("vol-busy");
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        alpha.blockOn("deleteVolume vol-busy", entered, release);
        CompletableFuture<Csi.DeleteVolumeResponse> first = CompletableFuture.supplyAsync(() -> driver.client.controller()
                .deleteVolume(Csi.DeleteVolumeRequest.newBuilder().setVolumeId("alpha:vol-busy").build()));
        try {
            assertTrue(entered.await(10, TimeUnit.SECONDS), "DeleteVolume did not reach the backend");
            expect(Status.Code.ABORTED, () -> driver.client.controller()
                    .deleteVolume(Csi.DeleteVolumeRequest.newBuilder().setVolumeId("alpha:vol-busy").build()));
            expect(Status.Code.ABORTED, () -> driver.client.controller().controllerPublishVolume(
                    Csi.ControllerPublishVolumeRequest.newBuilder()
                            .setVolumeId("alpha:vol-busy").setNodeId("node-1").setVolumeCapability(RWO).build()));
        } finally {
            release.countDown();
        }
        first.get(10, TimeUnit.SECONDS);
        assertEquals(0, driver.inFlight.size());
    }

    @Test
    void aFailedCallReleasesTheVolume() {
        alpha.hook = call -> {
            throw new IllegalStateException("boom");
        };
        expect(Status.Code.INTERNAL, () -> createOk("pvc", "alpha"));
        alpha.hook = call -> { };
        assertEquals("alpha:vol-pvc", createOk("pvc", "alpha").getVolumeId());
        assertEquals(0, driver.inFlight.size());
    }

    // ---- features a backend lacks

    @Test
    void unsupportedFeatureIsUnimplementedNamingTheBackend() {
        beta.addVolume("vol-1");
        StatusRuntimeException snapshot = expect(Status.Code.UNIMPLEMENTED, () -> driver.client.controller().createSnapshot(
                Csi.CreateSnapshotRequest.newBuilder().setName("snap").setSourceVolumeId("beta:vol-1").build()));
        assertTrue(description(snapshot).contains("beta"), description(snapshot));
        StatusRuntimeException expand = expect(Status.Code.UNIMPLEMENTED, () -> driver.client.controller().controllerExpandVolume(
                Csi.ControllerExpandVolumeRequest.newBuilder().setVolumeId("beta:vol-1")
                        .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(1 << 30)).build()));
        assertTrue(description(expand).contains("beta"), description(expand));
        assertEquals("ControllerExpandVolume: volume 'beta:vol-1' is of backend 'beta', which does not support EXPAND_VOLUME "
                + "(the core's test backend beta)", description(expand),
                "the driver advertises EXPAND_VOLUME for alpha: the refusal names the volume and what its backend is");
        StatusRuntimeException get = expect(Status.Code.UNIMPLEMENTED, () -> driver.client.controller().controllerGetVolume(
                Csi.ControllerGetVolumeRequest.newBuilder().setVolumeId("beta:vol-1").build()));
        assertTrue(description(get).contains("beta"), description(get));
        assertTrue(beta.callsStartingWith("createSnapshot").isEmpty() && beta.callsStartingWith("expandVolume").isEmpty());
    }

    @Test
    void createVolumeFromSnapshotOfAnotherBackendIsInvalidArgument() {
        alpha.snapshots.put("snap-1", new dev.polycsi.spi.controller.Snapshot("snap-1", "vol-1", 1, java.time.Instant.EPOCH, true));
        StatusRuntimeException e = expect(Status.Code.INVALID_ARGUMENT, () -> driver.client.controller().createVolume(
                create("pvc", "alpha").setVolumeContentSource(Csi.VolumeContentSource.newBuilder()
                        .setSnapshot(Csi.VolumeContentSource.SnapshotSource.newBuilder().setSnapshotId("beta:snap-1"))).build()));
        assertTrue(description(e).contains("beta"), description(e));
        Csi.Volume restored = driver.client.controller().createVolume(create("pvc", "alpha")
                .setVolumeContentSource(Csi.VolumeContentSource.newBuilder()
                        .setSnapshot(Csi.VolumeContentSource.SnapshotSource.newBuilder().setSnapshotId("alpha:snap-1"))).build()).getVolume();
        assertEquals("alpha:snap-1", restored.getContentSource().getSnapshot().getSnapshotId());
    }

    // ---- ControllerPublish / Unpublish

    @Test
    void controllerPublishIsANoOpForABackendWithoutAttach() {
        Csi.Volume volume = createOk("pvc", "beta");
        Csi.ControllerPublishVolumeResponse response = driver.client.controller().controllerPublishVolume(
                Csi.ControllerPublishVolumeRequest.newBuilder()
                        .setVolumeId(volume.getVolumeId()).setNodeId("node-1").setVolumeCapability(RWO).build());
        assertEquals(0, response.getPublishContextCount());
        driver.client.controller().controllerUnpublishVolume(Csi.ControllerUnpublishVolumeRequest.newBuilder()
                .setVolumeId(volume.getVolumeId()).setNodeId("node-1").build());
        assertTrue(beta.callsStartingWith("publish").isEmpty() && beta.callsStartingWith("unpublish").isEmpty(), beta.calls::toString);
    }

    @Test
    void controllerPublishGoesToABackendWithAttach() {
        Csi.Volume volume = createOk("pvc", "alpha");
        Csi.ControllerPublishVolumeResponse response = driver.client.controller().controllerPublishVolume(
                Csi.ControllerPublishVolumeRequest.newBuilder()
                        .setVolumeId(volume.getVolumeId()).setNodeId("node-1").setVolumeCapability(RWO).build());
        assertEquals("/dev/fake-vol-pvc", response.getPublishContextMap().get("device"));
        driver.client.controller().controllerUnpublishVolume(Csi.ControllerUnpublishVolumeRequest.newBuilder()
                .setVolumeId(volume.getVolumeId()).setNodeId("node-1").build());
        assertEquals(List.of("publish vol-pvc node-1"), alpha.callsStartingWith("publish"));
        assertEquals(List.of("unpublish vol-pvc node-1"), alpha.callsStartingWith("unpublish"));
    }

    @Test
    void controllerPublishValidatesItsArguments() {
        Csi.Volume volume = createOk("pvc", "alpha");
        StatusRuntimeException node = expect(Status.Code.INVALID_ARGUMENT, () -> driver.client.controller().controllerPublishVolume(
                Csi.ControllerPublishVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId()).setVolumeCapability(RWO).build()));
        assertTrue(description(node).contains("node_id"), description(node));
        StatusRuntimeException capability = expect(Status.Code.INVALID_ARGUMENT, () -> driver.client.controller().controllerPublishVolume(
                Csi.ControllerPublishVolumeRequest.newBuilder().setVolumeId(volume.getVolumeId()).setNodeId("node-1").build()));
        assertTrue(description(capability).contains("volume_capability"), description(capability));
        expect(Status.Code.NOT_FOUND, () -> driver.client.controller().controllerPublishVolume(
                Csi.ControllerPublishVolumeRequest.newBuilder()
                        .setVolumeId("gamma:vol-1").setNodeId("node-1").setVolumeCapability(RWO).build()));
        assertTrue(alpha.callsStartingWith("publish").isEmpty());
    }

    @Test
    void controllerUnpublishOfAnUnknownVolumeSucceeds() {
        for (String id : List.of("gamma:vol-1", "no-prefix-at-all", "alpha:vol-unknown")) {
            driver.client.controller().controllerUnpublishVolume(Csi.ControllerUnpublishVolumeRequest.newBuilder()
                    .setVolumeId(id).setNodeId("node-1").build());
        }
    }

    @Test
    void controllerPublishOfAMissingVolumeIsNotFoundEvenWithoutAttach() {
        expect(Status.Code.NOT_FOUND, () -> driver.client.controller().controllerPublishVolume(
                Csi.ControllerPublishVolumeRequest.newBuilder()
                        .setVolumeId("beta:vol-missing").setNodeId("node-1").setVolumeCapability(RWO).build()));
    }

    // ---- what each ControllerPublish asked for

    Csi.ControllerPublishVolumeResponse publish(String volumeId, String nodeId, Csi.VolumeCapability capability, boolean readonly) {
        return driver.client.controller().controllerPublishVolume(Csi.ControllerPublishVolumeRequest.newBuilder()
                .setVolumeId(volumeId).setNodeId(nodeId).setVolumeCapability(capability).setReadonly(readonly).build());
    }

    void unpublish(String volumeId, String nodeId) {
        driver.client.controller().controllerUnpublishVolume(Csi.ControllerUnpublishVolumeRequest.newBuilder()
                .setVolumeId(volumeId).setNodeId(nodeId).build());
    }

    static final Csi.VolumeCapability ROX = mount(Csi.VolumeCapability.AccessMode.Mode.MULTI_NODE_READER_ONLY);

    @Test
    void aSecondPublishToTheNodeWithAnotherCapabilityOrFlagIsAlreadyExistsWithoutReachingTheBackend() {
        String id = createOk("pvc", "alpha").getVolumeId();
        publish(id, "node-1", RWO, false);
        assertEquals("/dev/fake-vol-pvc", publish(id, "node-1", RWO, false).getPublishContextMap().get("device"),
                "the same publish again is OK");

        StatusRuntimeException readonly = expect(Status.Code.ALREADY_EXISTS, () -> publish(id, "node-1", RWO, true));
        assertTrue(description(readonly).contains(id) && description(readonly).contains("node-1")
                && description(readonly).contains("read-only"), description(readonly));
        StatusRuntimeException mode = expect(Status.Code.ALREADY_EXISTS, () -> publish(id, "node-1", ROX, false));
        assertTrue(description(mode).contains("MULTI_NODE_READER_ONLY") && description(mode).contains("SINGLE_NODE_WRITER"),
                description(mode));
        expect(Status.Code.ALREADY_EXISTS, () -> publish(id, "node-1", RWO.toBuilder()
                .setMount(Csi.VolumeCapability.MountVolume.newBuilder().setFsType("xfs")).build(), false));
        expect(Status.Code.ALREADY_EXISTS, () -> publish(id, "node-1", RWO.toBuilder()
                .setMount(Csi.VolumeCapability.MountVolume.newBuilder().addMountFlags("noatime")).build(), false));
        assertEquals(2, alpha.callsStartingWith("publish").size(), alpha.calls::toString);

        publish(id, "node-2", ROX, true);
        assertEquals(List.of("publish vol-pvc node-1", "publish vol-pvc node-1", "publish vol-pvc node-2"),
                alpha.callsStartingWith("publish"), "another node is free to ask for something else");
    }

    @Test
    void aFailedPublishIsNotRemembered() {
        String id = createOk("pvc", "alpha").getVolumeId();
        alpha.hook = call -> {
            if (call.startsWith("publish")) {
                throw CsiException.failedPrecondition("attached elsewhere");
            }
        };
        expect(Status.Code.FAILED_PRECONDITION, () -> publish(id, "node-1", RWO, false));
        alpha.hook = call -> { };
        publish(id, "node-1", RWO, true);
    }

    @Test
    void unpublishForgetsWhatTheNodeAsked() {
        String id = createOk("pvc", "alpha").getVolumeId();
        publish(id, "node-1", RWO, false);
        publish(id, "node-2", RWO, false);
        unpublish(id, "node-1");
        publish(id, "node-1", RWO, true);
        expect(Status.Code.ALREADY_EXISTS, () -> publish(id, "node-2", RWO, true));
    }

    @Test
    void unpublishWithoutNodeIdForgetsEveryNode() {
        String id = createOk("pvc", "alpha").getVolumeId();
        String other = createOk("pvc-other", "alpha").getVolumeId();
        publish(id, "node-1", RWO, false);
        publish(id, "node-2", RWO, false);
        publish(other, "node-1", RWO, false);
        unpublish(id, "");
        assertEquals(List.of("unpublish vol-pvc "), alpha.callsStartingWith("unpublish"));
        publish(id, "node-1", ROX, true);
        publish(id, "node-2", ROX, true);
        expect(Status.Code.ALREADY_EXISTS, () -> publish(other, "node-1", ROX, true));
    }

    @Test
    void deleteVolumeForgetsItsPublishes() {
        String id = createOk("pvc", "alpha").getVolumeId();
        publish(id, "node-1", RWO, false);
        driver.client.controller().deleteVolume(Csi.DeleteVolumeRequest.newBuilder().setVolumeId(id).build());
        assertEquals(id, createOk("pvc", "alpha").getVolumeId(), "the fake makes the same id again");
        publish(id, "node-1", RWO, true);
    }

    @Test
    void aRestartedControllerAcceptsTheFirstPublishAsItComes() throws Exception {
        String id = createOk("pvc", "alpha").getVolumeId();
        publish(id, "node-1", RWO, false);
        driver.close();
        driver = InProcessDriver.start(dir, alpha, beta);
        // The attachment does not record the capability, so the new process cannot know what was asked.
        publish(id, "node-1", RWO, true);
        expect(Status.Code.ALREADY_EXISTS, () -> publish(id, "node-1", RWO, false));
        assertEquals(List.of("publish vol-pvc node-1", "publish vol-pvc node-1"), alpha.callsStartingWith("publish"));
    }

    // ---- ControllerModifyVolume

    Csi.ControllerModifyVolumeResponse modify(String id) {
        return driver.client.controller().controllerModifyVolume(Csi.ControllerModifyVolumeRequest.newBuilder().setVolumeId(id).build());
    }

    @Test
    void modifyVolumeWithoutParametersIsNotFoundForAMissingVolumeAndANoOpOtherwise() {
        String id = createOk("pvc", "alpha").getVolumeId();
        modify(id);
        StatusRuntimeException missing = expect(Status.Code.NOT_FOUND, () -> modify("alpha:vol-missing"));
        assertTrue(description(missing).contains("alpha:vol-missing"), description(missing));
        expect(Status.Code.NOT_FOUND, () -> modify("gamma:vol-1"));
        assertEquals(List.of(), alpha.callsStartingWith("modifyVolume"), "nothing to change: the backend is not asked to");
        assertEquals(List.of("findVolume vol-pvc", "findVolume vol-missing"), alpha.callsStartingWith("findVolume"));

        String betaId = createOk("pvc", "beta").getVolumeId();
        StatusRuntimeException unsupported = expect(Status.Code.UNIMPLEMENTED, () -> modify(betaId));
        assertTrue(description(unsupported).contains("beta"), description(unsupported));
    }

    // ---- ValidateVolumeCapabilities

    @Test
    void validateVolumeCapabilities() {
        Csi.Volume volume = createOk("pvc", "beta");
        Csi.ValidateVolumeCapabilitiesResponse confirmed = driver.client.controller().validateVolumeCapabilities(
                Csi.ValidateVolumeCapabilitiesRequest.newBuilder()
                        .setVolumeId(volume.getVolumeId())
                        .addVolumeCapabilities(RWO)
                        .putParameters("backend", "beta")
                        .putParameters("colour", "red")
                        .build());
        assertTrue(confirmed.hasConfirmed(), confirmed::toString);
        assertEquals(List.of(RWO), confirmed.getConfirmed().getVolumeCapabilitiesList());

        Csi.ValidateVolumeCapabilitiesResponse unsupported = driver.client.controller().validateVolumeCapabilities(
                Csi.ValidateVolumeCapabilitiesRequest.newBuilder()
                        .setVolumeId(volume.getVolumeId())
                        .addVolumeCapabilities(mount(Csi.VolumeCapability.AccessMode.Mode.SINGLE_NODE_SINGLE_WRITER))
                        .build());
        assertFalse(unsupported.hasConfirmed());
        assertTrue(unsupported.getMessage().contains("SINGLE_NODE_SINGLE_WRITER"), unsupported.getMessage());

        expect(Status.Code.NOT_FOUND, () -> driver.client.controller().validateVolumeCapabilities(
                Csi.ValidateVolumeCapabilitiesRequest.newBuilder().setVolumeId("beta:vol-missing").addVolumeCapabilities(RWO).build()));
        expect(Status.Code.NOT_FOUND, () -> driver.client.controller().validateVolumeCapabilities(
                Csi.ValidateVolumeCapabilitiesRequest.newBuilder().setVolumeId("gamma:vol-1").addVolumeCapabilities(RWO).build()));
        StatusRuntimeException missing = expect(Status.Code.INVALID_ARGUMENT, () -> driver.client.controller().validateVolumeCapabilities(
                Csi.ValidateVolumeCapabilitiesRequest.newBuilder().setVolumeId(volume.getVolumeId()).build()));
        assertTrue(description(missing).contains("volume_capabilities"), description(missing));
    }

    // ---- listing

    @Test
    void listVolumesPagesAcrossBackends() {
        for (String name : List.of("a1", "a2", "a3")) {
            createOk(name, "alpha");
        }
        for (String name : List.of("b1", "b2")) {
            createOk(name, "beta");
        }
        List<String> listed = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            Csi.ListVolumesResponse page = driver.client.controller().listVolumes(
                    Csi.ListVolumesRequest.newBuilder().setMaxEntries(2).setStartingToken(token).build());
            assertTrue(page.getEntriesCount() <= 2, page::toString);
            page.getEntriesList().forEach(e -> listed.add(e.getVolume().getVolumeId()));
            token = page.getNextToken();
            assertTrue(++pages < 10, "the listing does not end");
        } while (!token.isEmpty());
        assertEquals(List.of("alpha:vol-a1", "alpha:vol-a2", "alpha:vol-a3", "beta:vol-b1", "beta:vol-b2"), listed);

        Csi.ListVolumesResponse all = driver.client.controller().listVolumes(Csi.ListVolumesRequest.getDefaultInstance());
        assertEquals(5, all.getEntriesCount());
        assertEquals("", all.getNextToken());
    }

    @Test
    void listVolumesWithATokenNotIssuedIsAborted() {
        createOk("a1", "alpha");
        for (String token : List.of("garbage", "gamma:vol-1", "alpha:not-a-volume")) {
            expect(Status.Code.ABORTED, () -> driver.client.controller().listVolumes(
                    Csi.ListVolumesRequest.newBuilder().setStartingToken(token).build()));
        }
        expect(Status.Code.INVALID_ARGUMENT, () -> driver.client.controller().listVolumes(
                Csi.ListVolumesRequest.newBuilder().setMaxEntries(-1).build()));
    }

    @Test
    void theSnapshottersMetadataKeysReachOnlyBackendsThatDeclareThem() {
        Csi.Volume volume = createOk("pvc-snapmeta", "alpha");
        driver.client.controller().createSnapshot(Csi.CreateSnapshotRequest.newBuilder()
                .setName("snap-meta").setSourceVolumeId(volume.getVolumeId())
                .putParameters("csi.storage.k8s.io/volumesnapshot/name", "daily")
                .putParameters("csi.storage.k8s.io/volumesnapshot/namespace", "default")
                .build());
        StatusRuntimeException unknown = expect(Status.Code.INVALID_ARGUMENT, () -> driver.client.controller().createSnapshot(
                Csi.CreateSnapshotRequest.newBuilder().setName("snap-other").setSourceVolumeId(volume.getVolumeId())
                        .putParameters("colour", "green").build()));
        assertTrue(description(unknown).contains("colour"), description(unknown));
    }

    @Test
    void listSnapshotsByIdAndSourceAsksOnlyTheirBackend() {
        Csi.Volume volume = createOk("pvc", "alpha");
        Csi.Snapshot snapshot = driver.client.controller().createSnapshot(Csi.CreateSnapshotRequest.newBuilder()
                .setName("snap").setSourceVolumeId(volume.getVolumeId()).build()).getSnapshot();
        assertEquals("alpha:snap-snap", snapshot.getSnapshotId());
        assertEquals(volume.getVolumeId(), snapshot.getSourceVolumeId());

        Csi.ListSnapshotsResponse byId = driver.client.controller().listSnapshots(
                Csi.ListSnapshotsRequest.newBuilder().setSnapshotId(snapshot.getSnapshotId()).build());
        assertEquals(List.of(snapshot), byId.getEntriesList().stream().map(Csi.ListSnapshotsResponse.Entry::getSnapshot).toList());
        Csi.ListSnapshotsResponse bySource = driver.client.controller().listSnapshots(
                Csi.ListSnapshotsRequest.newBuilder().setSourceVolumeId(volume.getVolumeId()).build());
        assertEquals(1, bySource.getEntriesCount());
        Csi.ListSnapshotsResponse unknown = driver.client.controller().listSnapshots(
                Csi.ListSnapshotsRequest.newBuilder().setSnapshotId("gamma:snap-1").build());
        assertEquals(0, unknown.getEntriesCount());
    }

    @Test
    void getCapacityGoesToTheNamedBackend() {
        Csi.GetCapacityResponse response = driver.client.controller().getCapacity(Csi.GetCapacityRequest.newBuilder()
                .putParameters("backend", "alpha").addVolumeCapabilities(RWO).build());
        assertEquals(42, response.getAvailableCapacity());
        StatusRuntimeException e = expect(Status.Code.UNIMPLEMENTED, () -> driver.client.controller().getCapacity(
                Csi.GetCapacityRequest.newBuilder().putParameters("backend", "beta").build()));
        assertTrue(description(e).contains("beta"), description(e));
    }

    @Test
    void everyAnswerCarriesTheBackendPrefix() {
        Set<String> ids = new HashSet<>();
        ids.add(createOk("p1", "alpha").getVolumeId());
        ids.add(createOk("p2", "beta").getVolumeId());
        assertEquals(Set.of("alpha:vol-p1", "beta:vol-p2"), ids);
    }
}
