package dev.polycsi.simulator.ec2;

import dev.polycsi.simulator.http.AwsError;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * ModifyVolume and DescribeVolumesModifications. A modification goes modifying → optimizing
 * (knob {@code delay.modification.optimizing}) → completed ({@code delay.modification.completed});
 * the volume takes on its new size, type and performance at optimizing. EC2's cool-down between
 * two modifications of one volume is the knob {@code delay.modification.cooldown} (none by default).
 */
final class ModificationsApi implements Ec2Context.Api {

    static final Set<String> FILTERS = Set.of("volume-id", "modification-state", "target-size", "target-iops", "target-volume-type",
            "target-throughput", "target-multi-attach-enabled", "original-size", "original-iops", "original-volume-type",
            "original-multi-attach-enabled");

    private static final int MAX_RESULTS = 500;

    private final Ec2Context context;
    private final Ec2State state;

    ModificationsApi(Ec2Context context) {
        this.context = context;
        this.state = context.state();
    }

    @Override
    public void register(Map<String, Ec2Context.Action> actions) {
        actions.put("ModifyVolume", this::modifyVolume);
        actions.put("DescribeVolumesModifications", this::describeVolumesModifications);
    }

    private void modifyVolume(QueryParams params, Instant now, XmlWriter response) {
        String volumeId = ResourceIds.volume(params.required("VolumeId"));
        Volume volume = state.volumes.get(volumeId);
        if (volume == null) {
            throw Ec2Errors.volumeNotFound(volumeId);
        }
        if (volume.lifecycle != Volume.Lifecycle.CREATED) {
            throw Ec2Errors.incorrectState("Volume %s must be in the available or in-use state to be modified.", volumeId);
        }
        if (volume.modificationInProgress()) {
            throw AwsError.badRequest("IncorrectModificationState", "Volume %s cannot be modified in modification state %s", volumeId,
                    volume.modification.state.name());
        }
        if (volume.modification != null && now.isBefore(volume.modification.startTime.plus(context.knobs().delay("modification.cooldown")))) {
            throw AwsError.badRequest("VolumeModificationRateExceeded",
                    "You've reached the maximum modification rate per volume limit. Wait at least 6 hours between modifications per EBS volume.");
        }
        VolumeSpec current = volume.spec;
        VolumeSpec target = target(params, current);
        if (target.equals(current)) {
            throw Ec2Errors.invalidParameterValue("The requested configuration of volume %s is the same as its current configuration.", volumeId);
        }
        params.stopIfDryRun();

        if (target.sizeGiB() > current.sizeGiB()) {
            context.storage().resize(volumeId, target.sizeBytes());
        }
        Instant optimizingAt = context.after(now, "modification.optimizing");
        volume.modification = new VolumeModification(volumeId, current, target, now, optimizingAt,
                context.after(optimizingAt, "modification.completed"));
        response.start("volumeModification");
        context.xml().modification(response, volume.modification, now);
        response.end();
    }

    /** The requested attributes; what is not requested stays as it is, or takes the new type's default. */
    private static VolumeSpec target(QueryParams params, VolumeSpec current) {
        Optional<VolumeType> requestedType = params.string("VolumeType").map(VolumeType::parse);
        Optional<Integer> size = params.integer("Size");
        Optional<Integer> iops = params.integer("Iops");
        Optional<Integer> throughput = params.integer("Throughput");
        Optional<Boolean> multiAttach = params.optionalBool("MultiAttachEnabled");
        if (requestedType.isEmpty() && size.isEmpty() && iops.isEmpty() && throughput.isEmpty() && multiAttach.isEmpty()) {
            throw Ec2Errors.missingParameter("Size, VolumeType, Iops, Throughput or MultiAttachEnabled");
        }
        VolumeType type = requestedType.orElse(current.type());
        if (size.isPresent() && size.get() < current.sizeGiB()) {
            throw Ec2Errors.invalidParameterValue("New size cannot be smaller than existing size.");
        }
        boolean keepsIops = type.provisionsIops() && (type == current.type() || bothIo(type, current.type()));
        boolean keepsThroughput = type.provisionsThroughput() && type == current.type();
        return VolumeSpec.of(type, size.orElse(current.sizeGiB()),
                iops.or(() -> keepsIops ? Optional.of(current.iops()) : Optional.empty()),
                throughput.or(() -> keepsThroughput ? Optional.of(current.throughput()) : Optional.empty()),
                multiAttach.orElse(current.multiAttach()));
    }

    private static boolean bothIo(VolumeType a, VolumeType b) {
        return a.supportsMultiAttach() && b.supportsMultiAttach();
    }

    private void describeVolumesModifications(QueryParams params, Instant now, XmlWriter response) {
        List<String> ids = ResourceIds.volumes(params.list("VolumeId"));
        List<Filter> filters = params.filters();
        Filter.requireKnown(filters, FILTERS);
        Optional<Integer> maxResults = Pagination.maxResults(params, 5, MAX_RESULTS);
        params.stopIfDryRun();

        List<Volume> volumes;
        if (ids.isEmpty()) {
            volumes = state.volumes.values().stream().filter(v -> v.modification != null).toList();
        } else {
            List<String> unknown = ids.stream().filter(id -> !state.volumes.containsKey(id)).distinct().toList();
            if (!unknown.isEmpty()) {
                throw Ec2Errors.volumeNotFound(unknown);
            }
            ids.stream().filter(id -> state.volumes.get(id).modification == null).findFirst().ifPresent(id -> {
                throw AwsError.badRequest("InvalidVolumeModification.NotFound", "Modification for volume '%s' does not exist.", id);
            });
            volumes = state.volumes.values().stream().filter(v -> ids.contains(v.id)).toList();
        }
        List<Volume> matching = volumes.stream().filter(v -> Filter.all(filters, v.modification, v.tags, ModificationsApi::filterValues)).toList();
        Pagination.Page<Volume> page = Pagination.page(matching, v -> v.sequence, maxResults, params.string("NextToken"), MAX_RESULTS);
        response.start("volumeModificationSet");
        for (Volume volume : page.items()) {
            response.start("item");
            context.xml().modification(response, volume.modification, now);
            response.end();
        }
        response.end().element("nextToken", page.nextToken());
    }

    private static List<String> filterValues(VolumeModification modification, String filter) {
        VolumeSpec target = modification.target;
        VolumeSpec original = modification.original;
        return switch (filter) {
            case "volume-id" -> List.of(modification.volumeId);
            case "modification-state" -> List.of(modification.state.wireName());
            case "target-size" -> List.of(String.valueOf(target.sizeGiB()));
            case "target-iops" -> optional(target.iops());
            case "target-volume-type" -> List.of(target.type().wireName());
            case "target-throughput" -> optional(target.throughput());
            case "target-multi-attach-enabled" -> List.of(String.valueOf(target.multiAttach()));
            case "original-size" -> List.of(String.valueOf(original.sizeGiB()));
            case "original-iops" -> optional(original.iops());
            case "original-volume-type" -> List.of(original.type().wireName());
            case "original-multi-attach-enabled" -> List.of(String.valueOf(original.multiAttach()));
            default -> List.of();
        };
    }

    private static List<String> optional(Integer value) {
        return value == null ? List.of() : List.of(value.toString());
    }
}
