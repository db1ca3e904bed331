package dev.polycsi.simulator.efs;

/**
 * A simulated mount target: one per zone and file system, on a loopback address of its own so
 * that an NFS mount by IP tells which file system it is for.
 */
record MountTarget(
        long sequence,
        String id,
        String fileSystemId,
        String zone,
        String zoneId,
        String ipAddress,
        String subnetId,
        String vpcId,
        String networkInterfaceId,
        Lifecycle lifecycle) implements Sequenced {
}
