package dev.polycsi.ebs.cloud;

import java.util.Map;
import java.util.Optional;

/**
 * A volume to create.
 *
 * @param name        the CSI volume name: ClientToken source and {@code CSIVolumeName} tag
 * @param tags        every tag to set, the name tag included
 * @param snapshotId  restore from this snapshot
 * @param multiAttach io2 Multi-Attach
 * @param initializationRate EC2's VolumeInitializationRate (MiB/s) for a restore from {@code snapshotId}
 */
public record NewDisk(
        String name,
        long sizeGiB,
        String zone,
        String type,
        Optional<Integer> iops,
        Optional<Integer> throughput,
        boolean encrypted,
        Optional<String> kmsKeyId,
        Map<String, String> tags,
        Optional<String> snapshotId,
        boolean multiAttach,
        Optional<String> outpostArn,
        Optional<Integer> initializationRate) {

    public NewDisk {
        tags = Map.copyOf(tags);
    }

    /** A volume restored or made at EC2's default initialization rate. */
    public NewDisk(String name, long sizeGiB, String zone, String type, Optional<Integer> iops, Optional<Integer> throughput,
            boolean encrypted, Optional<String> kmsKeyId, Map<String, String> tags, Optional<String> snapshotId, boolean multiAttach,
            Optional<String> outpostArn) {
        this(name, sizeGiB, zone, type, iops, throughput, encrypted, kmsKeyId, tags, snapshotId, multiAttach, outpostArn, Optional.empty());
    }
}
