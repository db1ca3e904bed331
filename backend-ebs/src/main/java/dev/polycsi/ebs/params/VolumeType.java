package dev.polycsi.ebs.params;

import dev.polycsi.spi.CsiException;
import java.util.Arrays;
import java.util.Optional;

/** The EBS volume types a StorageClass may ask for, with what each accepts (EC2's rules). */
public enum VolumeType {
    GP2("gp2", null),
    GP3("gp3", new IopsLimits(3000, 16000, 500)),
    IO1("io1", new IopsLimits(100, 64000, 50)),
    IO2("io2", new IopsLimits(100, 256000, 1000)),
    ST1("st1", null),
    SC1("sc1", null),
    STANDARD("standard", null),
    /** Snowball Edge performance-optimized (SSD) and capacity-optimized (HDD) volumes: for a driver using a Snow device's EC2 endpoint. */
    SBP1("sbp1", null),
    SBG1("sbg1", null);

    /** gp3's baseline throughput in MiB/s, the EC2 default and minimum. */
    public static final int GP3_MIN_THROUGHPUT = 125;
    /** gp3's baseline IOPS, what EC2 provisions when none are asked for. */
    public static final int GP3_BASELINE_IOPS = 3000;

    private final String wireName;
    private final IopsLimits iopsLimits;

    VolumeType(String wireName, IopsLimits iopsLimits) {
        this.wireName = wireName;
        this.iopsLimits = iopsLimits;
    }

    /** The type named {@code name} (as EC2 spells it); anything else is INVALID_ARGUMENT naming {@code key}. */
    public static VolumeType parse(String key, String name) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst()
                .orElseThrow(() -> CsiException.invalidArgument("parameter '%s': unknown volume type '%s'; allowed: %s",
                        key, name, String.join(", ", wireNames())));
    }

    static String[] wireNames() {
        return Arrays.stream(values()).map(VolumeType::wireName).toArray(String[]::new);
    }

    public String wireName() {
        return wireName;
    }

    /** The aws-ebs-csi-driver fallback limits; empty for types whose IOPS cannot be provisioned. */
    public Optional<IopsLimits> iopsLimits() {
        return Optional.ofNullable(iopsLimits);
    }

    /** Whether CreateVolume/ModifyVolume take an IOPS value for this type (io1, io2, gp3). */
    public boolean takesIops() {
        return iopsLimits != null;
    }

    /** Whether EC2 refuses this type without an IOPS value (io1, io2). */
    public boolean requiresIops() {
        return this == IO1 || this == IO2;
    }

    /** Whether CreateVolume/ModifyVolume take a throughput value for this type (gp3 only). */
    public boolean takesThroughput() {
        return this == GP3;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
