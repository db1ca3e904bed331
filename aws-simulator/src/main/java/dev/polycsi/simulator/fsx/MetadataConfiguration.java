package dev.polycsi.simulator.fsx;

/**
 * A PERSISTENT_2 file system's metadata performance: AUTOMATIC (IOPS follow the storage capacity)
 * or USER_PROVISIONED with the IOPS asked for.
 */
record MetadataConfiguration(String mode, int userIops) {

    static final String AUTOMATIC = "AUTOMATIC";
    static final String USER_PROVISIONED = "USER_PROVISIONED";

    /**
     * The IOPS in force. In AUTOMATIC mode they grow with the capacity as the Lustre guide's
     * table has it as far as we know (1200 GiB: 1500, 2400: 3000, up to 9600: 6000, up to
     * 45600: 12000, then 12000 per 24000 GiB); not confirmed from a primary source.
     */
    int iops(int storageCapacityGiB) {
        if (!mode.equals(AUTOMATIC)) {
            return userIops;
        }
        if (storageCapacityGiB <= 1200) {
            return 1500;
        }
        if (storageCapacityGiB <= 2400) {
            return 3000;
        }
        if (storageCapacityGiB <= 9600) {
            return 6000;
        }
        if (storageCapacityGiB <= 45600) {
            return 12000;
        }
        return Math.min(192_000, 12000 * (int) Math.ceil(storageCapacityGiB / 24000.0));
    }
}
