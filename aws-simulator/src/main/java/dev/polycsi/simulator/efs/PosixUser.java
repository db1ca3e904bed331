package dev.polycsi.simulator.efs;

import java.util.List;

/** The identity an access point imposes on every NFS request made through it. */
record PosixUser(long uid, long gid, List<Long> secondaryGids) {

    static final int MAX_SECONDARY_GIDS = 16;

    PosixUser {
        secondaryGids = List.copyOf(secondaryGids);
        PosixIds.require("Uid", uid);
        PosixIds.require("Gid", gid);
        secondaryGids.forEach(id -> PosixIds.require("SecondaryGids", id));
        if (secondaryGids.size() > MAX_SECONDARY_GIDS) {
            throw EfsError.badRequest("PosixUser accepts at most %d SecondaryGids.", MAX_SECONDARY_GIDS);
        }
    }
}
