package dev.polycsi.simulator.efs;

import java.util.regex.Pattern;

/**
 * Owner and mode EFS gives an access point's root directory when a client first mounts
 * through the access point and the directory does not exist yet.
 *
 * @param permissions octal mode bits as EFS takes them, e.g. {@code 0755} or {@code 750}
 */
record CreationInfo(long ownerUid, long ownerGid, String permissions) {

    private static final Pattern OCTAL_MODE = Pattern.compile("[0-7]{3,4}");

    CreationInfo {
        PosixIds.require("OwnerUid", ownerUid);
        PosixIds.require("OwnerGid", ownerGid);
        if (!OCTAL_MODE.matcher(permissions).matches()) {
            throw EfsError.badRequest("Permissions '%s' must be 3 or 4 octal digits, e.g. 0755.", permissions);
        }
    }

    int mode() {
        return Integer.parseInt(permissions, 8);
    }
}
