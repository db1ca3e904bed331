package dev.polycsi.simulator.fsx;

import dev.polycsi.simulator.json.JsonRequest;
import java.util.List;
import java.util.Optional;

/**
 * MetadataConfiguration: PERSISTENT_2 only; AUTOMATIC takes no IOPS, USER_PROVISIONED one of
 * FSx's values. UpdateFileSystem raises the IOPS or switches the mode, under the rules of the
 * Lustre guide ("Managing metadata performance", "Changing the metadata configuration mode") and
 * the API reference (UpdateFileSystemLustreMetadataConfiguration).
 */
final class LustreMetadata {

    private static final int MAX_IOPS = 192_000;
    private static final List<String> MODES = List.of(MetadataConfiguration.AUTOMATIC, MetadataConfiguration.USER_PROVISIONED);

    /** An UpdateFileSystem's MetadataConfiguration: both members are optional in the model. */
    record Change(Optional<String> mode, Optional<Integer> iops) {
    }

    private LustreMetadata() {
    }

    static Optional<MetadataConfiguration> read(JsonRequest lustre, DeploymentType deployment) {
        return lustre.object("MetadataConfiguration").map(metadata -> {
            if (deployment != DeploymentType.PERSISTENT_2) {
                throw FsxError.badRequest("MetadataConfiguration is supported only for deployment type PERSISTENT_2, not %s.", deployment);
            }
            String mode = FsxFields.oneOf(metadata, "Mode", MODES)
                    .orElseThrow(() -> FsxError.badRequest("Mode is required in MetadataConfiguration."));
            Optional<Long> iops = metadata.integer("Iops");
            if (mode.equals(MetadataConfiguration.AUTOMATIC)) {
                if (iops.isPresent()) {
                    throw FsxError.badRequest("Iops cannot be set in AUTOMATIC metadata configuration mode.");
                }
                return new MetadataConfiguration(mode, 0);
            }
            long value = iops.orElseThrow(() -> FsxError.badRequest("Iops is required in USER_PROVISIONED metadata configuration mode."));
            requireValid(value);
            return new MetadataConfiguration(mode, (int) value);
        });
    }

    /** UpdateFileSystem's MetadataConfiguration, as the model has it (Iops 1500 to 192000); empty: none asked for. */
    static Optional<Change> readChange(JsonRequest lustre) {
        return lustre.object("MetadataConfiguration").map(metadata -> {
            Change change = new Change(FsxFields.oneOf(metadata, "Mode", MODES), FsxFields.intInRange(metadata, "Iops", 1500, MAX_IOPS));
            if (change.mode().isEmpty() && change.iops().isEmpty()) {
                throw FsxError.badRequest("MetadataConfiguration needs a Mode or Iops.");
            }
            return change;
        });
    }

    /**
     * The metadata configuration an update leads to from {@code current} (the one in force, at
     * {@code capacity} GiB):
     * <ul>
     * <li>only a PERSISTENT_2 file system created with a metadata configuration has one to change
     *     ("You cannot add or update the metadata configuration … if the metadata configuration
     *     is not specified at the time of file system creation"): UnsupportedOperation;</li>
     * <li>IOPS only with USER_PROVISIONED, given or already in force ("You can't specify the
     *     number of Metadata IOPS on a file system that is in Automatic mode"), one of FSx's
     *     values and at least the IOPS in force ("you cannot decrease the number of Metadata
     *     IOPS"), also when switching from AUTOMATIC;</li>
     * <li>back to AUTOMATIC without IOPS, refused when the IOPS in force exceed what AUTOMATIC
     *     gives the capacity ("downscaling Metadata IOPS is not supported").</li>
     * </ul>
     * Refusals other than the first are BadRequest; FSx documents the rules, not its codes.
     */
    static MetadataConfiguration requireValidChange(Change change, DeploymentType deployment, Optional<MetadataConfiguration> current,
            int capacity) {
        if (deployment != DeploymentType.PERSISTENT_2) {
            throw FsxError.unsupportedOperation("The metadata configuration can be updated only on PERSISTENT_2 file systems, not %s.",
                    deployment);
        }
        MetadataConfiguration now = current.orElseThrow(() -> FsxError.unsupportedOperation(
                "The file system was created without a metadata configuration; one cannot be added or updated."));
        int iopsNow = now.iops(capacity);
        String mode = change.mode().orElse(now.mode());
        if (mode.equals(MetadataConfiguration.AUTOMATIC)) {
            if (change.iops().isPresent()) {
                throw FsxError.badRequest("Iops cannot be set in AUTOMATIC metadata configuration mode; switch to USER_PROVISIONED to"
                        + " provision Metadata IOPS.");
            }
            MetadataConfiguration automatic = new MetadataConfiguration(MetadataConfiguration.AUTOMATIC, 0);
            if (iopsNow > automatic.iops(capacity)) {
                throw FsxError.badRequest("Cannot switch to AUTOMATIC metadata configuration mode: the file system's %d Metadata IOPS"
                        + " exceed the %d that AUTOMATIC mode provisions for %d GiB, and downscaling Metadata IOPS is not supported.",
                        iopsNow, automatic.iops(capacity), capacity);
            }
            return automatic;
        }
        int iops = change.iops().orElseThrow(() -> FsxError.badRequest("Iops is required in USER_PROVISIONED metadata configuration mode."));
        requireValid(iops);
        if (iops < iopsNow) {
            throw FsxError.badRequest("Metadata Iops %d must be greater than or equal to the file system's current %d Metadata IOPS;"
                    + " Metadata IOPS cannot be decreased.", iops, iopsNow);
        }
        return new MetadataConfiguration(MetadataConfiguration.USER_PROVISIONED, iops);
    }

    private static void requireValid(long iops) {
        if (!(iops == 1500 || iops == 3000 || iops == 6000 || (iops >= 12000 && iops <= MAX_IOPS && iops % 12000 == 0))) {
            throw FsxError.badRequest("Metadata Iops %d is not valid; valid values are 1500, 3000, 6000, 12000 and multiples of 12000 up to %d.",
                    iops, MAX_IOPS);
        }
    }
}
