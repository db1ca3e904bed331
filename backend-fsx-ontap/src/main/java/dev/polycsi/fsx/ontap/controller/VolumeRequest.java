package dev.polycsi.fsx.ontap.controller;

import dev.polycsi.fsx.ontap.cloud.NewVolume;
import dev.polycsi.fsx.ontap.cloud.OntapVolume;
import dev.polycsi.fsx.ontap.params.OntapSettings;
import dev.polycsi.fsx.ontap.params.OntapTags;
import dev.polycsi.spi.CsiException;
import dev.polycsi.spi.controller.CapacityRange;
import java.util.Map;
import java.util.Optional;

/**
 * What one CreateVolume asks for, and whether a volume found under its name is that volume.
 *
 * @param csiName   the PV name, the volume's {@code CSIVolumeName} tag
 * @param ontapName the legal ONTAP name it maps to, unique in the SVM
 * @param fromBackup the backup to restore, for a volume made from a snapshot
 */
record VolumeRequest(String csiName, String ontapName, OntapSettings settings, long sizeBytes, CapacityRange range,
        String junctionPath, Map<String, String> tags, Optional<String> fromBackup) {

    NewVolume create(String clientToken) {
        return new NewVolume(ontapName, settings, sizeBytes, junctionPath, tags, fromBackup, clientToken);
    }

    /**
     * ALREADY_EXISTS unless {@code volume} is this request's volume: made for this PV name, in the
     * file system and SVM asked for, of the style asked for, and of a size within the range. A
     * volume of the same ONTAP name made for another PV or by someone else keeps its name: FSx
     * names are unique in an SVM, so this PV cannot have a volume there until it is gone.
     */
    void requireCompatible(OntapVolume volume) {
        Optional<String> madeFor = volume.volumeName(OntapTags.VOLUME_NAME_TAG);
        if (!madeFor.equals(Optional.of(csiName))) {
            throw CsiException.alreadyExists("SVM %s already has a volume named %s (%s), %s; volume %s cannot be created under "
                    + "that name", volume.storageVirtualMachineId(), ontapName, volume.id(),
                    madeFor.map(name -> "made for volume " + name).orElse("not made by a CSI driver"), csiName);
        }
        if (!volume.fileSystemId().equals(settings.fileSystemId()) || !volume.storageVirtualMachineId().equals(settings.storageVirtualMachineId())) {
            throw CsiException.alreadyExists("volume %s exists as %s in file system %s, SVM %s; this request asks for file system %s, "
                    + "SVM %s", csiName, volume.id(), volume.fileSystemId(), volume.storageVirtualMachineId(), settings.fileSystemId(),
                    settings.storageVirtualMachineId());
        }
        boolean wantsFlexGroup = settings.volumeStyle() == OntapSettings.VolumeStyle.FLEXGROUP;
        if (volume.flexGroup() != wantsFlexGroup) {
            throw CsiException.alreadyExists("volume %s exists as %s, a %s; this request asks for a %s", csiName, volume.id(),
                    volume.flexGroup() ? "FlexGroup" : "FlexVol", wantsFlexGroup ? "FlexGroup" : "FlexVol");
        }
        if (!range.accepts(volume.sizeBytes())) {
            throw CsiException.alreadyExists("volume %s exists as %s with %d bytes, outside the range asked for (%d to %s bytes)",
                    csiName, volume.id(), volume.sizeBytes(), range.requiredBytes(),
                    range.limitBytes() == 0 ? "any" : Long.toString(range.limitBytes()));
        }
    }
}
