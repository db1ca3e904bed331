package dev.polycsi.core.csi;

import static dev.polycsi.core.csi.InProcessDriver.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import csi.v1.Csi;
import dev.polycsi.spi.BackendCapabilities.ControllerFeature;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backends that cannot look volumes up: refused at start when they create volumes (the driver
 * would otherwise confirm volumes that do not exist), served without confirmation otherwise.
 */
class VolumeLookupTest {

    @TempDir
    Path dir;

    @Test
    void aBackendThatCreatesVolumesWithoutFindVolumeIsRefusedAtStartNamingIt() throws Exception {
        NoLookupBackend refused = new NoLookupBackend("nolookup", Set.of(ControllerFeature.CREATE_DELETE_VOLUME));
        FakeBackend fine = new FakeBackend("fine", FakeBackend.MINIMAL);
        try (InProcessDriver driver = InProcessDriver.startUnready(dir, true, List.of(refused.factory(), fine.factory()))) {
            ExecutionException failure = assertThrows(ExecutionException.class, () -> driver.started.get(30, TimeUnit.SECONDS));
            String message = failure.getCause().getMessage();
            assertTrue(message.contains("backend 'nolookup'") && message.contains("findVolume")
                    && message.contains("CREATE_DELETE_VOLUME"), message);
            assertFalse(message.contains("'fine'"), message);

            assertTrue(refused.closed, "the refused backend is closed");
            assertFalse(driver.registry.byName("nolookup").orElseThrow().isReady(), "the refused backend must never become ready");
            assertFalse(driver.registry.isReady());
            Csi.ProbeResponse probe = driver.client.identity().probe(Csi.ProbeRequest.getDefaultInstance());
            assertFalse(probe.getReady().getValue(), probe::toString);
            expect(Status.Code.UNAVAILABLE, () -> driver.client.controller().createVolume(Csi.CreateVolumeRequest.newBuilder()
                    .setName("pvc").addVolumeCapabilities(ControllerServiceTest.RWO).putParameters("backend", "nolookup").build()));
        }
    }

    @Test
    void aBackendWithoutFindVolumeStartsWhenItCreatesNoVolumes() throws Exception {
        NoLookupBackend staticOnly = new NoLookupBackend("static", Set.of());
        try (InProcessDriver driver = InProcessDriver.startUnready(dir, true, List.of(staticOnly.factory()))) {
            driver.awaitReady();
            assertFalse(staticOnly.closed);
        }
    }

    @Test
    void validateVolumeCapabilitiesSaysItCannotConfirmWhatTheBackendCannotLookUp() throws Exception {
        NoLookupBackend staticOnly = new NoLookupBackend("static", Set.of());
        try (InProcessDriver driver = InProcessDriver.startUnready(dir, true, List.of(staticOnly.factory()))) {
            driver.awaitReady();
            Csi.ValidateVolumeCapabilitiesResponse response = driver.client.controller().validateVolumeCapabilities(
                    Csi.ValidateVolumeCapabilitiesRequest.newBuilder()
                            .setVolumeId("static:vol-1").addVolumeCapabilities(ControllerServiceTest.RWO).build());
            assertFalse(response.hasConfirmed(), "confirmed a volume nobody could look up: " + response);
            assertTrue(response.getMessage().contains("static") && response.getMessage().contains("static:vol-1")
                    && response.getMessage().contains("cannot confirm"), response.getMessage());

            // Attach is a no-op for it, and without a look-up it cannot say NOT_FOUND either: OK.
            assertEquals(0, driver.client.controller().controllerPublishVolume(Csi.ControllerPublishVolumeRequest.newBuilder()
                    .setVolumeId("static:vol-1").setNodeId("node-1").setVolumeCapability(ControllerServiceTest.RWO).build())
                    .getPublishContextCount());
        }
    }
}
