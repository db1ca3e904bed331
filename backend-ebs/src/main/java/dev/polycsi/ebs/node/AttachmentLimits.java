package dev.polycsi.ebs.node;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How many EBS volumes an instance type takes, from EC2's published limits (the facts behind
 * aws-ebs-csi-driver's generated table, condensed into family rules):
 *
 * <ul>
 * <li>Xen types take 39 volumes, in slots of their own.</li>
 * <li>Nitro types up to the 6th generation (and Graviton 7g) share 28 slots between volumes,
 *     network interfaces and NVMe instance-store disks: 27 with the one ENI every instance has,
 *     fewer where instance-store disks take slots, 31 on bare metal.</li>
 * <li>7th-generation Intel/AMD and 8th-generation types have dedicated EBS slots that grow with
 *     the size: 32, 48 at 16xlarge, 64 at 24xlarge, 88 at 32xlarge, 128 at 48xlarge and above.</li>
 * </ul>
 *
 * An unknown type gets the shared 27, as in the official driver.
 */
final class AttachmentLimits {

    /** The limit of an instance type; for shared slots it already counts the first ENI. */
    record Limit(int volumes, boolean shared) {}

    static final Limit UNKNOWN = new Limit(27, true);
    static final Limit XEN = new Limit(39, false);
    static final Limit NITRO_METAL = new Limit(31, true);

    private static final Set<String> XEN_FAMILIES = Set.of("c1", "c3", "c4", "d2", "f1", "g2", "g3", "h1", "i2", "i3", "m1", "m2",
            "m3", "m4", "p2", "p3", "r3", "r4", "t1", "t2", "x1", "x1e");

    private static final Set<String> DEDICATED_FAMILIES = Set.of(
            "m7i", "m7i-flex", "c7i", "c7i-flex", "r7i", "r7iz", "m7a", "c7a", "r7a",
            "m8g", "c8g", "r8g", "m8gd", "c8gd", "r8gd", "m8gn", "c8gn", "r8gn", "m8gb", "c8gb", "r8gb",
            "m8i", "c8i", "r8i", "m8i-flex", "c8i-flex", "r8i-flex", "m8a", "c8a", "r8a",
            "i7i", "i7ie", "i8g", "i8ge", "x8g", "x8i", "g6", "g6e", "g6f", "gr6", "gr6f", "g7e", "f2");

    /** Sizes of dedicated families past the 32 of medium to 12xlarge. */
    private static final Map<String, Integer> DEDICATED_SIZES = Map.ofEntries(
            Map.entry("16xlarge", 48), Map.entry("18xlarge", 48),
            Map.entry("24xlarge", 64), Map.entry("32xlarge", 88),
            Map.entry("48xlarge", 128), Map.entry("64xlarge", 128), Map.entry("96xlarge", 128),
            Map.entry("metal-16xl", 39), Map.entry("metal-24xl", 39),
            Map.entry("metal-32xl", 79), Map.entry("metal-48xl", 79), Map.entry("metal-96xl", 79));

    /** 5th-generation Intel/AMD types with instance-store disks: each disk takes a shared slot. */
    private static final Map<String, Integer> GEN5_INSTANCE_STORE = Map.of(
            "large", 26, "xlarge", 26, "2xlarge", 26, "4xlarge", 25, "8xlarge", 25, "12xlarge", 25, "16xlarge", 23, "24xlarge", 23);
    private static final Map<String, Integer> C5D = Map.of(
            "large", 26, "xlarge", 26, "2xlarge", 26, "4xlarge", 26, "9xlarge", 26, "12xlarge", 25, "18xlarge", 25, "24xlarge", 23);
    /** 6th-generation Intel/AMD types with instance-store disks. */
    private static final Map<String, Integer> GEN6_INSTANCE_STORE = Map.of(
            "large", 26, "xlarge", 26, "2xlarge", 26, "4xlarge", 26, "8xlarge", 26, "12xlarge", 25, "16xlarge", 25, "24xlarge", 23,
            "32xlarge", 23);
    /** Graviton types with instance-store disks (6gd, 7gd, x2gd). */
    private static final Map<String, Integer> GRAVITON_INSTANCE_STORE = Map.of(
            "medium", 26, "large", 26, "xlarge", 26, "2xlarge", 26, "4xlarge", 26, "8xlarge", 26, "12xlarge", 25, "16xlarge", 25);

