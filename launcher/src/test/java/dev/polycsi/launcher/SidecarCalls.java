package dev.polycsi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * CSI calls as csi-provisioner, csi-snapshotter and csi-resizer make them with deadlines shorter
 * than FSx's work: again after each ABORTED, until an answer that is final.
 */
final class SidecarCalls {

    /** How often a sidecar's call is made before a test gives up on it. */
    static final int MAX_CALLS = 60;

    private SidecarCalls() {
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
