package dev.polycsi.fsx.lustre;

import dev.polycsi.fsx.lustre.params.LustreVolumeId;
import dev.polycsi.fsx.node.LustreVolumes;
import java.util.List;
import java.util.Optional;

/**
 * FSx for Lustre file systems on the node, as aws-fsx-csi-driver mounts them: handle {@code fs-…},
 * mount name {@code fsx} when the volume context gives none (SCRATCH_1 file systems have it), and
 * no mount options of the driver's own.
 */
public final class FsxLustreVolumes implements LustreVolumes {

    public static final FsxLustreVolumes INSTANCE = new FsxLustreVolumes();

    /** What SCRATCH_1 file systems are mounted as. */
    public static final String DEFAULT_MOUNT_NAME = "fsx";

    private FsxLustreVolumes() {
    }

    @Override
    public String product() {
        return "FSx for Lustre";
    }

    @Override
    public String parseId(String volumeId) {
        return LustreVolumeId.parse(volumeId).fileSystemId();
    }

    @Override
    public Optional<String> defaultMountName() {
        return Optional.of(DEFAULT_MOUNT_NAME);
    }

    @Override
    public List<String> defaultMountOptions() {
        return List.of();
    }
}
