package dev.polycsi.spi;

import java.util.List;

/**
 * How a workload wants to use a volume.
 *
 * @param accessType  raw block device or mounted filesystem
 * @param fsType      requested filesystem type; empty when not given (or for block)
 * @param mountFlags  extra mount options from the StorageClass / PV
 * @param mountGroup  the volume_mount_group (fsGroup) when the node supports it; empty otherwise
 * @param accessMode  the access mode
 */
public record VolumeCapability(
        AccessType accessType, String fsType, List<String> mountFlags, String mountGroup, AccessMode accessMode) {

    public VolumeCapability {
        fsType = fsType == null ? "" : fsType;
        mountFlags = mountFlags == null ? List.of() : List.copyOf(mountFlags);
        mountGroup = mountGroup == null ? "" : mountGroup;
    }

    public static VolumeCapability block(AccessMode mode) {
        return new VolumeCapability(AccessType.BLOCK, "", List.of(), "", mode);
    }

    public static VolumeCapability filesystem(String fsType, AccessMode mode) {
        return new VolumeCapability(AccessType.MOUNT, fsType, List.of(), "", mode);
    }

    public boolean isBlock() {
        return accessType == AccessType.BLOCK;
    }

    public enum AccessType {
        BLOCK,
        MOUNT
    }
}
