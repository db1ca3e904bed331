package dev.polycsi.ebs.params;

import dev.polycsi.spi.controller.CreateVolumeRequest;
import dev.polycsi.spi.param.ParameterSchema;
import java.util.Map;

/** The StorageClass parameters of {@code backend: ebs}, with aws-ebs-csi-driver's names and rules. */
public final class VolumeParameters {

    /** Keys are matched without regard to case, as the official driver lower-cases them; the tagSpecification_ prefix is case-sensitive. */
    public static final ParameterSchema SCHEMA = ParameterSchema.empty();

    private VolumeParameters() {
    }

    /**
     * Checks the request's parameters and mutable parameters together and resolves them for a
     * volume of {@code sizeGiB}. {@code extraTags} are the driver's own (--backend-option
     * ebs.extra-tags), which the StorageClass cannot override.
     */
    public static VolumeSettings resolve(CreateVolumeRequest request, long sizeGiB, Map<String, String> extraTags) {
        throw new UnsupportedOperationException("not written yet");
    }
}
