package dev.polycsi.spi;

import dev.polycsi.spi.param.ParameterSchema;

/**
 * The entry point of a backend, found with {@link java.util.ServiceLoader}. A plugin lists its
 * implementation in {@code META-INF/services/dev.polycsi.spi.BackendFactory}.
 */
public interface BackendFactory {

    /**
     * The name users put in a StorageClass ({@code backend: <name>}) and the prefix of every
     * volume handle this backend issues. Lower-case letters, digits and '-'; at most 32 bytes.
     */
    String name();

    /** One line for {@code polycsi backends}. */
    default String description() {
        return "";
    }

    /** Driver-level options, given on the command line as {@code --backend-option <name>.<key>=<value>}. */
    default ParameterSchema options() {
        return ParameterSchema.empty();
    }

    /**
     * StorageClass parameters. The core rejects unknown keys and bad values with their key
     * named before the backend sees a request. Declared on the factory so that
     * {@code polycsi backends --describe} prints them without starting the backend.
     */
    default ParameterSchema volumeParameters() {
        return ParameterSchema.empty();
    }

    /** VolumeSnapshotClass parameters. */
    default ParameterSchema snapshotParameters() {
        return ParameterSchema.empty();
    }

    /** VolumeAttributesClass parameters, for ControllerModifyVolume and CreateVolume's mutable parameters. */
    default ParameterSchema mutableParameters() {
        return ParameterSchema.empty();
    }

    /**
     * Why the backend serves no volumes of an access type its capabilities leave out, in the words
     * a user needs (what would serve them instead); the core adds it to its INVALID_ARGUMENT.
     * Empty: the core's own words only.
     */
    default String unservedAccessType(VolumeCapability.AccessType type) {
        return "";
    }

    /**
     * Builds the backend. May block while it initialises (Probe answers "not ready" meanwhile);
     * throwing stops the driver with the message.
     */
    Backend create(BackendContext context) throws Exception;
}
