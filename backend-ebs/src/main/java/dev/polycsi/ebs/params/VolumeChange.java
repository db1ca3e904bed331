package dev.polycsi.ebs.params;

import dev.polycsi.spi.CsiException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a VolumeAttributesClass asks to change on an existing volume; empty fields stay as they are.
 *
 * @param iopsPerGiB IOPS to set from the volume's size, resolved by {@link #forSize}
 * @param allowAutoIopsIncreaseOnModify sets or removes the tag that makes expansions follow iopsPerGB
 */
public record VolumeChange(
        Optional<String> type,
        Optional<Integer> iops,
        Optional<Integer> throughput,
        Map<String, String> addTags,
        Set<String> removeTags,
        Optional<Long> iopsPerGiB,
        Optional<Boolean> allowAutoIopsIncreaseOnModify) {

    public VolumeChange {
        addTags = Map.copyOf(addTags);
        removeTags = Set.copyOf(removeTags);
    }

    public VolumeChange(Optional<String> type, Optional<Integer> iops, Optional<Integer> throughput, Map<String, String> addTags,
            Set<String> removeTags) {
        this(type, iops, throughput, addTags, removeTags, Optional.empty(), Optional.empty());
    }

    public boolean changesDisk() {
        return type.isPresent() || iops.isPresent() || throughput.isPresent() || iopsPerGiB.isPresent();
    }

    /**
     * This change for a volume of {@code sizeGiB} and {@code currentType}: iopsPerGB turned into IOPS
     * (raised to the type's minimum, capped as at creation) and the driver's tags that follow
     * from it. A fixed {@code iops} drops the ratio tag, so that a later expansion does not
     * replace the IOPS asked for here.
     */
    public VolumeChange forSize(long sizeGiB, String currentType, Map<String, String> currentTags) {
        Optional<Integer> resolvedIops = iops;
        Map<String, String> add = new java.util.HashMap<>(addTags);
        Set<String> remove = new java.util.HashSet<>(removeTags);
        if (iopsPerGiB.isPresent()) {
            VolumeType after = VolumeType.parse("type", type.orElse(currentType));
            if (!after.takesIops()) {
                throw CsiException.invalidArgument("parameter 'iopspergb' does not apply to %s volumes; only io1, io2 and gp3 take IOPS", after);
            }
            long perGiB = iopsPerGiB.get();
            long requested = sizeGiB > Long.MAX_VALUE / perGiB ? Long.MAX_VALUE : perGiB * sizeGiB;
            resolvedIops = Optional.of(after.iopsLimits().orElseThrow().provisioned(requested, sizeGiB, true, "iopspergb", after));
            add.put(Tags.IOPS_PER_GB_TAG, Long.toString(perGiB));
        } else if (iops.isPresent() && currentTags.containsKey(Tags.IOPS_PER_GB_TAG)) {
            remove.add(Tags.IOPS_PER_GB_TAG);
        }
        allowAutoIopsIncreaseOnModify.ifPresent(allow -> {
            if (allow) {
                add.put(Tags.ALLOW_AUTO_IOPS_INCREASE_ON_MODIFY_TAG, "true");
            } else if (currentTags.containsKey(Tags.ALLOW_AUTO_IOPS_INCREASE_ON_MODIFY_TAG)) {
                remove.add(Tags.ALLOW_AUTO_IOPS_INCREASE_ON_MODIFY_TAG);
            }
        });
        // the driver's tags as they already are cost no CreateTags
        add.entrySet().removeIf(tag -> tag.getKey().startsWith("ebs.csi.aws.com/") && tag.getValue().equals(currentTags.get(tag.getKey())));
        return new VolumeChange(type, resolvedIops, throughput, add, remove, Optional.empty(), Optional.empty());
    }

    /**
     * Refuses (INVALID_ARGUMENT) IOPS or throughput for a volume whose type after the change,
     * {@code type} or else {@code currentType}, does not take them, before EC2 is asked.
     */
    public void checkApplicableTo(String currentType) {
        if (type.isEmpty() && java.util.Arrays.stream(VolumeType.wireNames()).noneMatch(currentType::equals)) {
            return; // a type newer than this driver: EC2 has the last word
        }
        VolumeType after = VolumeType.parse("type", type.orElse(currentType));
        if (iops.isPresent() && !after.takesIops()) {
            throw CsiException.invalidArgument("parameter 'iops' does not apply to %s volumes; only io1, io2 and gp3 take IOPS", after);
        }
        if (throughput.isPresent() && !after.takesThroughput()) {
            throw CsiException.invalidArgument("parameter 'throughput' does not apply to %s volumes; only gp3 takes a throughput", after);
        }
    }
}
