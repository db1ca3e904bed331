package dev.polycsi.fsx.ontap.cloud;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * An FSx for ONTAP volume, as DescribeVolumes shows it.
 *
 * @param name          the ONTAP name (letters, digits, underscores)
 * @param junctionPath  where the SVM's NFS namespace mounts it; empty for a volume without one
 * @param constituents  a FlexGroup's constituents; 1 for a FlexVol
 * @param failure       FSx's LifecycleTransitionReason when the volume FAILED
 * @param resize        the latest size change FSx has recorded, if any
 */
public record OntapVolume(
        String id,
        String name,
        String fileSystemId,
        String storageVirtualMachineId,
        Lifecycle lifecycle,
        long sizeBytes,
        Optional<String> junctionPath,
        boolean flexGroup,
        int constituents,
        Map<String, String> tags,
        Instant creationTime,
        Optional<String> failure,
        Optional<Resize> resize) {

    public OntapVolume {
        tags = Map.copyOf(tags);
    }

    /** FSx's VolumeLifecycle; ONTAP volumes are ready at CREATED (AVAILABLE is OpenZFS's). */
    public enum Lifecycle {
        CREATING, CREATED, DELETING, FAILED, MISCONFIGURED, PENDING, AVAILABLE, UNKNOWN;

        /** A volume that is or may become usable. */
        public boolean isLive() {
            return this != FAILED && this != DELETING;
        }
    }

    /** A VOLUME_UPDATE that changes the size: its status, the size asked for, when, and FSx's reason when it FAILED. */
    public record Resize(String status, long targetBytes, Instant requestTime, Optional<String> failure) {

        public boolean failed() {
            return status.equals("FAILED");
        }
    }

    /** The {@code CSIVolumeName} tag: the PV this volume was made for, empty for volumes made otherwise. */
    public Optional<String> volumeName(String tagKey) {
        return Optional.ofNullable(tags.get(tagKey));
    }
}