    private static final Map<String, Map<String, Integer>> SHARED_FAMILY_SIZES = Map.ofEntries(
            Map.entry("m5d", GEN5_INSTANCE_STORE), Map.entry("m5dn", GEN5_INSTANCE_STORE), Map.entry("m5ad", GEN5_INSTANCE_STORE),
            Map.entry("r5d", GEN5_INSTANCE_STORE), Map.entry("r5dn", GEN5_INSTANCE_STORE), Map.entry("r5ad", GEN5_INSTANCE_STORE),
            Map.entry("c5d", C5D),
            Map.entry("m6id", GEN6_INSTANCE_STORE), Map.entry("c6id", GEN6_INSTANCE_STORE), Map.entry("r6id", GEN6_INSTANCE_STORE),
            Map.entry("m6idn", GEN6_INSTANCE_STORE), Map.entry("r6idn", GEN6_INSTANCE_STORE),
            Map.entry("m6gd", GRAVITON_INSTANCE_STORE), Map.entry("c6gd", GRAVITON_INSTANCE_STORE), Map.entry("r6gd", GRAVITON_INSTANCE_STORE),
            Map.entry("m7gd", GRAVITON_INSTANCE_STORE), Map.entry("c7gd", GRAVITON_INSTANCE_STORE), Map.entry("r7gd", GRAVITON_INSTANCE_STORE),
            Map.entry("x2gd", GRAVITON_INSTANCE_STORE),
            Map.entry("z1d", Map.of("large", 26, "xlarge", 26, "2xlarge", 26, "3xlarge", 26, "6xlarge", 26, "12xlarge", 25)),
            Map.entry("i3en", Map.of("large", 26, "xlarge", 26, "2xlarge", 25, "3xlarge", 26, "6xlarge", 25, "12xlarge", 23,
                    "24xlarge", 19)),
            Map.entry("i4i", Map.of("large", 26, "xlarge", 26, "2xlarge", 26, "4xlarge", 26, "8xlarge", 25, "12xlarge", 24,
                    "16xlarge", 23, "24xlarge", 21, "32xlarge", 19)),
            Map.entry("g4dn", Map.of("xlarge", 25, "2xlarge", 25, "4xlarge", 25, "8xlarge", 25, "12xlarge", 22, "16xlarge", 25)),
            Map.entry("g5", Map.of("xlarge", 25, "2xlarge", 25, "4xlarge", 25, "8xlarge", 25, "12xlarge", 22, "16xlarge", 25,
                    "24xlarge", 22, "48xlarge", 9)),
            Map.entry("d3", Map.of("xlarge", 24, "2xlarge", 21, "4xlarge", 15, "8xlarge", 3)),
            Map.entry("d3en", Map.of("xlarge", 25, "2xlarge", 23, "4xlarge", 19, "6xlarge", 15, "8xlarge", 11, "12xlarge", 3)));

