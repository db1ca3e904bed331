package dev.polycsi.fsx.ontap.params;

import static dev.polycsi.fsx.ontap.params.VolumeParameters.AGGREGATES;
import static dev.polycsi.fsx.ontap.params.VolumeParameters.CONSTITUENTS_PER_AGGREGATE;
import static dev.polycsi.fsx.ontap.params.VolumeParameters.COOLING_PERIOD;
import static dev.polycsi.fsx.ontap.params.VolumeParameters.COPY_TAGS_TO_BACKUPS;
import static dev.polycsi.fsx.ontap.params.VolumeParameters.EXTRA_TAGS;
import static dev.polycsi.fsx.ontap.params.VolumeParameters.FILE_SYSTEM_ID;
import static dev.polycsi.fsx.ontap.params.VolumeParameters.JUNCTION_PATH_PREFIX;
import static dev.polycsi.fsx.ontap.params.VolumeParameters.NFS_MOUNT_OPTIONS;
import static dev.polycsi.fsx.ontap.params.VolumeParameters.SECURITY_STYLE;
import static dev.polycsi.fsx.ontap.params.VolumeParameters.SKIP_FINAL_BACKUP_ON_DELETE;
import static dev.polycsi.fsx.ontap.params.VolumeParameters.SNAPSHOT_POLICY;
import static dev.polycsi.fsx.ontap.params.VolumeParameters.STORAGE_EFFICIENCY_ENABLED;
import static dev.polycsi.fsx.ontap.params.VolumeParameters.STORAGE_VIRTUAL_MACHINE_ID;
import static dev.polycsi.fsx.ontap.params.VolumeParameters.TIERING_POLICY;
import static dev.polycsi.fsx.ontap.params.VolumeParameters.VOLUME_STYLE;

import dev.polycsi.fsx.ontap.params.OntapSettings.Tiering;
import dev.polycsi.fsx.ontap.params.OntapSettings.TieringPolicyName;
import dev.polycsi.fsx.ontap.params.OntapSettings.VolumeStyle;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.param.Parameter;
import dev.polycsi.spi.param.Parameters;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The combinations of StorageClass parameters FSx's CreateVolume refuses, refused first with
 * INVALID_ARGUMENT naming every key involved. One instance checks one StorageClass.
 */
final class CreationRules {

    private final Parameters parameters;
    private final VolumeStyle style;

    CreationRules(Parameters parameters) {
        this.parameters = parameters;
        this.style = parameters.get(VOLUME_STYLE);
    }

    OntapSettings settings() {
        List<String> aggregates = flexGroupOnly(AGGREGATES).orElse(List.of());
        OptionalInt constituentsPerAggregate = optionalInt(flexGroupOnly(CONSTITUENTS_PER_AGGREGATE));
        checkConstituents(aggregates, constituentsPerAggregate);
        return new OntapSettings(
                parameters.get(FILE_SYSTEM_ID),
                parameters.get(STORAGE_VIRTUAL_MACHINE_ID),
                style,
                aggregates,
                constituentsPerAggregate,
                parameters.get(SECURITY_STYLE),
                tiering(),
                parameters.get(SNAPSHOT_POLICY),
                parameters.get(STORAGE_EFFICIENCY_ENABLED),
                parameters.get(COPY_TAGS_TO_BACKUPS),
                parameters.get(JUNCTION_PATH_PREFIX),
                parameters.get(SKIP_FINAL_BACKUP_ON_DELETE),
                parameters.get(NFS_MOUNT_OPTIONS).options(),
                parameters.find(EXTRA_TAGS).orElse(Map.of()));
    }

    /** FSx takes the aggregate configuration for FlexGroup volumes only. */
    private <T> Optional<T> flexGroupOnly(Parameter<T> parameter) {
        if (parameters.isSet(parameter) && style != VolumeStyle.FLEXGROUP) {
            throw CsiException.invalidArgument("parameter '%s' applies to 'volumeStyle' FLEXGROUP only (the volume style is %s%s); "
                    + "set volumeStyle: FLEXGROUP or leave '%s' out", parameter.key(), style,
                    parameters.isSet(VOLUME_STYLE) ? "" : ", the default", parameter.key());
        }
        return parameters.find(parameter);
    }

    /** ONTAP's FlexGroup has at most 200 constituents, whatever the aggregates. */
    private void checkConstituents(List<String> aggregates, OptionalInt perAggregate) {
        int each = perAggregate.orElse(VolumeSizes.DEFAULT_CONSTITUENTS_PER_AGGREGATE);
        int total = Math.max(1, aggregates.size()) * each;
        if (total > VolumeSizes.MAX_CONSTITUENTS) {
            throw CsiException.invalidArgument("parameters 'aggregates' and 'constituentsPerAggregate': %d aggregates × %d "
                    + "constituents is %d, but a FlexGroup has at most %d; lower constituentsPerAggregate to %d or less",
                    aggregates.size(), each, total, VolumeSizes.MAX_CONSTITUENTS, VolumeSizes.MAX_CONSTITUENTS / aggregates.size());
        }
    }

    /** FSx takes a cooling period with AUTO and SNAPSHOT_ONLY only. */
    private Tiering tiering() {
        TieringPolicyName policy = parameters.get(TIERING_POLICY);
        OptionalInt coolingPeriod = optionalInt(parameters.find(COOLING_PERIOD));
        if (coolingPeriod.isPresent() && (policy == TieringPolicyName.ALL || policy == TieringPolicyName.NONE)) {
            throw CsiException.invalidArgument("parameter 'coolingPeriod' applies to 'tieringPolicy' AUTO and SNAPSHOT_ONLY only "
                    + "(the tiering policy is %s, which moves %s); leave 'coolingPeriod' out", policy,
                    policy == TieringPolicyName.ALL ? "all data at once" : "no data");
        }
        return new Tiering(policy, coolingPeriod);
    }

    /** An absent value as an empty OptionalInt, for the settings record. */
    private static OptionalInt optionalInt(Optional<Integer> value) {
        return value.map(OptionalInt::of).orElseGet(OptionalInt::empty);
    }
}
