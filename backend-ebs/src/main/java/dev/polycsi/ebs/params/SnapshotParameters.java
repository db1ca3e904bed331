package dev.polycsi.ebs.params;

import dev.polycsi.spi.param.ParameterSchema;
import dev.polycsi.spi.param.Parameters;

/** VolumeSnapshotClass parameters of {@code backend: ebs}. */
public final class SnapshotParameters {

    public static final ParameterSchema SCHEMA = ParameterSchema.empty();

    private SnapshotParameters() {
    }

    public static SnapshotSettings resolve(Parameters parameters) {
        throw new UnsupportedOperationException("not written yet");
    }
}