    /** Types that follow no family rule. */
    private static final Map<String, Limit> EXCEPTIONS = Map.ofEntries(
            Map.entry("p3dn.24xlarge", new Limit(17, true)),
            Map.entry("p4d.24xlarge", new Limit(28, false)),
            Map.entry("p4de.24xlarge", new Limit(28, false)),
            Map.entry("p5.4xlarge", new Limit(32, false)),
            Map.entry("p5.48xlarge", new Limit(64, false)),
            Map.entry("p5e.48xlarge", new Limit(64, false)),
            Map.entry("p5en.48xlarge", new Limit(64, false)),
            Map.entry("trn1.2xlarge", new Limit(25, true)),
            Map.entry("trn1.32xlarge", new Limit(28, true)),
            Map.entry("trn1n.32xlarge", new Limit(28, true)),
            Map.entry("trn2.48xlarge", new Limit(64, false)),
            Map.entry("inf2.xlarge", new Limit(26, true)),
            Map.entry("inf2.8xlarge", new Limit(26, true)),
            Map.entry("inf2.24xlarge", new Limit(28, true)),
            Map.entry("inf2.48xlarge", new Limit(28, true)),
            Map.entry("mac1.metal", new Limit(16, true)),
            Map.entry("mac2.metal", new Limit(10, true)),
            Map.entry("mac2-m2.metal", new Limit(10, true)),
            Map.entry("mac2-m2pro.metal", new Limit(10, true)),
            Map.entry("m8gn.48xlarge", new Limit(64, false)),
            Map.entry("c8gn.48xlarge", new Limit(64, false)),
            Map.entry("r8gn.48xlarge", new Limit(64, false)),
            Map.entry("c8gn.metal-48xl", new Limit(39, false)),
            Map.entry("r8gn.metal-48xl", new Limit(39, false)),
            Map.entry("m8a.metal-24xl", new Limit(64, false)),
            Map.entry("c8a.metal-24xl", new Limit(64, false)),
            Map.entry("r8a.metal-24xl", new Limit(64, false)),
            Map.entry("m8i.metal-48xl", new Limit(64, false)),
            Map.entry("c8i.metal-48xl", new Limit(64, false)),
            Map.entry("r8i.metal-48xl", new Limit(64, false)),
            Map.entry("x8i.metal-48xl", new Limit(64, false)),
            Map.entry("c8gb.metal-48xl", new Limit(78, false)),
            Map.entry("r8gb.metal-48xl", new Limit(78, false)));

    private AttachmentLimits() {
    }

    static Limit of(String instanceType) {
        Limit exception = EXCEPTIONS.get(instanceType);
        if (exception != null) {
            return exception;
        }
        int dot = instanceType.indexOf('.');
        if (dot <= 0) {
            return UNKNOWN;
        }
        String family = instanceType.substring(0, dot);
        String size = instanceType.substring(dot + 1);
        if (XEN_FAMILIES.contains(family)) {
            // i3.metal runs on Nitro; the official table has no entry for it, hence its default
            return size.equals("metal") ? UNKNOWN : XEN;
        }
        if (DEDICATED_FAMILIES.contains(family)) {
            return new Limit(DEDICATED_SIZES.getOrDefault(size, 32), false);
        }
        if (size.equals("metal")) {
            return NITRO_METAL;
        }
        return Optional.ofNullable(SHARED_FAMILY_SIZES.get(family))
                .map(sizes -> sizes.get(size))
                .map(volumes -> new Limit(volumes, true))
                .orElse(UNKNOWN);
    }

    /** EBS attachments kept for volumes outside this driver: the option, or the launch's EBS mappings and the root. */
    static int reserved(InstanceIdentity identity, NodeOptions options) {
        return options.reservedVolumeAttachments().orElse(identity.blockDeviceMappings() + 1);
    }

    /**
     * max_volumes_per_node as aws-ebs-csi-driver computes it: the option wins; else the type's
     * limit, less the reserved attachments (the option, or the launch's EBS mappings and the
     * root), less the ENIs beyond the first where slots are shared; at least 1.
     */
    static int maxVolumes(InstanceIdentity identity, NodeOptions options) {
        if (options.volumeAttachLimit().isPresent()) {
            return options.volumeAttachLimit().get();
        }
        Limit limit = of(identity.instanceType());
        int available = limit.volumes() - reserved(identity, options);
        if (limit.shared()) {
            available -= identity.networkInterfaces() - 1;
        }
        return Math.max(1, available);
    }
}
