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

    /** How many were handed out: saved, so that a restarted simulator never hands one out twice. */
    synchronized int issued() {
        return issued;
    }

    synchronized void continueAfter(int alreadyIssued) {
        if (alreadyIssued < 0 || alreadyIssued > CAPACITY) {
            throw new IllegalArgumentException("mount target addresses issued must be 0 to " + CAPACITY + ", not " + alreadyIssued);
        }
        issued = alreadyIssued;
    }
}
