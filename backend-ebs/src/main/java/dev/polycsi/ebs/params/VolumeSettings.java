package dev.polycsi.ebs.params;

import java.util.Map;
import java.util.Optional;

/**
 * What a StorageClass (and a VolumeAttributesClass at creation) asks of a new volume, checked and
 * resolved: IOPS computed and capped for the size, tag templates filled in.
 *
 * @param tags          tags from tagSpecification_N and --extra-create-metadata (without the name tag)
 * @param fsType        the filesystem the node will create (ext4 unless the capability or StorageClass says otherwise); empty for block
 * @param volumeContext what the node needs at NodeStage (format options), and ControllerPublishVolume (blockAttachUntilInitialized)
 * @param initializationRate EC2's VolumeInitializationRate in MiB/s, for a restore
 */
public record VolumeSettings(
        String type,
        Optional<Integer> iops,
        Optional<Integer> throughput,
        boolean encrypted,
        Optional<String> kmsKeyId,
        Map<String, String> tags,
        String fsType,
        FormatOptions format,
        Map<String, String> volumeContext,
        Optional<Integer> initializationRate) {

    public VolumeSettings {
        tags = Map.copyOf(tags);
        volumeContext = Map.copyOf(volumeContext);
    }
}
