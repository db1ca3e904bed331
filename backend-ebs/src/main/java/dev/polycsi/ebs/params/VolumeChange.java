package dev.polycsi.ebs.params;

import dev.polycsi.spi.CsiException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What a VolumeAttributesClass asks to change on an existing volume; empty fields stay as they are. */
public record VolumeChange(
        Optional<String> type,
        Optional<Integer> iops,
        Optional<Integer> throughput,
        Map<String, String> addTags,
        Set<String> removeTags) {

    public VolumeChange {
        addTags = Map.copyOf(addTags);
        removeTags = Set.copyOf(removeTags);
    }

    public boolean changesDisk() {
        return type.isPresent() || iops.isPresent() || throughput.isPresent();
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
