package dev.polycsi.core.csi;

import static dev.polycsi.core.csi.InProcessDriver.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import csi.v1.Csi;
import dev.polycsi.spi.Backend;
import dev.polycsi.spi.BackendContext;
import dev.polycsi.spi.BackendFactory;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Identity service: what it says about the driver, and readiness while backends start. */
class IdentityServiceTest {

    @TempDir
    Path dir;

    static boolean ready(InProcessDriver driver) {
        Csi.ProbeResponse probe = driver.client.identity().probe(Csi.ProbeRequest.getDefaultInstance());
        return probe.hasReady() && probe.getReady().getValue();
    }

    @Test
    void probeIsNotReadyUntilEveryBackendHasStarted() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        FakeBackend slow = new FakeBackend("slow", FakeBackend.FULL);
        FakeBackend quick = new FakeBackend("quick", FakeBackend.MINIMAL);
        try (InProcessDriver driver = InProcessDriver.startUnready(dir, true, List.of(slow.factory(gate), quick.factory()))) {
            assertFalse(ready(driver), "Probe is ready while a backend is still starting");
            assertFalse(driver.started.isDone());
            // Until then, calls that need the backends say so instead of failing obscurely.
            expect(Status.Code.UNAVAILABLE, () -> driver.client.controller()
                    .controllerGetCapabilities(Csi.ControllerGetCapabilitiesRequest.getDefaultInstance()));
            gate.countDown();
            driver.awaitReady();
            assertTrue(ready(driver), "Probe is not ready after all backends started");
        }
    }

    @Test
    void startCompletesAfterSlowBackends() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        FakeBackend slow = new FakeBackend("slow", FakeBackend.FULL);
        try (InProcessDriver driver = InProcessDriver.startUnready(dir, true, List.of(slow.factory(gate)))) {
            Thread.sleep(100);
            gate.countDown();
            driver.started.get(10, TimeUnit.SECONDS);
            assertTrue(ready(driver));
        }
    }

    @Test
    void startFailsNamingTheBackendThatCouldNotStart() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        try (InProcessDriver driver = InProcessDriver.startUnready(dir, true, List.of(failing("broken", gate)))) {
            Thread.sleep(100);
            gate.countDown();
            ExecutionException e = assertThrows(ExecutionException.class, () -> driver.started.get(10, TimeUnit.SECONDS));
            String message = String.valueOf(e.getCause().getMessage());
            assertTrue(message.contains("broken") && message.contains("no credentials"), message);
        }
    }

    /** A factory whose create() waits for {@code gate}, then fails. */
    static BackendFactory failing(String name, CountDownLatch gate) {
        return new BackendFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Backend create(BackendContext context) throws Exception {
                gate.await(10, TimeUnit.SECONDS);
                throw new IllegalStateException("no credentials");
            }
        };
    }

    @Test
    void aBackendThatFailsToStartLeavesProbeUnready() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        FakeBackend good = new FakeBackend("good", FakeBackend.MINIMAL);
        try (InProcessDriver driver = InProcessDriver.startUnready(dir, true, List.of(failing("broken", gate), good.factory()))) {
            gate.countDown();
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!driver.registry.byName("good").orElseThrow().isReady() && System.nanoTime() < giveUp) {
                Thread.sleep(5);
            }
            Thread.sleep(100);
            assertFalse(ready(driver), "Probe is ready although a backend failed to start");
        }
    }

    @Test
    void pluginInfoAndCapabilities() throws Exception {
        try (InProcessDriver driver = InProcessDriver.start(dir, new FakeBackend("alpha", FakeBackend.FULL))) {
            Csi.GetPluginInfoResponse info = driver.client.identity().getPluginInfo(Csi.GetPluginInfoRequest.getDefaultInstance());
            assertEquals(InProcessDriver.DRIVER_NAME, info.getName());
            assertEquals(InProcessDriver.VERSION, info.getVendorVersion());
            Csi.GetPluginCapabilitiesResponse capabilities =
                    driver.client.identity().getPluginCapabilities(Csi.GetPluginCapabilitiesRequest.getDefaultInstance());
            assertTrue(capabilities.getCapabilitiesList().stream().anyMatch(c -> c.hasService()
                    && c.getService().getType() == Csi.PluginCapability.Service.Type.CONTROLLER_SERVICE), capabilities::toString);
            assertTrue(capabilities.getCapabilitiesList().stream().anyMatch(c -> c.hasVolumeExpansion()
                    && c.getVolumeExpansion().getType() == Csi.PluginCapability.VolumeExpansion.Type.ONLINE), capabilities::toString);
            assertTrue(ready(driver));
        }
    }

    @Test
    void nodeOnlyDriverDoesNotAdvertiseTheControllerServiceNorExpansionItCannotDo() throws Exception {
        FakeBackend minimal = new FakeBackend("minimal", FakeBackend.MINIMAL);
        try (InProcessDriver driver = InProcessDriver.startUnready(dir, false, List.of(minimal.factory()))) {
            driver.awaitReady();
            Csi.GetPluginCapabilitiesResponse capabilities =
                    driver.client.identity().getPluginCapabilities(Csi.GetPluginCapabilitiesRequest.getDefaultInstance());
            assertFalse(capabilities.getCapabilitiesList().stream().anyMatch(c -> c.hasService()
                    && c.getService().getType() == Csi.PluginCapability.Service.Type.CONTROLLER_SERVICE), capabilities::toString);
            assertFalse(capabilities.getCapabilitiesList().stream().anyMatch(Csi.PluginCapability::hasVolumeExpansion),
                    capabilities::toString);
        }
    }
}
