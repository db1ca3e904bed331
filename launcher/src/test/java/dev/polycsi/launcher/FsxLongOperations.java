package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import csi.v1.Csi;
import dev.polycsi.core.conformance.CsiClient;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tests of FSx operations that outlive one CSI call share: each test's own
 * {@link SeparateSimulator} (FSx keeps going while drivers restart), {@code polycsi all} of one
 * backend against it, and CSI calls as csi-provisioner, csi-snapshotter and csi-resizer make them
 * with deadlines shorter than the work: again after each ABORTED, until an answer that is final.
 */
abstract class FsxLongOperations {

    /** The deadline of a sidecar's call, shorter than FSx's work. */
    static final Duration CALL_DEADLINE = Duration.ofSeconds(4);
    /** How often a sidecar's call is made before a test gives up on it. */
    static final int MAX_CALLS = 60;

    @TempDir
    Path dir;

    SeparateSimulator simulator;

    @BeforeEach
    final void startSimulator() throws Exception {
        simulator = SeparateSimulator.start(dir);
    }

    @AfterEach
    final void stopSimulator() throws Exception {
        assertTrue(simulator.stop(), "the simulator stops cleanly on SIGTERM");
    }

    /** The StorageClass parameters of the tests' volumes, {@code backend} among them. */
    abstract Map<String, String> parameters();

    /** {@code polycsi all} of the parameters' backend against the simulator, working in {@code dir/name}. */
    SubprocessDriver driver(String name) throws Exception {
        return simulator.driver(name, parameters().get("backend"));
    }

    /** A CreateVolume of 1 GiB, ReadWriteMany, with the parameters. */
    Csi.CreateVolumeRequest request(String name) {
        return Csi.CreateVolumeRequest.newBuilder()
                .setName(name)
                .putAllParameters(parameters())
                .addVolumeCapabilities(Csi.VolumeCapability.newBuilder()
                        .setMount(Csi.VolumeCapability.MountVolume.getDefaultInstance())
                        .setAccessMode(Csi.VolumeCapability.AccessMode.newBuilder()
                                .setMode(Csi.VolumeCapability.AccessMode.Mode.MULTI_NODE_MULTI_WRITER)))
                .setCapacityRange(Csi.CapacityRange.newBuilder().setRequiredBytes(1L << 30))
                .build();
    }

    /** CreateVolume as the provisioner calls it, retrying ABORTED (and the busy name of a parallel call), until it answers OK. */
    Csi.Volume createUntilOk(CsiClient client, String name, List<StatusRuntimeException> failures) {
        return untilOk("CreateVolume of " + name, () -> client.controller().createVolume(request(name)).getVolume(), failures);
    }

    StatusRuntimeException expectFailure(CsiClient client, String name) {
        return expectFailure("CreateVolume of " + name, () -> client.controller().createVolume(request(name)).getVolume());
    }

    /** {@code what} retried on ABORTED until it answers OK; the ABORTED answers are added to {@code aborted}. */
    static <T> T untilOk(String what, Supplier<T> call, List<StatusRuntimeException> aborted) {
        for (int attempt = 0; attempt < MAX_CALLS; attempt++) {
            try {
                return call.get();
            } catch (StatusRuntimeException e) {
                assertEquals(io.grpc.Status.Code.ABORTED, e.getStatus().getCode(), e.getStatus().toString());
                aborted.add(e);
            }
        }
        return fail(what + " did not succeed in " + MAX_CALLS + " calls");
    }

    /** A call retried on ABORTED until it answers OK. */
    static <T> T untilOk(Supplier<T> call) {
        return untilOk("the call", call, new ArrayList<>());
    }

    /** The failure {@code what} answers at once; fails if it answers OK. */
    static StatusRuntimeException expectFailure(String what, Supplier<?> call) {
        try {
            return fail(what + " answered OK at once: " + call.get());
        } catch (StatusRuntimeException e) {
            return e;
        }
    }

    static StatusRuntimeException expectFailure(Supplier<?> call) {
        return expectFailure("the call", call);
    }

    /** The answer of a CreateVolume whose FSx resource is still being created: ABORTED, naming the volume and CREATING. */
    static void assertCreating(StatusRuntimeException failure, String name) {
        assertEquals(io.grpc.Status.Code.ABORTED, failure.getStatus().getCode(), failure.getStatus().toString());
        assertTrue(failure.getStatus().getDescription().contains(name) && failure.getStatus().getDescription().contains("CREATING"),
                failure.getStatus().getDescription());
    }
}
