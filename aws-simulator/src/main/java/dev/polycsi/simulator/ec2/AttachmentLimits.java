package dev.polycsi.simulator.ec2;

import java.util.Map;

/**
 * How many EBS volumes an instance type can have attached. Nitro instances before the 7th
 * generation share 28 attachment slots between network interfaces and volumes, so with the one
 * interface the simulated instance has, 27 (the EBS CSI driver's default for unknown types);
 * types with NVMe instance store or more slots differ. 7th-generation Intel and AMD types have
 * dedicated EBS slots; Xen types allow 39. The simulated root device is not counted.
 */
final class AttachmentLimits {

    static final int NITRO_SHARED = 27;

    private static final Map<String, Integer> LIMITS = Map.ofEntries(
            Map.entry("m5.metal", 31),
            Map.entry("c5.metal", 31),
            Map.entry("c5d.large", 26),
            Map.entry("m5d.large", 26),
            Map.entry("d3.xlarge", 24),
            Map.entry("d3.4xlarge", 15),
            Map.entry("d3.8xlarge", 3),
            Map.entry("g5.48xlarge", 9),
            Map.entry("m7i.large", 32),
            Map.entry("c7i.large", 32),
            Map.entry("r7i.large", 32),
            Map.entry("m7i.16xlarge", 48),
            Map.entry("m7i.48xlarge", 128),
            Map.entry("c7a.48xlarge", 128),
            Map.entry("m4.large", 39),
            Map.entry("c4.large", 39),
            Map.entry("t2.micro", 39),
            Map.entry("t2.medium", 39));

    private AttachmentLimits() {
    }

    static int of(String instanceType) {
        return LIMITS.getOrDefault(instanceType, NITRO_SHARED);
    }
}
