package dev.polycsi.efs.params;

import java.util.Optional;

/**
 * The access point a CreateVolume asks for, from the StorageClass parameters and the request.
 *
 * @param clientToken   CreateAccessPoint's idempotency token: the volume name (hashed if longer than
 *                      64 characters), or with reuseAccessPoint sha256 of the PVC name
 * @param uid           the uid asked for; empty means the allocated GID
 * @param gid           the gid asked for; empty means allocate one from {@code gidRange}
 * @param permissions   octal mode of the root directory
 * @param rootDirectory absolute path of the root directory in the file system
 */
public record AccessPointSettings(
        String fileSystemId,
        String clientToken,
        boolean reuseAccessPoint,
        Optional<Long> uid,
        Optional<Long> gid,
        GidRange gidRange,
        String permissions,
        String rootDirectory,
        Optional<String> az,
        boolean enforceZoneAffinity,
        boolean tagging) {

    public boolean needsAllocatedId() {
        return uid.isEmpty() || gid.isEmpty();
    }
}
