package dev.polycsi.simulator.efs;

import java.util.Optional;
import java.util.Set;

/**
 * What CreateFileSystem lets the caller choose, validated as EFS does.
 *
 * @param availabilityZone set for a One Zone file system
 */
record FileSystemOptions(
        String performanceMode,
        boolean encrypted,
        Optional<String> kmsKeyId,
        String throughputMode,
        Optional<Double> provisionedThroughputInMibps,
        Optional<String> availabilityZone) {

    private static final Set<String> PERFORMANCE_MODES = Set.of("generalPurpose", "maxIO");
    private static final Set<String> THROUGHPUT_MODES = Set.of("bursting", "provisioned", "elastic");
    private static final double MAX_PROVISIONED_MIBPS = 3414;

    /** EFS's defaults when CreateFileSystem leaves these out; after the sets above, which the constructor reads. */
    static final FileSystemOptions DEFAULTS =
            new FileSystemOptions("generalPurpose", false, Optional.empty(), "bursting", Optional.empty(), Optional.empty());

    FileSystemOptions {
        if (!PERFORMANCE_MODES.contains(performanceMode)) {
            throw EfsError.badRequest("PerformanceMode '%s' is not one of %s.", performanceMode, PERFORMANCE_MODES);
        }
        if (!THROUGHPUT_MODES.contains(throughputMode)) {
            throw EfsError.badRequest("ThroughputMode '%s' is not one of %s.", throughputMode, THROUGHPUT_MODES);
        }
        if (throughputMode.equals("provisioned") != provisionedThroughputInMibps.isPresent()) {
            throw EfsError.badRequest("ProvisionedThroughputInMibps must be set exactly when ThroughputMode is provisioned.");
        }
        provisionedThroughputInMibps.filter(mibps -> mibps < 1 || mibps > MAX_PROVISIONED_MIBPS).ifPresent(mibps -> {
            throw EfsError.badRequest("ProvisionedThroughputInMibps must be from 1 to %.0f, not %s.", MAX_PROVISIONED_MIBPS, mibps);
        });
        if (kmsKeyId.isPresent() && !encrypted) {
            throw EfsError.badRequest("KmsKeyId can only be given for an encrypted file system.");
        }
        if (performanceMode.equals("maxIO") && availabilityZone.isPresent()) {
            throw EfsError.badRequest("maxIO performance mode is not supported for One Zone file systems.");
        }
    }
}
