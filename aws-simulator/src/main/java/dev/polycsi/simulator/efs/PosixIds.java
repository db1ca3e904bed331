package dev.polycsi.simulator.efs;

/** EFS accepts POSIX user and group ids from 0 to 2^32 - 1. */
final class PosixIds {

    static final long MAX = 4_294_967_295L;

    private PosixIds() {
    }

    static void require(String field, long id) {
        if (id < 0 || id > MAX) {
            throw EfsError.badRequest("%s must be between 0 and %d, not %d.", field, MAX, id);
        }
    }
}
