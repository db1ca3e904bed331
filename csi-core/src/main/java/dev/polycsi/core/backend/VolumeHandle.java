package dev.polycsi.core.backend;

import dev.polycsi.spi.CsiException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A CSI volume or snapshot id as polycsi writes it: {@code <backend>:<backend's own id>},
 * e.g. {@code ebs:vol-0abc} or {@code efs:fs-1::fsap-2}. At most 128 bytes, the CSI limit.
 */
public record VolumeHandle(String backend, String localId) {

    public static final int MAX_BYTES = 128;

    public String value() {
        return backend + ":" + localId;
    }

    /** Builds the handle for an id a backend returned; a backend id too long for CSI is a bug in the backend. */
    public static String format(String backend, String localId) {
        if (localId == null || localId.isEmpty()) {
            throw CsiException.internal("backend '%s' returned an empty id", backend);
        }
        String handle = backend + ":" + localId;
        if (handle.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw CsiException.internal("backend '%s' returned id '%s', longer than the %d bytes CSI allows with its prefix",
                    backend, localId, MAX_BYTES);
        }
        return handle;
    }

    /** Splits at the first ':'; empty when there is no prefix or no id after it. */
    public static Optional<VolumeHandle> parse(String handle) {
        int colon = handle.indexOf(':');
        if (colon <= 0 || colon == handle.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new VolumeHandle(handle.substring(0, colon), handle.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return value();
    }
}
