package dev.polycsi.simulator.efs;

/**
 * Hands each mount target an address of its own in 127.1.0.0/16: loopback, so that nothing can
 * leave the machine, yet distinct, so that {@code mount -t nfs4 <ip>:/} names one file system.
 */
final class MountTargetAddresses {

    private static final int CAPACITY = 65_535;

    private int issued;

    synchronized String next() {
        if (issued == CAPACITY) {
            throw EfsError.internal("the simulator has no loopback address left for another mount target");
        }
        issued++;
        return "127.1." + (issued >> 8) + "." + (issued & 0xff);
    }
}
