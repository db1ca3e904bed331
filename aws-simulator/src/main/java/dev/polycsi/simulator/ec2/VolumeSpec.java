package dev.polycsi.simulator.ec2;

import java.util.Optional;

/**
 * What a volume is: type, size and performance, validated as EC2 validates CreateVolume and
 * ModifyVolume, with EC2's defaults filled in.
 *
 * @param iops       null for types that report none
 * @param throughput MiB/s; gp3 only, else null
 */
record VolumeSpec(VolumeType type, int sizeGiB, Integer iops, Integer throughput, boolean multiAttach) {

    static final int GP3_BASELINE_IOPS = 3000;
    static final int GP3_BASELINE_THROUGHPUT = 125;
    static final int GP3_MAX_THROUGHPUT = 1000;

    /** Validates the requested values and fills in what EC2 fills in; errors name the first problem. */
    static VolumeSpec of(VolumeType type, int sizeGiB, Optional<Integer> iops, Optional<Integer> throughput, boolean multiAttach) {
        if (sizeGiB < type.minSizeGiB()) {
            throw Ec2Errors.invalidParameterValue("Volume of %dGiB is too small; minimum is %dGiB.", sizeGiB, type.minSizeGiB());
        }
        if (sizeGiB > type.maxSizeGiB()) {
            throw Ec2Errors.invalidParameterValue("Volume of %dGiB is too large for volume type %s; maximum is %dGiB.", sizeGiB, type, type.maxSizeGiB());
        }
        if (iops.isPresent() && !type.provisionsIops()) {
            throw Ec2Errors.invalidParameterCombination("The parameter iops is not supported for %s volumes.", type);
        }
        if (throughput.isPresent() && !type.provisionsThroughput()) {
            throw Ec2Errors.invalidParameterCombination("The parameter throughput is not supported for %s volumes.", type);
        }
        if (multiAttach && !type.supportsMultiAttach()) {
            throw Ec2Errors.invalidParameterCombination("The Multi-Attach feature is not supported for %s volumes.", type);
        }
        return switch (type) {
            case GP2 -> new VolumeSpec(type, sizeGiB, Math.clamp(3L * sizeGiB, 100, 16000), null, false);
            case GP3 -> {
                int gp3Iops = validIops(type, sizeGiB, iops.orElse(GP3_BASELINE_IOPS));
                yield new VolumeSpec(type, sizeGiB, gp3Iops, validThroughput(gp3Iops, throughput.orElse(GP3_BASELINE_THROUGHPUT)), false);
            }
            case IO1, IO2 -> {
                int provisioned = iops.orElseThrow(() -> Ec2Errors.invalidParameterCombination(
                        "The parameter iops must be specified for %s volumes.", type));
                yield new VolumeSpec(type, sizeGiB, validIops(type, sizeGiB, provisioned), null, multiAttach);
            }
            case ST1, SC1, STANDARD -> new VolumeSpec(type, sizeGiB, null, null, false);
        };
    }

    private static int validIops(VolumeType type, int sizeGiB, int iops) {
        VolumeType.IopsLimits limits = type.iopsLimits();
        if (iops < limits.min()) {
            throw Ec2Errors.invalidParameterValue("Volume iops of %d is too low; minimum is %d.", iops, limits.min());
        }
        if (iops > limits.max()) {
            throw Ec2Errors.invalidParameterValue("Volume iops of %d is too high; maximum is %d.", iops, limits.max());
        }
        // gp3's baseline is free at any size; only IOPS above it count against the per-GiB ratio
        boolean baseline = type == VolumeType.GP3 && iops <= GP3_BASELINE_IOPS;
        if (!baseline && iops > (long) sizeGiB * limits.perGiB()) {
            throw Ec2Errors.invalidParameterValue("Iops to volume size ratio of %.6f is too high; maximum is %d.000000.",
                    (double) iops / sizeGiB, limits.perGiB());
        }
        return iops;
    }

    private static int validThroughput(int iops, int throughput) {
        if (throughput < GP3_BASELINE_THROUGHPUT) {
            throw Ec2Errors.invalidParameterValue("Volume throughput of %d MiB/s is too low; minimum is %d MiB/s.", throughput, GP3_BASELINE_THROUGHPUT);
        }
        if (throughput > GP3_MAX_THROUGHPUT) {
            throw Ec2Errors.invalidParameterValue("Volume throughput of %d MiB/s is too high; maximum is %d MiB/s.", throughput, GP3_MAX_THROUGHPUT);
        }
        if (throughput * 4L > iops) {
            throw Ec2Errors.invalidParameterValue("Throughput (MiBps) to iops ratio of %.6f is too high; maximum is 0.250000 MiBps per iops.",
                    (double) throughput / iops);
        }
        return throughput;
    }

    long sizeBytes() {
        return (long) sizeGiB << 30;
    }
}
