package dev.polycsi.simulator.ec2;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * EBS volume types with EC2's size limits and, for the provisioned-IOPS types, IOPS limits.
 * io2 volumes are all Block Express now, hence up to 64 TiB and 256,000 IOPS.
 */
enum VolumeType {
    GP2("gp2", 1, 16384, null),
    GP3("gp3", 1, 16384, new IopsLimits(3000, 16000, 500)),
    IO1("io1", 4, 16384, new IopsLimits(100, 64000, 50)),
    IO2("io2", 4, 65536, new IopsLimits(100, 256000, 1000)),
    ST1("st1", 125, 16384, null),
    SC1("sc1", 125, 16384, null),
    STANDARD("standard", 1, 1024, null);

    /** IOPS a volume may provision: at least {@code min}, at most {@code max} and {@code perGiB} per GiB. */
    record IopsLimits(int min, int max, int perGiB) {}

    private final String wireName;
    private final int minSizeGiB;
    private final int maxSizeGiB;
    private final IopsLimits iops;

    VolumeType(String wireName, int minSizeGiB, int maxSizeGiB, IopsLimits iops) {
        this.wireName = wireName;
        this.minSizeGiB = minSizeGiB;
        this.maxSizeGiB = maxSizeGiB;
        this.iops = iops;
    }

    static VolumeType parse(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst()
                .orElseThrow(() -> Ec2Errors.invalidParameterValue("Value (%s) for parameter volumeType is invalid. Valid values: %s", name,
                        Arrays.stream(values()).map(VolumeType::wireName).collect(Collectors.joining(", "))));
    }

    String wireName() {
        return wireName;
    }

    int minSizeGiB() {
        return minSizeGiB;
    }

    int maxSizeGiB() {
        return maxSizeGiB;
    }

    /** Null for types whose IOPS follow from their size (gp2) or are not provisioned at all. */
    IopsLimits iopsLimits() {
        return iops;
    }

    boolean provisionsIops() {
        return iops != null;
    }

    boolean provisionsThroughput() {
        return this == GP3;
    }

    boolean supportsMultiAttach() {
        return this == IO1 || this == IO2;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
