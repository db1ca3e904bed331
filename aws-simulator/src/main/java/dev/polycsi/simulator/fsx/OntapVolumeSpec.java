package dev.polycsi.simulator.fsx;

import java.util.Optional;

/**
 * What an ONTAP volume was created with, its defaults filled in, and changed since by
 * UpdateVolume's settings; its size in force may differ while an update runs (see
 * {@link OntapVolume#sizeInBytes}).
 *
 * @param junctionPath       where it is mounted in its SVM's namespace; a DP volume may have none
 * @param sizeInBytes        as created (SizeInMegabytes is taken as MiB)
 * @param storageEfficiency  required for RW volumes; echoed only when given
 * @param volumeType         RW or DP
 * @param flexGroup          a FLEXGROUP volume's layout; empty for FLEXVOL
 */
record OntapVolumeSpec(String name, String svmId, Optional<String> junctionPath, long sizeInBytes, Optional<Boolean> storageEfficiency,
        String securityStyle, Tiering tiering, String snapshotPolicy, boolean copyTagsToBackups, String volumeType,
        Optional<FlexGroupLayout> flexGroup) {

    String volumeStyle() {
        return flexGroup.isPresent() ? "FLEXGROUP" : "FLEXVOL";
    }

    boolean dataProtection() {
        return volumeType.equals("DP");
    }

    /** UpdateVolume's settings, each kept unless given. */
    OntapVolumeSpec withSettings(Optional<String> newJunctionPath, Optional<String> newSecurityStyle, Optional<Boolean> newStorageEfficiency,
            Optional<Tiering> newTiering, Optional<String> newSnapshotPolicy, Optional<Boolean> newCopyTagsToBackups) {
        return new OntapVolumeSpec(name, svmId, newJunctionPath.or(() -> junctionPath), sizeInBytes,
                newStorageEfficiency.or(() -> storageEfficiency), newSecurityStyle.orElse(securityStyle), newTiering.orElse(tiering),
                newSnapshotPolicy.orElse(snapshotPolicy), newCopyTagsToBackups.orElse(copyTagsToBackups), volumeType, flexGroup);
    }
}
