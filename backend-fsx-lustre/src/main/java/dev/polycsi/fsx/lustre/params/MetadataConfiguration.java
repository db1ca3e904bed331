package dev.polycsi.fsx.lustre.params;

import dev.polycsi.spi.CsiException;
import java.util.Optional;

/**
 * The MetadataConfiguration of a PERSISTENT_2 file system: AUTOMATIC without a number, or
 * USER_PROVISIONED with the metadata IOPS.
 */
public record MetadataConfiguration(MetadataMode mode, Optional<Integer> iops) {

    /** FSx's largest metadata IOPS; above 12000 they come in steps of 12000. */
    static final int MAX_IOPS = 192_000;
    static final int IOPS_STEP = 12_000;
    static final String VALID_IOPS = "1500, 3000, 6000, 12000, or a multiple of 12000 up to 192000";

    public MetadataConfiguration {
        if (mode == MetadataMode.AUTOMATIC && iops.isPresent() || mode == MetadataMode.USER_PROVISIONED && iops.isEmpty()) {
            throw new IllegalArgumentException("USER_PROVISIONED takes metadata IOPS and AUTOMATIC none, not " + mode + " " + iops);
        }
    }

    public static MetadataConfiguration automatic() {
        return new MetadataConfiguration(MetadataMode.AUTOMATIC, Optional.empty());
    }

    public static MetadataConfiguration userProvisioned(int iops) {
        return new MetadataConfiguration(MetadataMode.USER_PROVISIONED, Optional.of(iops));
    }

    /** Whether FSx accepts {@code iops} as an SSD file system's metadata IOPS. */
    static boolean isValidIops(long iops) {
        return iops == 1500 || iops == 3000 || iops == 6000 || iops >= IOPS_STEP && iops <= MAX_IOPS && iops % IOPS_STEP == 0;
    }

    /**
     * The configuration from a mode and a number, as given under {@code modeKey} and
     * {@code iopsKey}: metadata IOPS only with USER_PROVISIONED, which needs them (FSx has no
     * default for them), and none with AUTOMATIC, where FSx derives them from the capacity.
     */
    static Optional<MetadataConfiguration> resolve(String modeKey, String iopsKey, Optional<MetadataMode> mode, Optional<Integer> iops) {
        if (mode.isEmpty()) {
            if (iops.isPresent()) {
                throw CsiException.invalidArgument("parameter '%s' needs '%s' USER_PROVISIONED", iopsKey, modeKey);
            }
            return Optional.empty();
        }
        return switch (mode.get()) {
            case AUTOMATIC -> {
                if (iops.isPresent()) {
                    throw CsiException.invalidArgument("parameter '%s' is not allowed with '%s' AUTOMATIC, where FSx sets the metadata "
                            + "IOPS from the capacity; use USER_PROVISIONED to choose them", iopsKey, modeKey);
                }
                yield Optional.of(automatic());
            }
            case USER_PROVISIONED -> Optional.of(userProvisioned(iops.orElseThrow(() -> CsiException.invalidArgument(
                    "parameter '%s' is required with '%s' USER_PROVISIONED (%s)", iopsKey, modeKey, VALID_IOPS))));
        };
    }
}
