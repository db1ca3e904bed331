package dev.polycsi.core.csi;

import csi.v1.Csi;
import dev.polycsi.core.backend.BackendEntry;
import dev.polycsi.spi.AccessMode;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.VolumeCapability;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Checks of request fields as the CSI spec states them; each failure is INVALID_ARGUMENT naming the field. */
final class Requests {

    /** CSI's limit for ids, names and other strings the CO stores. */
    static final int MAX_STRING_BYTES = 128;
    /** Linux's PATH_MAX (4096) without the terminating NUL, and NAME_MAX. */
    static final int MAX_PATH_BYTES = 4095;
    static final int MAX_NAME_BYTES = 255;

    private Requests() {
    }

    static String required(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw CsiException.invalidArgument("%s is required", field);
        }
        return limited(value, field);
    }

    static String limited(String value, String field) {
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_STRING_BYTES) {
            throw CsiException.invalidArgument("%s is longer than the %d bytes CSI allows", field, MAX_STRING_BYTES);
        }
        return value;
    }

    static Path path(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw CsiException.invalidArgument("%s is required", field);
        }
        if (value.indexOf('\0') >= 0) {
            throw CsiException.invalidArgument("%s contains a NUL byte", field);
        }
        if (value.charAt(0) != '/') {
            throw CsiException.invalidArgument("%s must be an absolute path, got '%s'", field, value);
        }
        // Linux's limits (PATH_MAX with its NUL, NAME_MAX): a longer path names nothing that can exist.
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw CsiException.invalidArgument("%s is longer than the %d bytes a Linux path may have", field, MAX_PATH_BYTES);
        }
        Path path = Path.of(value);
        for (Path name : path) {
            if (name.toString().getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                throw CsiException.invalidArgument("%s has a component longer than the %d bytes a Linux file name may have", field, MAX_NAME_BYTES);
            }
        }
        return path.normalize();
    }

    static VolumeCapability capability(Csi.VolumeCapability capability, String field) {
        if (!capability.hasAccessMode()) {
            throw CsiException.invalidArgument("%s.access_mode is required", field);
        }
        AccessMode mode = switch (capability.getAccessMode().getMode()) {
            case SINGLE_NODE_WRITER -> AccessMode.SINGLE_NODE_WRITER;
            case SINGLE_NODE_READER_ONLY -> AccessMode.SINGLE_NODE_READER_ONLY;
            case MULTI_NODE_READER_ONLY -> AccessMode.MULTI_NODE_READER_ONLY;
            case MULTI_NODE_SINGLE_WRITER -> AccessMode.MULTI_NODE_SINGLE_WRITER;
            case MULTI_NODE_MULTI_WRITER -> AccessMode.MULTI_NODE_MULTI_WRITER;
            case SINGLE_NODE_SINGLE_WRITER -> AccessMode.SINGLE_NODE_SINGLE_WRITER;
            case SINGLE_NODE_MULTI_WRITER -> AccessMode.SINGLE_NODE_MULTI_WRITER;
            case UNKNOWN, UNRECOGNIZED -> throw CsiException.invalidArgument("%s.access_mode.mode is unknown", field);
        };
        return switch (capability.getAccessTypeCase()) {
            case BLOCK -> VolumeCapability.block(mode);
            case MOUNT -> new VolumeCapability(VolumeCapability.AccessType.MOUNT, capability.getMount().getFsType(),
                    capability.getMount().getMountFlagsList(), capability.getMount().getVolumeMountGroup(), mode);
            case ACCESSTYPE_NOT_SET -> throw CsiException.invalidArgument("%s.access_type (block or mount) is required", field);
        };
    }

    static VolumeCapability requiredCapability(boolean present, Csi.VolumeCapability capability) {
        if (!present) {
            throw CsiException.invalidArgument("volume_capability is required");
        }
        return capability(capability, "volume_capability");
    }

    static List<VolumeCapability> capabilities(List<Csi.VolumeCapability> capabilities, String field) {
        if (capabilities.isEmpty()) {
            throw CsiException.invalidArgument("%s is required", field);
        }
        return java.util.stream.IntStream.range(0, capabilities.size())
                .mapToObj(i -> capability(capabilities.get(i), field + "[" + i + "]"))
                .toList();
    }

    /** INVALID_ARGUMENT naming the backend and what it supports when it cannot serve {@code capability}. */
    static void supported(BackendEntry entry, VolumeCapability capability) {
        String unsupported = unsupportedReason(entry, capability);
        if (unsupported != null) {
            throw CsiException.invalidArgument("%s", unsupported);
        }
    }

    /** Why the backend cannot serve {@code capability}, or null if it can. */
    static String unsupportedReason(BackendEntry entry, VolumeCapability capability) {
        Set<AccessMode> modes = entry.capabilities().modesFor(capability.accessType());
        String kind = capability.isBlock() ? "block" : "filesystem";
        if (modes.isEmpty()) {
            String why = entry.factory().unservedAccessType(capability.accessType());
            return "backend '%s' does not serve %s volumes%s".formatted(entry.name(), kind, why.isEmpty() ? "" : ": " + why);
        }
        if (!modes.contains(capability.accessMode())) {
            return "backend '%s' does not support access mode %s for %s volumes; supported: %s"
                    .formatted(entry.name(), capability.accessMode(), kind, modes);
        }
        return null;
    }

    static void nonNegative(long value, String field) {
        if (value < 0) {
            throw CsiException.invalidArgument("%s must not be negative", field);
        }
    }
}
