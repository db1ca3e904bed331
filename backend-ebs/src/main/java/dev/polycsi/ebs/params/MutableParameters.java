package dev.polycsi.ebs.params;

import dev.polycsi.spi.param.ParameterSchema;
import dev.polycsi.spi.param.Parameters;

/** VolumeAttributesClass parameters of {@code backend: ebs} (type, iops, throughput, tagSpecification_N, tagDeletion_N). */
public final class MutableParameters {

    public static final ParameterSchema SCHEMA = ParameterSchema.empty();

    private MutableParameters() {
    }

    /** The change a ControllerModifyVolume asks for. */
    public static VolumeChange resolve(Parameters mutable) {
        throw new UnsupportedOperationException("not written yet");
    }
}
