package dev.polycsi.simulator.fsx;

import java.time.Instant;
import java.util.List;

/**
 * An ONTAP storage virtual machine, CREATED from the start (the simulator does not create SVMs):
 * its NFS, SMB and management endpoints share one DNS name and {@code nfsIps}; iSCSI has its own.
 *
 * @param rootVolumeSecurityStyle the default SecurityStyle of its volumes: UNIX, NTFS or MIXED
 */
record Svm(long sequence, String id, String fileSystemId, String name, String uuid, String rootVolumeSecurityStyle, List<String> nfsIps,
        List<String> iscsiIps, Instant createdAt, List<Tag> tags) {

    Svm {
        nfsIps = List.copyOf(nfsIps);
        iscsiIps = List.copyOf(iscsiIps);
        tags = List.copyOf(tags);
    }

    Svm withTags(List<Tag> newTags) {
        return new Svm(sequence, id, fileSystemId, name, uuid, rootVolumeSecurityStyle, nfsIps, iscsiIps, createdAt, newTags);
    }
}
